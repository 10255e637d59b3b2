// A bounded, seeded fuzz of `windtunnel serve` over real HTTP on 127.0.0.1: methods, paths built
// from route words and every percent-encoding trick, query strings and fragments, headers
// (authorization variants, content types, host names, junk) and bodies (JSON, deep nesting, bytes).
// Properties: without the token nothing answers 2xx except /api/v2/version with only its version
// info, and no run appears; with it, whatever the body, nothing crashes, no 500, no stack; every
// request is answered within the bound; the server answers afterwards. ~10–20 s.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, serve, TOKEN, type Served } from './serve_helpers.js';

const WORDS = ['api', 'v2', 'v1', 'API', 'dags', 'inference', 'minutely', 'consumer', '~', 'dagRuns', 'taskInstances', 'backfills', 'dry_run', 'assets', 'events',
  'version', 'monitor', 'health', 'auth', 'login', 'windtunnel', 'state', 'clock', 'pools', 'x'];
const TRICKS = ['%76', '%32', '%61', '%2F', '%2f', '%5C', '%5c', '%00', '%25', '%2576', '%252F', '%ff', '%C0%AF', '%E0%80%AF', '%ED%A0%80', '%', '%z', '%2e', '%2E%2E',
  '..', '.', '', '\\', ';', '%3B', '%3F', '%23', '+', '%20', '%0d%0a', '%u0076', 'v%32', '%77indtunnel'];

const segment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...TRICKS) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...TRICKS), fc.constantFrom(...WORDS, '')).map(([a, b, c]) => a + b + c) },
  // A word with one character percent-encoded (the /api/%762 family).
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...WORDS.filter((w) => w.length > 1)), fc.nat()).map(([w, n]) => { const i = n % w.length; return w.slice(0, i) + '%' + w.charCodeAt(i).toString(16).padStart(2, '0') + w.slice(i + 1); }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 6 }).map((s) => s.replace(/[\s\x00-\x1f\x7f]/g, '')) },
);
const ROUTES = ['/api/v2/dags', '/api/v2/dags/inference', '/api/v2/dags/inference/dagRuns', '/api/v2/dags/minutely/dagRuns', '/api/v2/dags/~/dagRuns?limit=100&offset=0',
  '/api/v2/dags/~/dagRuns/~/taskInstances', '/api/v2/backfills', '/api/v2/backfills/dry_run', '/api/v2/assets/events', '/windtunnel/state?since=0', '/windtunnel/state',
  '/windtunnel/clock', '/api/v2/version', '/api/v2/monitor/health'];
const spelled = fc.oneof(
  fc.constantFrom(...ROUTES),
  // A route with one character percent-encoded, or one "/" swapped for a trick.
  fc.tuple(fc.constantFrom(...ROUTES), fc.nat()).map(([r, n]) => { const i = 1 + (n % (r.length - 1)); return r.slice(0, i) + '%' + r.charCodeAt(i).toString(16).padStart(2, '0') + r.slice(i + 1); }),
  fc.tuple(fc.constantFrom(...ROUTES), fc.nat(), fc.constantFrom('%2F', '%2f', '%5C', '//', '/./', '/../', '\\', '%252F')).map(([r, n, t]) => { const slashes = [...r.matchAll(/\//g)].map((m) => m.index!); const i = slashes[n % slashes.length]; return r.slice(0, i) + t + r.slice(i + 1); }),
);
const fuzzed = fc.tuple(
  fc.array(segment, { minLength: 0, maxLength: 7 }),
  fc.constantFrom('', '?limit=1', '?since=0', '?since=test.1.0.0.0.0', '?x=/../version', '#/api/v2/version', '?order_by=-run_after&limit=-1', '?%00=%ff'),
  fc.constantFrom('/', '/', '/', '//', ''),
).map(([segs, q, lead]) => lead + segs.join('/') + q);
const target = fc.oneof(spelled, fuzzed);

const method = fc.oneof(fc.constantFrom('GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'get', 'TRACE', 'CONNECT'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }).map((s) => s.replace(/[^A-Za-z]/g, 'X')));

const wrongAuth = fc.constantFrom<string | undefined>(undefined, 'Bearer', 'Bearer ', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `bearer  ${TOKEN.toUpperCase()}`, `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`,
  `Bearer ${TOKEN} ${TOKEN}`, `Token ${TOKEN}`, `${TOKEN}`, 'Bearer \u00e9');
const headers = fc.record({
  'content-type': fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/vnd.x+json; charset=latin1', 'multipart/form-data; boundary=x'),
  origin: fc.constantFrom(undefined, 'http://127.0.0.1:5173', 'https://evil.example', 'null', 'app://windtunnel'),
  host: fc.constantFrom(undefined, 'localhost', 'evil.example', '127.0.0.1.nip.io', '[::1]:1'),
  'x-forwarded-for': fc.constantFrom(undefined, '127.0.0.1', 'evil'),
  upgrade: fc.constantFrom(undefined, 'websocket', 'h2c'),
  expect: fc.constantFrom(undefined, '100-continue'),
  'transfer-encoding': fc.constantFrom(undefined, 'chunked', 'gzip'),
}, { requiredKeys: [] });

const deep = fc.tuple(fc.integer({ min: 1, max: 30_000 }), fc.constantFrom('[', '{"a":')).map(([n, open]) => open.repeat(n));
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 4 }),
  fc.record({ logical_date: fc.constantFrom(null, '2025-01-01T00:00:00Z', 'x', 5), conf: fc.jsonValue({ maxDepth: 3 }), dag_run_id: fc.string({ maxLength: 12 }) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.record({ dag_id: fc.constantFrom('minutely', 'inference', 'nope'), from_date: fc.constantFrom('2024-01-01T00:00:00Z', '2025-04-30T00:00:00Z', '0001-01-01T00:00:00Z', 'x'), to_date: fc.constantFrom('2025-04-30T23:00:00Z', '9999-12-31T00:00:00Z', '2024-01-01T00:10:00Z'), max_active_runs: fc.integer() }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.record({ asset_id: fc.oneof(fc.integer(), fc.constant(1)), extra: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  deep,
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
);

/** What the server logged, less the 501s for endpoints it does not simulate. */
const internalErrors = (s: Served) => s.errors.filter((e) => !/-> 501 Windtunnel does not simulate /.test(e));
const noStack = (text: string) => !/\n\s+at |\.ts:\d+|node:internal|Error:/.test(text);

describe('fuzz: paths, encodings, headers and bodies (seeded, bounded)', () => {
  let s: Served;
  beforeAll(async () => { s = await serve({ budget: { maxRunsPerRequest: 500, maxRunsHeld: 5_000 } }); });
  afterAll(async () => {
    // Every connection was answered and closed: close() does not wait on a lingering one.
    const open = await new Promise<number>((r) => s.srv.server.getConnections((_e, n) => r(n)));
    await s.srv.close();
    expect(open).toBe(0);
  });

  it('without the token: never 2xx or data (except the version info), never a new run, every request answered', async () => {
    await fc.assert(fc.asyncProperty(method, target, wrongAuth, headers, body, async (m, t, auth, hs, b) => {
      const runs = s.live.sim.runsInOrder.length;
      const h: Record<string, string> = {};
      for (const [k, v] of Object.entries(hs)) if (v !== undefined) h[k] = v;
      if (auth !== undefined) h.authorization = auth;
      const a = await raw(s.srv.port, m, t, { body: b, headers: h, timeoutMs: 5_000 });
      expect(a.status, `${m} ${t}`).toBeGreaterThan(0);
      if (a.status >= 200 && a.status < 300) {
        if (m.toUpperCase() === 'OPTIONS') expect([a.status, a.text]).toEqual([204, '']); // CORS preflight: no data
        else if (m.toUpperCase() === 'HEAD') expect(a.text).toBe('');
        else expect(Object.keys(a.json as object).sort(), `${m} ${t}`).toEqual(['git_version', 'version']);
      }
      expect(a.status, `${m} ${t}`).not.toBe(500);
      expect(noStack(a.text), a.text).toBe(true);
      expect(s.live.sim.runsInOrder.length, `${m} ${t} made a run`).toBe(runs);
    }), { numRuns: 1200, seed: 182 });
    expect(internalErrors(s)).toEqual([]);
  }, 120_000);

  it('with the token: no crash, no 500, no stack, answered within the bound, whatever the body', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('GET', 'POST', 'POST', 'POST', 'HEAD'), target, body, headers, async (m, t, b, hs) => {
      const h: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
      if (hs['content-type']) h['content-type'] = hs['content-type'];
      const a = await raw(s.srv.port, m, t, { body: b, headers: h, timeoutMs: 10_000 });
      expect(a.status, `${m} ${t}`).toBeGreaterThan(0);
      expect(a.status, `${m} ${t} ${a.text.slice(0, 200)}`).not.toBe(500);
      expect(noStack(a.text), a.text).toBe(true);
    }), { numRuns: 600, seed: 183 });
    expect(internalErrors(s)).toEqual([]);
    const after = await raw(s.srv.port, 'GET', '/api/v2/version', { timeoutMs: 2_000 });
    expect(after.status).toBe(200);
    expect(s.live.sim.runsInOrder.length).toBeLessThanOrEqual(5_000 + 100);
  }, 120_000);
});
