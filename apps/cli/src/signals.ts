import { EXIT } from './exit-codes.js';

/** An AbortSignal cut by the first Ctrl-C; a second Ctrl-C exits at once with code 130. */
export interface Interrupt {
  signal: AbortSignal;
  /** True once SIGINT arrived. */
  readonly interrupted: boolean;
  /** Stops listening for SIGINT. */
  dispose(): void;
}

/** Listens for SIGINT so a watch can stop cleanly (the paid job goes on) instead of dying mid-write. */
export function listenForInterrupt(): Interrupt {
  const controller = new AbortController();
  let count = 0;
  const onSigint = () => {
    count += 1;
    if (count > 1) process.exit(EXIT.interrupted);
    controller.abort(new Error('Interrupted (SIGINT)'));
  };
  process.on('SIGINT', onSigint);
  return {
    signal: controller.signal,
    get interrupted() {
      return count > 0;
    },
    dispose() {
      process.off('SIGINT', onSigint);
    },
  };
}
