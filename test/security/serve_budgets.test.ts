// Issue 18, finding 3 (work and memory): a one-year minutely backfill over REST blocked `serve` for
// a minute and it never answered again; memory grew without a cap. Now a request's runs are counted
// before any is made (a backfill over --max-runs-per-request is a 422), the simulation holds at
// most --max-runs runs and asset events (507 past it, and the clock stops), and other clients are
// answered meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, serve, TOKEN, type Served } from './serve_helpers.js';

const year = { dag_id: 'minutely', from_date: '2024-01-01T00:00:00Z', to_date: '2024-12-31T23:59:00Z' };

describe('work budget per request (defaults)', () => {
  let s: Served;
  beforeAll(async () => { s = await serve(); });
  afterAll(async () => { await s.srv.close(); });

  it('a one-year minutely backfill is refused at once with a clear 422, and /api/v2/version answers within 1 s', async () => {
    const before = s.live.sim.runsInOrder.length;
    const [bf, dry] = await Promise.all([
      raw(s.srv.port, 'POST', '/api/v2/backfills', { token: TOKEN, body: JSON.stringify(year) }),
      raw(s.srv.port, 'POST', '/api/v2/backfills/dry_run', { token: TOKEN, body: JSON.stringify(year) }),
    ]);
    const version = await raw(s.srv.port, 'GET', '/api/v2/version');
    for (const a of [bf, dry]) {
      expect(a.status).toBe(422);
      expect((a.json as { detail: string }).detail).toMatch(/more than 10000 dag runs per request .*more than 10000.*--max-runs-per-request/);
      expect(a.ms).toBeLessThan(3000); // counting 10,001 dates: ~0.1 s idle, more on a starved machine (it was ~200 s)
    }
    expect([version.status, version.ms < 1000]).toEqual([200, true]);
    expect(s.live.sim.runsInOrder.length).toBe(before);
  });

  it('a backfill within the budget is made as before, and other clients are still answered while it is', async () => {
    const body = JSON.stringify({ ...year, to_date: '2024-01-07T22:39:00Z' }); // 10,000 minutes
    const t0 = performance.now();
    const [bf, version] = await Promise.all([
      raw(s.srv.port, 'POST', '/api/v2/backfills', { token: TOKEN, body, timeoutMs: 30_000 }),
      new Promise((r) => setTimeout(r, 5)).then(() => raw(s.srv.port, 'GET', '/api/v2/version', { timeoutMs: 30_000 })),
    ]);
    expect(bf.status).toBe(200);
    expect(s.live.sim.runsInOrder.filter((r) => r.run_type === 'backfill').length).toBe(10_000);
    expect(version.status).toBe(200);
    // The longest a request may hold the event loop is one in-budget request: ~0.6 s on an idle
    // core (a year of hourly runs fits in the budget); several seconds on a starved test machine.
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});

describe('runs held', () => {
  let s: Served;
  beforeAll(async () => { s = await serve({ budget: { maxRunsPerRequest: 50, maxRunsHeld: 60 }, speed: 600 }); });
  afterAll(async () => { await s.srv.close(); });

  it('past --max-runs, requests that add runs get 507, the clock stops, and reads still work', async () => {
    const post = (p: string, body: unknown) => raw(s.srv.port, 'POST', p, { token: TOKEN, body: JSON.stringify(body) });
    const big = await post('/api/v2/backfills', { ...year, to_date: '2024-01-01T01:00:00Z' }); // 61 minutes
    expect(big.status).toBe(422);
    expect((big.json as { detail: string }).detail).toContain('more than 50 dag runs per request');
    expect((await post('/api/v2/backfills', { ...year, to_date: '2024-01-01T00:39:00Z' })).status).toBe(200); // 40
    // The minutely DAG at 600x makes ten runs a wall second; triggers fill the rest.
    let full: Awaited<ReturnType<typeof post>> | null = null;
    for (let i = 0; i < 40 && !full; i++) {
      const a = await post('/api/v2/dags/inference/dagRuns', { logical_date: null });
      if (a.status === 507) full = a;
      else expect(a.status).toBe(200);
    }
    expect(full).not.toBeNull();
    expect((full!.json as { detail: string }).detail).toMatch(/^Windtunnel serve holds at most 60 dag runs \(it holds \d+\)/);
    expect((await post('/api/v2/assets/events', { asset_id: 1 })).status).toBe(507);
    const held = s.live.sim.runsInOrder.length;
    await new Promise((r) => setTimeout(r, 300));
    const clock = (await raw(s.srv.port, 'GET', '/windtunnel/clock', { token: TOKEN })).json as { capped: boolean; dag_runs: number; max_runs: number };
    expect(clock).toMatchObject({ capped: true, max_runs: 60 });
    expect(s.live.sim.runsInOrder.length).toBe(held);
    expect(held).toBeLessThanOrEqual(60 + 10); // a tick may make a few scheduled runs before it notices
    expect((await raw(s.srv.port, 'GET', '/api/v2/dags/~/dagRuns?limit=1', { token: TOKEN })).status).toBe(200);
  });
});

describe('listing asset events', () => {
  it('at 20,000 events a page is quick (each row looked its event up by id: quadratic)', async () => {
    const { LiveSimulation } = await import('../../cli/serve/live.js');
    const { sqlJs } = await import('../engine/run_yaml.js');
    const { scenarioOf, T0 } = await import('./serve_helpers.js');
    const live = new LiveSimulation(scenarioOf(`
windtunnel: 1
name: events
clock: {start: 2025-05-01T00:00:00Z, end: 2025-05-02T00:00:00Z}
assets: [{name: model}]
dags: [{dag_id: d, tasks: [{task_id: t}]}]
`), { sql: await sqlJs(), speed: 1, start: T0, wallClock: () => 0 });
    const post = { method: 'POST', target: '/api/v2/assets/events', body: { asset_id: 1 } };
    for (let i = 0; i < 20; i++) live.batch(Array.from({ length: 1000 }, () => post));
    const t0 = performance.now();
    const [page] = live.batch([{ method: 'GET', target: '/api/v2/assets/events?limit=100&offset=19900', body: undefined }]);
    const ms = performance.now() - t0;
    expect(page.status).toBe(200);
    expect((page.body as { total_entries: number }).total_entries).toBe(20_000);
    // Was ~400 ms at 20,000 events (each row found its event by id), now ~15 ms.
    expect(ms).toBeLessThan(200);
  }, 60_000);
});
