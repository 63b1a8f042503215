/**
 * Runs at most `n` tasks at once, in the order they were given (ffmpeg runs, file reads). A task's
 * rejection reaches its caller and frees its place like a success does.
 * @param n tasks at once, at least 1
 */
export function createLimiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= Math.max(1, n)) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
