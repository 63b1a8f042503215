import type { Logger } from '../deps.js';
import { redactDeep, redactSecrets } from './secrets.js';

const WRAPPED = Symbol.for('ltx-jobs.redacting-logger');

/**
 * `logger` with every registered secret ({@link redactSecrets}) cut from each message and field before
 * it reaches the sink: the last fence in front of a terminal or a VS Code log channel. `createDeps`
 * puts every logger behind it, so no front end has to remember to.
 */
export function redactingLogger(logger: Logger): Logger {
  if ((logger as { [WRAPPED]?: true })[WRAPPED]) return logger;
  const clean =
    (write: Logger['info']) =>
    (message: string, fields?: Record<string, unknown>): void =>
      write(redactSecrets(message), fields === undefined ? undefined : redactDeep(fields));
  return Object.assign(
    {
      debug: clean((m, f) => logger.debug(m, f)),
      info: clean((m, f) => logger.info(m, f)),
      warn: clean((m, f) => logger.warn(m, f)),
      error: clean((m, f) => logger.error(m, f)),
    },
    { [WRAPPED]: true as const },
  );
}
