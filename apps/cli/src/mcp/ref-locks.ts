/** Runs work keyed by a job ref one at a time per key (calls on other keys run in parallel). */
export interface RefLocks {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * Per-key turn-taking for the MCP server: two tool calls on one job (a wait and a download, say) never
 * drive two runners over the same record or the same part file at once.
 */
export function createRefLocks(): RefLocks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
