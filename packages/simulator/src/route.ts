import type { Exchange } from './http-kit.js';
import type { SimContext } from './sim-context.js';
import type { ApiName, Operation } from './types.js';

/** A classified request and the handler that answers it. */
export interface Route {
  api: ApiName | 'unknown';
  op: Operation;
  handle: (ctx: SimContext, ex: Exchange) => Promise<void> | void;
}
