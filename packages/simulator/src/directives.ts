import type { JobFaults } from './faults.js';

const DIRECTIVE = /\[sim:([a-z-]+)(?:=([^\]]*))?\]/g;

type Setter = (faults: JobFaults, value: string | undefined) => string | undefined;

function nonNegativeInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function numberSetter(
  key: 'noArtifactPolls' | 'pendingMs' | 'processingMs' | 'retentionMs' | 'slowDownload',
): Setter {
  return (faults, value) => {
    const n = nonNegativeInt(value);
    if (n === undefined) return 'needs a whole number, e.g. =3';
    faults[key] = n;
    return undefined;
  };
}

function textSetter(key: 'fail' | 'unknownStatus' | 'resultUrl'): Setter {
  return (faults, value) => {
    if (value === undefined || value.trim() === '') return 'needs a value, e.g. =content_filtered_error';
    faults[key] = value.trim();
    return undefined;
  };
}

function flagSetter(key: 'cutDownload' | 'insufficientFunds'): Setter {
  return (faults, value) => {
    if (value !== undefined && value !== 'true' && value !== 'false')
      return 'takes no value (or =true/=false)';
    faults[key] = value !== 'false';
    return undefined;
  };
}

/** Every `[sim:...]` directive a prompt may carry, and what it sets in {@link JobFaults}. */
export const DIRECTIVES: Record<string, Setter> = {
  fail: textSetter('fail'),
  'unknown-status': textSetter('unknownStatus'),
  'no-artifact': numberSetter('noArtifactPolls'),
  'cut-download': flagSetter('cutDownload'),
  'slow-download': numberSetter('slowDownload'),
  'insufficient-funds': flagSetter('insufficientFunds'),
  'pending-ms': numberSetter('pendingMs'),
  'processing-ms': numberSetter('processingMs'),
  'retention-ms': numberSetter('retentionMs'),
  'result-url': textSetter('resultUrl'),
};

/** The result of reading a prompt's directives: the faults, or an error naming the bad directive. */
export type DirectiveResult = { ok: true; faults: JobFaults } | { ok: false; message: string };

/**
 * Reads `[sim:key]` / `[sim:key=value]` directives from a prompt, e.g.
 * `"a cat [sim:fail=content_filtered_error] [sim:processing-ms=500]"`. Text without directives gives `{}`.
 */
export function parseDirectives(prompt: unknown): DirectiveResult {
  const faults: JobFaults = {};
  if (typeof prompt !== 'string') return { ok: true, faults };
  for (const match of prompt.matchAll(DIRECTIVE)) {
    const key = match[1] ?? '';
    const setter = DIRECTIVES[key];
    if (setter === undefined) {
      const known = Object.keys(DIRECTIVES).join(', ');
      return { ok: false, message: `prompt: unknown simulator directive [sim:${key}]; known: ${known}` };
    }
    const problem = setter(faults, match[2]);
    if (problem !== undefined) return { ok: false, message: `prompt: directive [sim:${key}] ${problem}` };
  }
  return { ok: true, faults };
}
