import { type Logger, USEAPI_DEPRECATION_NOTICE } from '@ltx-jobs/core';

/**
 * The core's log sink for a terminal: warnings and errors go to stderr as `warning: …` lines; info and
 * debug only when `debug` is set (`LTX_JOBS_DEBUG=1`). The core never puts a secret in a log entry.
 * useapi's deprecation notice is left out: the CLI prints it once itself, before anything is sent.
 */
export function createStderrLogger(write: (line: string) => void, debug: boolean): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    message !== USEAPI_DEPRECATION_NOTICE &&
    write(
      `${level}: ${message}${fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : ''}`,
    );
  return {
    debug: (message, fields) => debug && line('debug', message, fields),
    info: (message, fields) => debug && line('info', message, fields),
    warn: (message, fields) => line('warning', message, fields),
    error: (message, fields) => line('warning', message, fields),
  };
}
