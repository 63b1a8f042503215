import http from 'node:http';
import https from 'node:https';
import { abortError } from '../deps.js';
import type { Exchange, ExchangeAnswer, ExchangeTransport } from './exchange.js';
import { isOkStatus } from './exchange.js';
import { BodyLimitError, formatLimit, formatMs } from './guarded-body.js';

/**
 * An idle kept-alive socket is closed after this long (4 s): shorter than the 5 s keep-alive of
 * common servers, so a reused socket is rarely one the server is closing at that moment.
 */
const IDLE_SOCKET_MS = 4000;
const USER_AGENT = 'ltx-jobs';

const agents = {
  http: new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' }),
  https: new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' }),
};

function headerOf(headers: http.IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A socket error on a reused keep-alive socket before any answer: the server had closed it. */
function isStaleSocket(request: http.ClientRequest, error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return request.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
}

function send(exchange: Exchange, mayRetry: boolean): Promise<ExchangeAnswer> {
  const { signal, deadlineAt, stallMs } = exchange;
  return new Promise<ExchangeAnswer>((resolve, reject) => {
    const https_ = exchange.url.startsWith('https:');
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...exchange.headers };
    if (exchange.body !== undefined) headers['content-length'] = String(Buffer.byteLength(exchange.body));
    const request = (https_ ? https : http).request(exchange.url, {
      method: exchange.method,
      headers,
      agent: https_ ? agents.https : agents.http,
    });
    let settled = false;
    let answered = false;
    let received = 0;
    let lastDataAt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const done = () => {
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    /** Ends the exchange with `error` and destroys the socket: nothing reads on or holds the process. */
    const fail = (error: Error) => {
      if (settled) return;
      done();
      request.destroy();
      reject(error);
    };
    function onAbort() {
      fail(abortError(signal));
    }
    const arm = (now: number) => {
      const wait = answered ? Math.min(deadlineAt, lastDataAt + stallMs) - now : deadlineAt - now;
      timer = setTimeout(check, Math.max(1, Math.ceil(wait)));
    };
    function check() {
      const now = performance.now();
      if (now >= deadlineAt) {
        fail(new BodyLimitError('deadline', 'the answer did not arrive in time', received, answered));
      } else if (answered && now - lastDataAt >= stallMs) {
        fail(new BodyLimitError('stall', `no data for ${formatMs(stallMs)}`, received, true));
      } else {
        arm(now);
      }
    }

    request.on('response', (response) => {
      answered = true;
      lastDataAt = performance.now();
      // From now on the stall guard counts too: look again at the earlier of deadline and stall.
      if (timer !== undefined) clearTimeout(timer);
      arm(lastDataAt);
      const status = response.statusCode ?? 0;
      const ok = isOkStatus(status);
      const limit = ok ? exchange.maxBytes : exchange.maxErrorBytes;
      const answer = (text: string): ExchangeAnswer => ({
        status,
        statusText: response.statusMessage ?? '',
        header: (name) => headerOf(response.headers, name),
        text,
      });
      const tooLarge = () => {
        if (ok)
          fail(
            new BodyLimitError(
              'too-large',
              `the answer is larger than ${formatLimit(limit)}`,
              received,
              true,
            ),
          );
        else if (!settled) {
          // An error body too large to keep: the status is what matters.
          done();
          request.destroy();
          resolve(answer(''));
        }
      };
      if (Number(response.headers['content-length']) > limit) return tooLarge();
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        lastDataAt = performance.now();
        if (received > limit) tooLarge();
        else chunks.push(chunk);
      });
      response.on('end', () => {
        if (settled) return;
        done();
        resolve(
          answer(
            chunks.length === 1
              ? (chunks[0] as Buffer).toString('utf8')
              : Buffer.concat(chunks).toString('utf8'),
          ),
        );
      });
      response.on('close', () => {
        if (!response.complete) fail(new Error('the connection closed before the answer was complete'));
      });
      response.on('error', (error) => fail(error));
    });
    request.on('error', (error) => {
      if (settled) return;
      if (mayRetry && !answered && exchange.method === 'GET' && isStaleSocket(request, error)) {
        done();
        resolve(send(exchange, false));
        return;
      }
      fail(error);
    });

    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    arm(performance.now());
    request.end(exchange.body);
  });
}

/**
 * The API transport: node's http/https with kept-alive sockets. Much cheaper per call than Node 20's
 * fetch, and it owns its socket: a deadline, a stall, a body over its limit or an abort destroys the
 * socket at once (fetch can lose an abort and keep a trickling body open). A GET that fails on a
 * reused socket the server had just closed is sent once more on a fresh one; nothing else is retried.
 */
export const nodeTransport: ExchangeTransport = (exchange) => send(exchange, true);
