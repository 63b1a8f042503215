import type { Logger } from '@ltx-jobs/core';
import type * as vscode from 'vscode';

const SECRET_KEY = /authorization|api[-_]?key|token|secret|password|cookie/i;

/**
 * Field values whose key names a secret are replaced by `[redacted]`. The core never passes a token;
 * this is a second fence so that a mistake elsewhere cannot put one into the log.
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : value;
  return out;
}

/** `message {"field":1}`: one line per entry in the "LTX Jobs" log channel. */
export function formatLogLine(message: string, fields?: Record<string, unknown>): string {
  if (fields === undefined || Object.keys(fields).length === 0) return message;
  try {
    return `${message} ${JSON.stringify(redactFields(fields))}`;
  } catch {
    return message;
  }
}

/** A core {@link Logger} that writes to the extension's LogOutputChannel (its level filter applies). */
export function createChannelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    debug: (message, fields) => channel.debug(formatLogLine(message, fields)),
    info: (message, fields) => channel.info(formatLogLine(message, fields)),
    warn: (message, fields) => channel.warn(formatLogLine(message, fields)),
    error: (message, fields) => channel.error(formatLogLine(message, fields)),
  };
}
