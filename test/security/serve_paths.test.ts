// Issue 18, finding 2: `serve`'s token check could be bypassed, because it was decided on the raw
// path and routing on the decoded one (`/api/%762/dags` was "not /api/v2" to the check and
// /api/v2/dags to the router). Every payload below is sent raw, without the token, by GET and by
// POST with a valid trigger body: none may answer 2xx or data, and no run may appear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeRequestPath } from '../../core/rest/request_path.js';
import { raw, serve, TOKEN, type Served } from './serve_helpers.js';

const TRIGGER = JSON.stringify({ logical_date: null, conf: { from: 'attacker' } });

/** [target, expected status without the token] */
const BYPASS: [string, number][] = [
  ['/api/%762/dags', 401],
  ['/api/%762/dags/inference/dagRuns', 401],
  ['/%61pi/v2/dags/inference/dagRuns', 401],
  ['/api/v%32/dags/inference/dagRuns', 401],
  ['/api/v2%2Fdags/inference/dagRuns', 400],
  ['/api/v2%2fdags', 400],
  ['/api%2Fv2/dags/inference/dagRuns', 400],
  ['/api/v2/dags%2Finference%2FdagRuns', 400],
  ['/api/v2/dags/inference%2FdagRuns', 400],
  ['/api/%2576%32/dags/inference/dagRuns', 400],
  ['/api/v2/dags/inference/dagRuns%00', 400],
  ['/api/v2/%5Cdags', 400],
  ['/api/v2\\dags\\inference\\dagRuns', 400],
  ['/api/v2/dags/%ff/dagRuns', 400],
  ['/api/v2/dags/%C0%AF/dagRuns', 400],
  ['/api/v2/dags/%E0%80%AF/dagRuns', 400],
  ['/api/v2/dags/%zz/dagRuns', 400],
  ['/api/v2/dags/inference/dagRuns%', 400],
  ['/api/v2/version/../dags/inference/dagRuns', 404],
  ['/api/v2/version/%2e%2e/dags/inference/dagRuns', 404],
  ['/api/v2/./dags/inference/dagRuns', 404],
  ['/api/v2//dags/inference/dagRuns', 404],
  ['/api/v1/../v2/dags/inference/dagRuns', 404],
  ['/api/v2/dags/inference/dagRuns?x=/../version', 401],
  ['/api/v2/dags/inference/dagRuns#/api/v2/version', 401],
  ['/API/V2/dags/inference/dagRuns', 404],
  ['/%77indtunnel/state', 401],
  ['/windtunnel%2Fstate', 400],
  ['/windtunnel/state?since=0', 401],
  ['/windtunnel/./state', 404],
  ['/windtunnel/clock/', 401],
];

describe('one decoding of the path', () => {
  it.each([
    ['/api/v2/dags', '/api/v2/dags'],
    ['/api/%762/dags', '/api/v2/dags'],
    ['/api/v2/dags/d/dagRuns/manual__2025-01-01T00%3A00%3A00%2B00%3A00', '/api/v2/dags/d/dagRuns/manual__2025-01-01T00:00:00+00:00'],
    ['/api/v2/dags/caf%C3%A9', '/api/v2/dags/café'],
    ['/api/v2/dags/', '/api/v2/dags/'],
  ])('%s → %s', (rawPath, path) => expect(normalizeRequestPath(rawPath)).toEqual({ ok: true, path }));

  it.each(BYPASS.filter(([, s]) => s === 400).map(([t]) => t.split(/[?#]/)[0]))('refuses %s with 400 and says why', (rawPath) => {
    const r = normalizeRequestPath(rawPath);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.status, r.detail]).toEqual([400, expect.stringMatching(/^Bad request path: /)]);
  });
});

describe('HTTP: no bypass without the token', () => {
  let s: Served;
  beforeAll(async () => { s = await serve(); });
  afterAll(async () => { await s.srv.close(); });

  it.each(BYPASS)('%s → %i, no data, no run', async (target, status) => {
    const before = s.live.sim.runsInOrder.length;
    for (const method of ['GET', 'POST', 'HEAD']) {
      const a = await raw(s.srv.port, method, target, method === 'POST' ? { body: TRIGGER } : {});
      // POST where only GET is served is Starlette's 405, answered before any auth, as in Airflow.
      if (method === 'POST' && a.status === 405) expect(a.json).toEqual({ detail: 'Method Not Allowed' });
      else expect(a.status, `${method} ${target}`).toBe(status);
      expect(a.text).not.toMatch(/dag_run_id|"dags"|"dag_runs"|attacker/);
    }
    expect(s.live.sim.runsInOrder.length).toBe(before);
    expect(s.errors).toEqual([]);
  });

  it('with the token, the decoded spelling reaches the same route as the plain one (routing and the check agree)', async () => {
    const plain = await raw(s.srv.port, 'GET', '/api/v2/dags', { token: TOKEN });
    const encoded = await raw(s.srv.port, 'GET', '/api/%762/d%61gs', { token: TOKEN });
    expect(plain.status).toBe(200);
    expect(encoded.json).toEqual(plain.json);
  });

  it('only the routes Airflow 3.1 leaves open answer without the token, and only /api/v2/version with data', async () => {
    const open = await Promise.all(['/api/v2/version', '/api/v2/monitor/health', '/api/v2/auth/login', '/api/v2/auth/logout'].map((p) => raw(s.srv.port, 'GET', p)));
    expect(open.map((a) => a.status)).toEqual([200, 501, 501, 501]);
    expect(open[0].json).toMatchObject({ version: expect.any(String) });
    const closed = [
      ['GET', '/api/v2/dags'], ['GET', '/api/v2/dags/inference'], ['GET', '/api/v2/dags/~/dagRuns'], ['POST', '/api/v2/dags/inference/dagRuns'],
      ['GET', '/api/v2/dags/inference/dagRuns/x'], ['GET', '/api/v2/dags/~/dagRuns/~/taskInstances'], ['POST', '/api/v2/backfills'],
      ['POST', '/api/v2/backfills/dry_run'], ['GET', '/api/v2/assets/events'], ['POST', '/api/v2/assets/events'], ['GET', '/api/v2/pools'],
      ['GET', '/api/v2/config'], ['GET', '/windtunnel/state'], ['GET', '/windtunnel/clock'], ['GET', '/windtunnel/nope'],
    ];
    for (const [m, p] of closed) {
      const a = await raw(s.srv.port, m, p, m === 'POST' ? { body: '{}' } : {});
      expect([a.status, a.json], `${m} ${p}`).toEqual([401, { detail: 'Not authenticated' }]);
    }
    // The router's own refusals carry no data and are open, as Airflow's catch-alls are.
    expect((await raw(s.srv.port, 'GET', '/api/v1/dags')).status).toBe(404);
    expect((await raw(s.srv.port, 'GET', '/api/v2/nothing')).status).toBe(404);
    expect((await raw(s.srv.port, 'GET', '/')).status).toBe(404);
  });

  it('targets that are not a path are 400', async () => {
    for (const [m, t] of [['GET', 'http://127.0.0.1/api/v2/dags'], ['OPTIONS', '*'], ['GET', 'api/v2/dags']]) {
      const a = await raw(s.srv.port, m, t);
      expect(a.status, t).toBe(400);
    }
  });
});
