// The `ltxJobs.queue.url` setting and the password kept in SecretStorage -> the URL the queue is
// opened with. Pure (no vscode); runs in dist/team.js, which loads only when the setting is set.
import { ConfigError } from '@ltx-jobs/core';
import { parseRedisTarget, redactRedisUrl } from '@ltx-jobs/queue';

/** The setting that switches the extension to a team queue. */
export const QUEUE_URL_SETTING = 'ltxJobs.queue.url';

/** The title of the command that stores the queue's password. */
export const SET_PASSWORD_COMMAND = 'LTX Jobs: Set Team Queue Password';

/** The queue to open: its URL with the password (never shown) and the same without it. */
export interface QueueConnection {
  /** Holds the password, if any: give it to the Redis client only. */
  url: string;
  /** Safe to show: `redis://user:***@host:port/db`. */
  shown: string;
}

/**
 * Checks the setting's URL (a `redis://` or `rediss://` URL without a password) and puts the stored
 * password in. A password in the setting is refused: settings are plain text (and may sync), the
 * password belongs in VS Code's secret storage. Throws a ConfigError that names the setting and never
 * shows a password.
 */
export function queueConnection(setting: string, password: string | undefined): QueueConnection {
  const text = setting.trim();
  const target = parseRedisTarget(text, QUEUE_URL_SETTING);
  const parsed = new URL(target.url);
  if (parsed.password !== '') {
    parsed.password = '';
    throw new ConfigError(
      `${QUEUE_URL_SETTING} carries a password (${redactRedisUrl(text)}): settings are stored in plain text. ` +
        `Remove it from the setting (${withoutPassword(parsed)}) and run "${SET_PASSWORD_COMMAND}"; the password is kept in VS Code's secret storage.`,
    );
  }
  if (password === undefined || password === '') return { url: target.url, shown: target.shown };
  // A password needs a user in a URL: Redis' default user is `default` (AUTH <password> alone).
  if (parsed.username === '') parsed.username = 'default';
  parsed.password = encodeURIComponent(password);
  const url = parsed.toString();
  return { url, shown: redactRedisUrl(url) };
}

function withoutPassword(url: URL): string {
  const shown = url.toString();
  return url.username === '' ? shown : shown.replace(`${url.username}:@`, `${url.username}@`);
}
