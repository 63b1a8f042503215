/** Units of {@link formatBytes}: binary multiples with their IEC names (1 KiB = 1024 B). */
export const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * A byte count as the CLI and the extension both show it: binary units with IEC names and one
 * decimal above bytes, e.g. `512 B`, `1.5 KiB`, `12.3 MiB`, `1.2 GiB`. Negative or non-finite input
 * counts as 0.
 * @param bytes size in bytes
 */
export function formatBytes(bytes: number): string {
  let value = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}
