// The HTTP side of `windtunnel serve`: Airflow's REST API v2 (the subset the engine answers) over a
// live simulation, for clients that talk to Airflow (curl, a website's push code, the Python
// client). Loopback only by default. The path is decoded once (core/rest/request_path.ts) and the
// token is checked on the router's answer for that path (access.ts): every route but the ones
// Airflow leaves open needs it. Bodies are size-limited and parsed as FastAPI parses them
// (json_body.ts); every handler is wrapped, so a failure is a bare 500, never a crash or a stack.
// Connections are capped per client address and in all (connection_guard.ts). The server reads no
// files and writes none. /windtunnel/state hands the explorer the run so far, or what changed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveRequest, LiveSimulation } from './live.js';
import { routeRequest } from '../../core/index.js';
import { normalizeRequestPath, splitTarget } from '../../core/index.js';
import { parseQueryString, queryValue } from '../../core/index.js';
import { checkBearer, needsToken } from './access.js';
import { parseBody } from './json_body.js';
import { DEFAULT_CONNECTION_LIMITS, guardConnections, type ConnectionLimits } from './connection_guard.js';

export { parseBody, pythonJsonError } from './json_body.js';

export interface ServerOptions {
  live: LiveSimulation;
  host: string;
  port: number;
  token: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** How often the clock catches up when no request comes (wall ms). */
  tickMs: number;
  /**
   * Requests arriving within this many wall ms after the previous batch wait for the next one:
   * fewer, larger batches, so the scheduler acts once per batch rather than once per request.
   */
  batchMs?: number;
  /** One line per request (off by default: it costs more than the request at 1,000/s). */
  accessLog?: (line: string) => void;
  /** Problems worth a line on stderr (5xx answers). */
  errorLog?: (line: string) => void;
  /** Connections per client address and in all (DEFAULT_CONNECTION_LIMITS when absent). */
  connections?: ConnectionLimits;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

interface Pending extends LiveRequest {
  res: ServerResponse;
  started: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
export const isLoopback = (host: string) => LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * Pages that may read /windtunnel/* from another origin: the explorer, served on loopback by
 * `npm start`'s browser fallback (another port) or as app://windtunnel in the desktop app. The
 * token is still required; this only lets those pages see the answers.
 */
export function explorerOrigin(origin: string | undefined): string | null {
  if (!origin) return null;
  if (origin === 'app://windtunnel') return origin;
  const m = /^https?:\/\/([^/:]+|\[::1\])(:\d+)?$/.exec(origin);
  return m && isLoopback(m[1]) ? origin : null;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { live } = opts;
  const tokenBytes = Buffer.from(opts.token, 'utf8');
  const checkHost = isLoopback(opts.host);
  let queue: Pending[] = [];
  let drainScheduled = false;
  let lastDrain = -Infinity;
  const batchMs = opts.batchMs ?? 0;

  const send = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}, head = false) => {
    if (res.headersSent || res.destroyed) return;
    const text = typeof body === 'string' && status >= 500 ? body : JSON.stringify(body ?? null);
    const type = typeof body === 'string' && status >= 500 ? 'text/plain; charset=utf-8' : 'application/json';
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...SECURITY_HEADERS, ...extra });
    res.end(head ? undefined : text);
  };
  /** Starlette's answer to an exception: a bare 500; the details go to the server's log only. */
  const internal = (res: ServerResponse, where: string, err: unknown, extra: Record<string, string> = {}) => {
    opts.errorLog?.(`internal error (${where}): ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    try { send(res, 500, 'Internal Server Error', extra); } catch { res.destroy(); }
  };

  const drain = () => {
    drainScheduled = false;
    lastDrain = performanceNow();
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let answers;
    try {
      answers = live.batch(batch);
    } catch (err) {
      for (const p of batch) internal(p.res, 'batch', err);
      return;
    }
    batch.forEach((p, i) => {
      try {
        const a = answers[i];
        if (a.status >= 500) opts.errorLog?.(`${p.method} ${p.target} -> ${a.status} ${a.error ?? ''}`);
        opts.accessLog?.(`${p.method} ${p.target} ${a.status} ${(performanceNow() - p.started).toFixed(1)}ms`);
        send(p.res, a.status, a.body, {}, p.method === 'HEAD');
      } catch (err) {
        internal(p.res, 'answer', err);
      }
    });
  };

  const enqueue = (p: Pending) => {
    queue.push(p);
    if (!drainScheduled) {
      drainScheduled = true;
      const wait = lastDrain + batchMs - performanceNow();
      if (wait > 0) setTimeout(drain, wait);
      else setImmediate(drain);
    }
  };

  // As Airflow's api_fastapi security: no token 401 (with the Bearer challenge), a token it cannot
  // verify 403 "Invalid JWT token" (checked with apache-airflow-client against a real 3.3 api-server).
  const unauthorized = (res: ServerResponse, check: 'missing' | 'invalid', extra: Record<string, string>, head: boolean) =>
    check === 'missing'
      ? send(res, 401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Bearer', ...extra }, head)
      : send(res, 403, { detail: 'Invalid JWT token' }, extra, head);

  /** /windtunnel/*: the explorer's reads, token required, CORS for the origins it runs at. */
  const own = (req: IncomingMessage, res: ServerResponse, method: string, path: string, rawQuery: string) => {
    drainBody(req);
    const head = method === 'HEAD';
    // A CORS preflight (which carries no token) is answered for the explorer's origins, and their
    // answers may be read.
    const allowed = explorerOrigin(req.headers.origin);
    const cors: Record<string, string> = allowed
      ? { 'access-control-allow-origin': allowed, 'access-control-expose-headers': 'x-windtunnel-cursor', vary: 'Origin' }
      : { vary: 'Origin' };
    if (method === 'OPTIONS') {
      if (!allowed) { send(res, 403, { detail: 'Origin not allowed' }, { vary: 'Origin' }); return; }
      res.writeHead(204, {
        ...SECURITY_HEADERS, ...cors, 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': 'authorization',
        'access-control-max-age': '600', 'content-length': '0',
      });
      res.end();
      return;
    }
    const check = checkBearer(req.headers.authorization, tokenBytes);
    if (check !== 'ok') { unauthorized(res, check, cors, head); return; }
    if (method !== 'GET' && method !== 'HEAD') { send(res, 405, { detail: 'Method Not Allowed' }, { allow: 'GET', ...cors }, head); return; }
    if (path === '/windtunnel/state') {
      const since = queryValue(parseQueryString(rawQuery), 'since');
      if (since === undefined) {
        const { state, cursor } = live.stateWithCursor();
        send(res, 200, state, { ...cors, 'x-windtunnel-cursor': cursor }, head);
      } else {
        const c = live.changes(since);
        if (c.ok) send(res, 200, c.body, cors, head);
        else send(res, 400, { detail: c.detail }, cors, head);
      }
    } else if (path === '/windtunnel/clock') {
      send(res, 200, { ...live.clock(), connections: guard.stats() }, cors, head);
    } else {
      send(res, 404, { detail: 'Not Found' }, cors, head);
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const started = performanceNow();
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const head = method === 'HEAD';
    // DNS rebinding: a page elsewhere must not reach a loopback server through its own host name.
    if (checkHost) {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!isLoopback(host)) { drainBody(req); send(res, 403, { detail: `Host ${JSON.stringify(req.headers.host ?? '')} not allowed: windtunnel serve answers loopback names only` }, {}, head); return; }
    }
    // One decoding of the path, for everything below: the token check, routing, the explorer's routes.
    const { rawPath, rawQuery } = splitTarget(target);
    const decoded = normalizeRequestPath(rawPath);
    if (!decoded.ok) { drainBody(req); send(res, decoded.status, { detail: decoded.detail }, {}, head); return; }
    const path = decoded.path;
    if (path.startsWith('/windtunnel/')) { own(req, res, method, path, rawQuery); return; }
    if (!path.startsWith('/api/')) { drainBody(req); send(res, 404, { detail: 'Not Found' }, {}, head); return; }
    const routed = routeRequest(live.profile, method, target);
    if (needsToken(routed)) {
      const check = checkBearer(req.headers.authorization, tokenBytes);
      if (check !== 'ok') { drainBody(req); unauthorized(res, check, {}, head); return; }
    }
    // Answered by routing alone (404, 405, a refused path): no body to read, nothing to simulate.
    if (routed.kind === 'response') { drainBody(req); send(res, routed.status, routed.body, routed.headers, head); return; }
    readBody(req, opts.maxBodyBytes, (result) => {
      try {
        if (result.kind === 'too_large') {
          send(res, 413, { detail: `Request body too large (limit ${opts.maxBodyBytes} bytes)` }, { connection: 'close' }, head);
          return;
        }
        if (result.kind === 'aborted') return;
        const parsed = parseBody(result.bytes, req.headers['content-type']);
        if (parsed.kind === 'invalid') { send(res, parsed.status, parsed.body, {}, head); return; }
        enqueue({ method, target, body: parsed.body, res, started });
      } catch (err) {
        internal(res, 'body', err);
      }
    });
  };

  const server = createServer({
    maxHeaderSize: 16 * 1024,
    // Node looks for connections past their header or request deadline this often (default 30 s:
    // idle connections then held their slots for half a minute).
    connectionsCheckingInterval: 1_000,
    headersTimeout: 10_000,
    requestTimeout: 20_000,
  }, (req, res) => {
    try { handle(req, res); } catch (err) { internal(res, 'request', err); }
  });
  server.keepAliveTimeout = 5_000;
  const guard = guardConnections(server, opts.connections ?? DEFAULT_CONNECTION_LIMITS);
  // CONNECT (a proxy tunnel) bypasses the request handler in Node: refuse it as Starlette would.
  server.on('connect', (_req, socket: import('node:stream').Duplex) => {
    // Destroyed once written: the socket is paused, so it would never read the client's end.
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 31\r\n\r\n{"detail":"Method Not Allowed"}', () => socket.destroy());
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n', () => socket.destroy());
    else socket.destroy();
  });

  // The clock keeps moving without requests: tries finish, scheduled runs appear. A slow tick (a
  // big simulation) waits twice its own time before the next, so ticking never takes more than a
  // third of the server's time and requests are answered between ticks.
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    const t0 = performanceNow();
    try { live.tick(); } catch (err) { opts.errorLog?.(`clock: ${err instanceof Error ? err.message : String(err)}`); }
    timer = setTimeout(tick, Math.max(opts.tickMs, 2 * (performanceNow() - t0)));
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const hostText = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      timer = setTimeout(tick, opts.tickMs);
      resolve({
        url: `http://${hostText}:${port}`,
        port,
        server,
        close: () => new Promise<void>((done) => {
          if (timer) clearTimeout(timer);
          timer = null;
          server.close(() => done());
          server.closeIdleConnections();
          // A connection still busy after a grace period (a client that never finishes its body) is cut.
          setTimeout(() => server.closeAllConnections(), 2_000).unref();
        }),
      });
    });
  });
}

function performanceNow(): number {
  return performance.now();
}

/** Consume and discard a body we answer without reading (so keep-alive stays in sync). */
function drainBody(req: IncomingMessage): void {
  req.resume();
}

type BodyResult = { kind: 'ok'; bytes: Buffer } | { kind: 'too_large' } | { kind: 'aborted' };

function readBody(req: IncomingMessage, limit: number, done: (r: BodyResult) => void): void {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    done({ kind: 'too_large' });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  req.on('data', (c: Buffer) => {
    if (finished) return;
    size += c.length;
    if (size > limit) {
      finished = true;
      done({ kind: 'too_large' });
      req.resume();
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (finished) return;
    finished = true;
    done({ kind: 'ok', bytes: Buffer.concat(chunks) });
  });
  req.on('aborted', () => {
    if (finished) return;
    finished = true;
    done({ kind: 'aborted' });
  });
  req.on('error', () => {
    if (finished) return;
    finished = true;
    done({ kind: 'aborted' });
  });
}
