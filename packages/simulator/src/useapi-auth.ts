import { bearerToken, type Exchange, sendJson, useapiError } from './http-kit.js';
import type { SimContext } from './sim-context.js';

/** Checks the useapi bearer token; answers 401 `{error:'Unauthorized', code:401}` and returns false otherwise. */
export function useapiAuthorized(ctx: SimContext, ex: Exchange): boolean {
  if (bearerToken(ex.req) === ctx.options.useapiToken) return true;
  ex.req.resume();
  sendJson(ex, 401, useapiError(401, 'Unauthorized'));
  return false;
}

/** Answers a useapi error `{error, code}` with `code` as the HTTP status. */
export function sendUseapiError(ex: Exchange, code: number, message: string): void {
  sendJson(ex, code, useapiError(code, message));
}
