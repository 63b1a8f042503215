// An esbuild plugin for bundles that never open a ledger (the extension's main and team bundles, the
// gallery bench): core's own dynamic imports (the ledger's record check, intent schema, legacy
// lines) are left to run time. Otherwise esbuild wraps everything they reach (core's errors, job
// states, intents) for lazy initialisation and, for a binding made through core's index, leaves out
// the call that initialises it: its constants read undefined (`isTerminal` threw on `.includes`).

/** Leaves core's dynamic imports (from packages/core/dist) out of the bundle. */
export const coreLazyImportsLeftOut = {
  name: 'core-lazy-imports-left-out',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && /[\\/]packages[\\/]core[\\/]dist[\\/]/.test(args.importer)
        ? { path: args.path, external: true }
        : undefined,
    );
  },
};
