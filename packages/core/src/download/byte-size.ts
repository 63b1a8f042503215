/** Multipliers of the units {@link parseByteSize} accepts (binary and decimal, case-insensitive). */
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1000 ** 4,
  tib: 1024 ** 4,
};

/**
 * A size as people write it, in bytes: `4GiB`, `500 MB`, `1.5g`, `1073741824`. `K/M/G/T` and
 * `KiB/MiB/GiB/TiB` are binary (1024), `KB/MB/GB/TB` decimal. Returns undefined for anything else,
 * for zero or negative sizes, and for sizes beyond 2^53 bytes.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}
