import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultRule } from './faults.js';
import { type Exchange, ltxTypeOfStatus, resetConnection, sendApiError, writeHead } from './http-kit.js';
import { ltxRoute } from './ltx-routes.js';
import { retryAfterSeconds } from './rate-limit.js';
import type { Route } from './route.js';
import type { SimContext } from './sim-context.js';
import { storageRoute } from './storage-routes.js';
import { useapiRoute } from './useapi-routes.js';

/** Picks the route of a request from its method and path segments (the path split on `/`, without the leading ''). */
export type RoutePicker = (method: string, segments: string[]) => Route;

function rootRoute(ctx: SimContext): Route {
  return {
    api: 'unknown',
    op: 'other',
    handle: (_c, ex) => {
      ex.req.resume();
      const body = JSON.stringify({
        simulator: '@ltx-jobs/simulator',
        prefixes: ['/ltx', '/useapi'],
        jobs: ctx.jobs.all().length,
      });
      writeHead(ex, ex.url.pathname === '/' ? 200 : 404, { 'content-type': 'application/json' });
      ex.res.end(body);
    },
  };
}

/** Routes of the API port: `/ltx/...` and `/useapi/...`. */
export function apiRoutes(ctx: SimContext): RoutePicker {
  return (method, segments) => {
    const [prefix, ...rest] = segments;
    if (prefix === 'ltx') return ltxRoute(method, rest);
    if (prefix === 'useapi') return useapiRoute(method, rest);
    return rootRoute(ctx);
  };
}

/** Routes of the storage port. */
export const storageRoutes: RoutePicker = storageRoute;

function applyFault(ex: Exchange, rule: FaultRule): void {
  ex.req.resume();
  if (rule.type === 'reset') {
    ex.entry.fault = 'reset';
    resetConnection(ex);
  } else if (rule.type === 'http-error') {
    const status = rule.status ?? 500;
    ex.entry.fault = `http-error:${status}`;
    sendApiError(ex, status, ltxTypeOfStatus(status), `Simulated server error (${status})`);
  } else if (rule.type === 'rate-limit') {
    ex.entry.fault = 'rate-limit';
    const retryAfter = String(rule.retryAfterSeconds ?? 1);
    sendApiError(ex, 429, 'rate_limit_error', 'Rate limit exceeded', { 'retry-after': retryAfter });
  } else if (rule.type === 'insufficient-funds') {
    ex.entry.fault = 'insufficient-funds';
    sendApiError(ex, 402, 'insufficient_funds_error', 'Insufficient funds. Required: 120 credits');
  }
}

/** Answers one request: log it, apply server-level faults, run the route, report crashes as 500. */
export async function dispatch(
  ctx: SimContext,
  pick: RoutePicker,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const route = pick(method, url.pathname.split('/').slice(1));
  const entry = ctx.log.start(req, route.api, route.op, ctx.now());
  const ex: Exchange = { req, res, url, api: route.api, entry, malformed: false, resetAfter: false };
  res.on('close', () => {
    if (entry.outcome === 'pending') entry.outcome = 'reset';
  });
  if (route.api === 'ltx') res.setHeader('x-request-id', `req_${randomUUID()}`);
  try {
    if (route.api === 'ltx' || route.api === 'useapi') {
      const rate = ctx.rateLimiter.take(route.api, ctx.now());
      if (!rate.ok) {
        ex.req.resume();
        entry.fault = 'rate-limit';
        const limit = ctx.rateLimiter.perSecond;
        sendApiError(
          ex,
          429,
          'rate_limit_error',
          `Rate limit exceeded: at most ${limit} requests per second`,
          {
            'retry-after': retryAfterSeconds(rate.retryAfterMs),
          },
        );
        return;
      }
    }
    if (route.api !== 'unknown') {
      const decision = ctx.faults.decide(route.api, route.op);
      if (decision.delayMs > 0) {
        entry.fault = `delay:${decision.delayMs}`;
        await sleep(decision.delayMs);
      }
      if (decision.shortCircuit !== undefined) return applyFault(ex, decision.shortCircuit);
      ex.malformed = decision.malformed;
      ex.resetAfter = decision.resetAfter;
      if (decision.answerDelayMs) ex.answerDelayMs = decision.answerDelayMs;
      if (decision.malformed) entry.fault = 'malformed-json';
      if (decision.resetAfter) entry.fault = 'reset-after';
    }
    await route.handle(ctx, ex);
  } catch (error) {
    try {
      if (res.headersSent) throw error;
      sendApiError(ex, 500, 'api_error', `Simulator error: ${(error as Error).message}`);
    } catch {
      req.socket.destroy();
    }
  }
}
