// The HTTP side of `windtunnel serve`: Airflow's REST API v2 (the subset the engine answers) over a
// live simulation, for clients that talk to Airflow (curl, a website's push code, the Python
// client). Loopback only by default; every route but /api/v2/version needs the bearer token; bodies
// are size-limited and parsed as FastAPI parses them, so bad JSON gets Airflow's 422 shapes; the
// server reads no files and writes none. /windtunnel/state hands the explorer the run so far.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { LiveRequest, LiveSimulation } from './live.js';

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
      opts.errorLog?.(`internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      for (const p of batch) send(p.res, 500, 'Internal Server Error');
      return;
    }
    batch.forEach((p, i) => {
      const a = answers[i];
      if (a.status >= 500) opts.errorLog?.(`${p.method} ${p.target} -> ${a.status} ${a.error ?? ''}`);
      opts.accessLog?.(`${p.method} ${p.target} ${a.status} ${(performanceNow() - p.started).toFixed(1)}ms`);
      send(p.res, a.status, a.body, {}, p.method === 'HEAD');
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

  const authorized = (req: IncomingMessage): 'ok' | 'missing' | 'invalid' => {
    const h = req.headers.authorization;
    if (!h) return 'missing';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (!m) return 'missing';
    const given = Buffer.from(m[1], 'utf8');
    return given.length === tokenBytes.length && timingSafeEqual(given, tokenBytes) ? 'ok' : 'invalid';
  };

  const server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    const started = performanceNow();
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const head = method === 'HEAD';
    // DNS rebinding: a page elsewhere must not reach a loopback server through its own host name.
    if (checkHost) {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!isLoopback(host)) { drainBody(req); send(res, 403, { detail: `Host ${JSON.stringify(req.headers.host ?? '')} not allowed: windtunnel serve answers loopback names only` }, {}, head); return; }
    }
    if (!target.startsWith('/')) { drainBody(req); send(res, 400, { detail: 'Bad Request' }, {}, head); return; }
    const path = target.split('?')[0];
    const api = path === '/api/v2' || path.startsWith('/api/v2/');
    const own = path.startsWith('/windtunnel/');
    if (!api && !own && !path.startsWith('/api/')) { drainBody(req); send(res, 404, { detail: 'Not Found' }, {}, head); return; }
    // The explorer reads /windtunnel/* from its own origin: a CORS preflight (which carries no
    // token) is answered for the origins it runs at, and their answers may be read.
    const allowed = own ? explorerOrigin(req.headers.origin) : null;
    const cors: Record<string, string> = allowed ? { 'access-control-allow-origin': allowed, vary: 'Origin' } : own ? { vary: 'Origin' } : {};
    if (own && method === 'OPTIONS') {
      drainBody(req);
      if (!allowed) { send(res, 403, { detail: 'Origin not allowed' }, { vary: 'Origin' }); return; }
      res.writeHead(204, {
        ...SECURITY_HEADERS, ...cors, 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': 'authorization',
        'access-control-max-age': '600', 'content-length': '0',
      });
      res.end();
      return;
    }
    const isPublic = path === '/api/v2/version' || (!api && !own);
    if (!isPublic) {
      const a = authorized(req);
      if (a !== 'ok') {
        drainBody(req);
        send(res, 401, { detail: a === 'missing' ? 'Not authenticated' : 'Invalid JWT token' }, { 'www-authenticate': 'Bearer', ...cors }, head);
        return;
      }
    }
    if (own) {
      drainBody(req);
      if (method !== 'GET' && method !== 'HEAD') { send(res, 405, { detail: 'Method Not Allowed' }, { allow: 'GET' }, head); return; }
      try {
        if (path === '/windtunnel/state') send(res, 200, live.state(), cors, head);
        else if (path === '/windtunnel/clock') send(res, 200, live.clock(), cors, head);
        else send(res, 404, { detail: 'Not Found' }, cors, head);
      } catch (err) {
        opts.errorLog?.(`internal error: ${err instanceof Error ? err.message : String(err)}`);
        send(res, 500, 'Internal Server Error', cors);
      }
      return;
    }
    readBody(req, opts.maxBodyBytes, (result) => {
      if (result.kind === 'too_large') {
        send(res, 413, { detail: `Request body too large (limit ${opts.maxBodyBytes} bytes)` }, { connection: 'close' }, head);
        return;
      }
      if (result.kind === 'aborted') return;
      const parsed = parseBody(result.bytes, req.headers['content-type']);
      if (parsed.kind === 'invalid') { send(res, 422, parsed.body, {}, head); return; }
      enqueue({ method, target, body: parsed.body, res, started });
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  server.maxConnections = 1024;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  // The clock keeps moving without requests: tries finish, scheduled runs appear.
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    try { live.tick(); } catch (err) { opts.errorLog?.(`clock: ${err instanceof Error ? err.message : String(err)}`); }
    timer = setTimeout(tick, opts.tickMs);
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

/**
 * The body as FastAPI hands it to a JSON body model: no body → absent; a JSON content type (or
 * none) → parsed JSON, or 422 json_invalid; any other content type → the raw text, which the
 * model then refuses as not a dictionary.
 */
export function parseBody(bytes: Buffer, contentType: string | undefined): { kind: 'ok'; body: unknown } | { kind: 'invalid'; body: unknown } {
  if (bytes.length === 0) return { kind: 'ok', body: undefined };
  const text = bytes.toString('utf8');
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const json = type === '' || type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
  if (!json) return { kind: 'ok', body: text };
  try {
    return { kind: 'ok', body: JSON.parse(text) };
  } catch {
    const e = pythonJsonError(text);
    return { kind: 'invalid', body: { detail: [{ type: 'json_invalid', loc: ['body', e.pos], msg: 'JSON decode error', input: {}, ctx: { error: e.msg } }] } };
  }
}

/**
 * Where and why Python's json.loads refuses `text` (FastAPI reports both): a small recursive
 * descent over the same grammar, with json's messages and character positions.
 */
export function pythonJsonError(text: string): { msg: string; pos: number } {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  class Fail { constructor(readonly msg: string, readonly pos: number) {} }
  const fail = (msg: string, pos = i): never => { throw new Fail(msg, pos); };
  const str = () => {
    const start = i++;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"') { i++; return; }
      if (c === '\\') {
        const n = text[i + 1];
        if (n === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('Invalid \\uXXXX escape', i + 1); i += 5; }
        else if (n !== undefined && '"\\/bfnrt'.includes(n)) i++;
        else fail('Invalid \\escape', i);
      } else if (c < ' ') fail('Invalid control character at', i);
    }
    fail('Unterminated string starting at', start);
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('Expecting property name enclosed in double quotes');
        str(); ws();
        if (text[i] !== ':') fail("Expecting ':' delimiter");
        i++; value(); ws();
        if (text[i] === '}') { i++; return; }
        if (text[i] !== ',') fail("Expecting ',' delimiter");
        i++;
      }
    }
    if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ']') { i++; return; }
        if (text[i] !== ',') fail("Expecting ',' delimiter");
        i++;
      }
    }
    if (c === '"') { str(); return; }
    const lit = /^(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|Infinity|-Infinity)/.exec(text.slice(i));
    if (!lit) fail('Expecting value');
    i += lit![0].length;
  };
  try {
    value(); ws();
    if (i < text.length) fail('Extra data');
  } catch (e) {
    if (e instanceof Fail) return { msg: e.msg, pos: e.pos };
    throw e;
  }
  return { msg: 'Expecting value', pos: 0 };
}
