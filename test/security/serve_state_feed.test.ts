// Issue 18, finding 3 (state): /windtunnel/state at 64k runs took 5–7 s per call while the explorer
// polled every second. Now the explorer asks ?since=<cursor> and gets what changed, in pages; the
// pages put back together must be exactly the full state, and a poll with little change must cost
// far less than the full state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSimulation } from '../../cli/serve/live.js';
import { StateFeed } from '../../cli/serve/state_feed.js';
import { LiveStateAssembler, type LiveChanges } from '../../core/export/live_changes.js';
import { LiveWatcher, type FetchLike } from '../../renderer/lib/live_client.js';
import type { RunOutput } from '../../core/index.js';
import { sqlJs } from '../engine/run_yaml.js';
import { raw, SCENARIO, scenarioOf, serve, T0, TOKEN, type Served } from './serve_helpers.js';

function drain(feed: StateFeed, asm: LiveStateAssembler, cursor: string): { out: RunOutput; cursor: string; pages: number } {
  for (let pages = 1; pages < 10_000; pages++) {
    const c = feed.changes(cursor);
    if (!c.ok) throw new Error(c.detail);
    const out = asm.apply(c.body);
    cursor = c.body.cursor;
    if (!c.body.more) return { out, cursor, pages };
  }
  throw new Error('the feed never finished');
}

describe('changes since a cursor, put back together, are the full state', () => {
  it('through triggers, asset events, a backfill, finishing tries and scheduled runs, in small pages', async () => {
    let wall = 0;
    const live = new LiveSimulation(scenarioOf(SCENARIO), { sql: await sqlJs(), speed: 60, start: T0, wallClock: () => wall });
    const feed = new StateFeed(live.sim, 'unit', { runs: 7, log: 25, assetEvents: 2 });
    const asm = new LiveStateAssembler();
    let cursor = '0';
    const trigger = (i: number) => ({ method: 'POST', target: '/api/v2/dags/inference/dagRuns', body: { logical_date: null, conf: { i } } });
    const steps: Array<() => void> = [
      () => live.batch([trigger(1), trigger(2), trigger(3)]),
      () => live.batch([{ method: 'POST', target: '/api/v2/assets/events', body: { asset_id: 1, extra: { n: 1 } } }, { method: 'POST', target: '/api/v2/assets/events', body: { asset_id: 1 } }]),
      () => live.batch([{ method: 'POST', target: '/api/v2/backfills', body: { dag_id: 'minutely', from_date: '2025-05-01T08:00:00Z', to_date: '2025-05-01T08:30:00Z' } }]),
      () => { wall += 90_000; },
      () => live.batch([trigger(4), { method: 'POST', target: '/api/v2/assets/events', body: { asset_id: 1 } }]),
      () => { wall += 600_000; },
      () => { /* nothing happened: an empty page */ },
    ];
    let pagesSeen = 0;
    for (const step of steps) {
      step();
      live.tick(); // what live.changes() does before asking the feed
      const d = drain(feed, asm, cursor);
      cursor = d.cursor;
      pagesSeen += d.pages;
      expect(d.out).toEqual(live.state());
    }
    expect(pagesSeen).toBeGreaterThan(steps.length); // paging was exercised
    const again = feed.changes(cursor);
    expect(again.ok && [again.body.dag_runs.length, again.body.log.length, again.body.more]).toEqual([0, 0, false]);
  });

  it('a cursor from another server starts over (reset); a malformed or future one is a 400', async () => {
    const live = new LiveSimulation(scenarioOf(SCENARIO), { sql: await sqlJs(), speed: 60, start: T0, wallClock: () => 0 });
    const feed = new StateFeed(live.sim, 'abc');
    live.batch([{ method: 'POST', target: '/api/v2/dags/inference/dagRuns', body: { logical_date: null } }]);
    const other = feed.changes('zzz.5.0.3.0.0');
    expect(other.ok && [other.body.reset, other.body.dag_runs.length]).toEqual([true, live.sim.runsInOrder.length]);
    for (const bad of ['', 'abc', 'abc.1.2', 'abc.-1.0.0.0.0', 'abc.1.0.0.0.0.0', `abc.1.0.${'9'.repeat(20)}.0.0`, '../etc', 'abc.1e3.0.0.0.0']) {
      expect(feed.changes(bad).ok, bad).toBe(false);
    }
    const ahead = feed.changes('abc.1.0.999999.0.0');
    expect(ahead).toEqual({ ok: false, detail: 'since: the cursor is ahead of this server; give since=0 to start over' });
  });
});

describe('HTTP: /windtunnel/state and ?since=', () => {
  let s: Served;
  beforeAll(async () => { s = await serve(); });
  afterAll(async () => { await s.srv.close(); });

  it('the full state carries its cursor (readable by the explorer\'s origin); since= sends only what changed', async () => {
    const full = await raw(s.srv.port, 'GET', '/windtunnel/state', { token: TOKEN, headers: { origin: 'http://127.0.0.1:5173' } });
    expect(full.status).toBe(200);
    expect((full.json as RunOutput).windtunnel).toBe(1);
    expect(full.headers['access-control-expose-headers']).toBe('x-windtunnel-cursor');
    const cursor = full.headers['x-windtunnel-cursor'];
    expect(cursor).toMatch(/^test\.\d+\.0\.\d+\.\d+\.\d+$/);
    await raw(s.srv.port, 'POST', '/api/v2/dags/inference/dagRuns', { token: TOKEN, body: JSON.stringify({ logical_date: null, dag_run_id: 'feed-1' }) });
    const c = (await raw(s.srv.port, 'GET', `/windtunnel/state?since=${cursor}`, { token: TOKEN })).json as LiveChanges;
    expect(c).toMatchObject({ windtunnel: 1, changes: true, reset: false, more: false });
    expect(c.dag_runs.map((r) => r.run_id)).toEqual(['feed-1']);
    const bad = await raw(s.srv.port, 'GET', '/windtunnel/state?since=nope', { token: TOKEN });
    expect([bad.status, bad.json]).toEqual([400, { detail: "since: 'nope' is not a cursor of this server; give since=0 to start over" }]);
  });

  it('the explorer\'s watcher follows the feed against the real server and sees the same state', async () => {
    const fetch: FetchLike = async (url, init) => {
      const u = new URL(url);
      const a = await raw(s.srv.port, 'GET', u.pathname + u.search, { token: init.headers.authorization.slice('Bearer '.length) });
      return { ok: a.status >= 200 && a.status < 300, status: a.status, json: async () => a.json };
    };
    const seen: RunOutput[] = [];
    await new Promise<void>((done) => {
      const w = new LiveWatcher({
        baseUrl: `http://127.0.0.1:${s.srv.port}`, token: TOKEN, fetch, intervalMs: 10,
        onState: async (o) => {
          seen.push(o);
          if (seen.length === 1) await raw(s.srv.port, 'POST', '/api/v2/dags/inference/dagRuns', { token: TOKEN, body: JSON.stringify({ logical_date: null, dag_run_id: 'watched' }) });
          if (seen.length === 3) { w.stop(); done(); }
        },
        onFailure: (f) => { throw new Error(f.message); },
      });
      w.start();
    });
    expect(seen[2].dag_runs.map((r) => r.run_id)).toContain('watched');
    // What the watcher holds is the server's full state (the clock may have moved since: compare runs).
    const full = (await raw(s.srv.port, 'GET', '/windtunnel/state', { token: TOKEN })).json as RunOutput;
    expect(seen[2].dag_runs.map((r) => r.run_id)).toEqual(full.dag_runs.map((r) => r.run_id));
  });

  it('at 20,000 runs a poll with nothing new costs a fraction of the full state', async () => {
    for (const to of ['2024-01-07T22:39:00Z', '2024-01-14T21:19:00Z']) {
      const from = to.startsWith('2024-01-07') ? '2024-01-01T00:00:00Z' : '2024-01-07T22:40:00Z';
      const a = await raw(s.srv.port, 'POST', '/api/v2/backfills', { token: TOKEN, body: JSON.stringify({ dag_id: 'minutely', from_date: from, to_date: to }), timeoutMs: 30_000 });
      expect(a.status).toBe(200);
      // One backfill at a time per DAG, as in Airflow: wait for this one to finish.
      await raw(s.srv.port, 'GET', '/api/v2/version');
      s.live.sim.backfills.forEach((b) => { b.completed_at ??= s.live.sim.now; });
    }
    expect(s.live.sim.runsInOrder.length).toBeGreaterThanOrEqual(20_000);
    const t0 = performance.now();
    const full = await raw(s.srv.port, 'GET', '/windtunnel/state', { token: TOKEN, timeoutMs: 60_000 });
    const fullMs = performance.now() - t0;
    const cursor = full.headers['x-windtunnel-cursor'];
    const t1 = performance.now();
    const c = await raw(s.srv.port, 'GET', `/windtunnel/state?since=${cursor}`, { token: TOKEN });
    const sinceMs = performance.now() - t1;
    expect(c.status).toBe(200);
    console.log(`state at ${s.live.sim.runsInOrder.length} runs: full ${fullMs.toFixed(0)} ms (${full.text.length} bytes), since ${sinceMs.toFixed(0)} ms (${c.text.length} bytes)`);
    expect(c.text.length).toBeLessThan(full.text.length / 20);
    expect(sinceMs).toBeLessThan(Math.max(200, fullMs / 3));
  }, 120_000);
});
