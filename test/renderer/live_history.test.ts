// The explorer's read-only sources: a history's summary and SQL session, and watching a running
// `windtunnel serve` (address parsing, each failure told apart, polling that never overlaps and
// backs off while the server is away). Chromium runs the whole loop in test/e2e/history_live.test.ts.
import { describe, expect, it } from 'vitest';
import { LiveWatcher, normalizeServerUrl, pollState, type FetchLike } from '../../renderer/lib/live_client.js';
import { historySession, historySummary } from '../../renderer/lib/history_session.js';
import type { RunOutput } from '../../core/model/output.js';
import { sqlJs } from '../engine/run_yaml.js';
import { output, run } from './helpers.js';

const STATE = output([run({ run_after: '2025-01-01T01:00:00Z', dag_id: 'b' }), run({ run_after: '2025-01-01T02:00:00Z', dag_id: 'a', logical_date: null })]);

function fetchOf(answers: Array<{ status: number; body?: unknown } | 'down'>): { fetch: FetchLike; seen: Array<{ url: string; auth: string }> } {
  const seen: Array<{ url: string; auth: string }> = [];
  let i = 0;
  return {
    seen,
    fetch: async (url, init) => {
      seen.push({ url, auth: init.headers.authorization });
      const a = answers[Math.min(i++, answers.length - 1)];
      if (a === 'down') throw new TypeError('Failed to fetch');
      return { ok: a.status >= 200 && a.status < 300, status: a.status, json: async () => { if (typeof a.body === 'string') throw new SyntaxError('bad'); return a.body; } };
    },
  };
}

describe('server address', () => {
  it.each([
    ['127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    [' https://127.0.0.1:9/base/ ', 'https://127.0.0.1:9/base'],
  ])('%s → %s', (input, url) => expect(normalizeServerUrl(input)).toBe(url));

  it.each([
    ['', /give the server address/],
    ['ftp://127.0.0.1', /only http/],
    ['http://user:pw@127.0.0.1:8080', /token field/],
    ['http://[bad', /not an address/],
  ])('refuses %j', (input, message) => expect(() => normalizeServerUrl(input)).toThrow(message));
});

describe('one poll', () => {
  it('sends the bearer token to /windtunnel/state and returns the state', async () => {
    const f = fetchOf([{ status: 200, body: STATE }]);
    expect(await pollState(f.fetch, 'http://127.0.0.1:8080', 'tok')).toEqual({ ok: true, output: STATE, more: false });
    expect(f.seen).toEqual([{ url: 'http://127.0.0.1:8080/windtunnel/state?since=0', auth: 'Bearer tok' }]);
  });

  it.each([
    ['a refused token', { status: 401, body: { detail: 'Invalid JWT token' } }, 'unauthorized', /refused the token/],
    ['no server', 'down' as const, 'unreachable', /cannot reach .*windtunnel serve/],
    ['another server', { status: 404, body: { detail: 'Not Found' } }, 'not_windtunnel', /HTTP 404/],
    ['not JSON', { status: 200, body: 'x' }, 'not_windtunnel', /did not answer JSON/],
    ['JSON of something else', { status: 200, body: { dags: [] } }, 'not_windtunnel', /not a Windtunnel state/],
  ])('%s', async (_, answer, kind, message) => {
    const r = await pollState(fetchOf([answer]).fetch, 'http://127.0.0.1:8080', 'tok');
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.failure.kind).toBe(kind); expect(r.failure.message).toMatch(message); }
  });
});

describe('watching', () => {
  it('polls one request at a time, retries an absent server with back-off, stops on a refused token', async () => {
    const f = fetchOf(['down', 'down', { status: 200, body: STATE }, { status: 200, body: STATE }, { status: 401 }]);
    const waits: number[] = [];
    const states: RunOutput[] = [];
    const failures: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const fetch: FetchLike = async (url, init) => { inFlight++; maxInFlight = Math.max(maxInFlight, inFlight); try { return await f.fetch(url, init); } finally { inFlight--; } };
    await new Promise<void>((done) => {
      const w = new LiveWatcher({
        baseUrl: 'http://127.0.0.1:1', token: 't', fetch, intervalMs: 1000,
        onState: (o) => { states.push(o); },
        onFailure: (x) => { failures.push(x.kind); if (x.kind === 'unauthorized') setTimeout(done, 10); },
        schedule: (go, ms) => { waits.push(ms); setTimeout(go, 0); },
      });
      w.start();
    });
    expect(failures).toEqual(['unreachable', 'unreachable', 'unauthorized']);
    expect(states).toHaveLength(2);
    expect(waits).toEqual([2000, 4000, 1000, 1000]);
    expect(f.seen).toHaveLength(5);
    expect(maxInFlight).toBe(1);
  });

  it('a slow poll (a big state) waits twice as long as it took before the next one', async () => {
    const f = fetchOf([{ status: 200, body: STATE }]);
    let t = 0;
    const waits: number[] = [];
    const took = [100, 1500, 700];
    await new Promise<void>((done) => {
      const w: LiveWatcher = new LiveWatcher({
        baseUrl: 'http://127.0.0.1:1', token: 't', fetch: f.fetch, intervalMs: 1000, now: () => t,
        onState: () => { t += took[waits.length] ?? 0; },
        onFailure: () => {},
        schedule: (go, ms) => { waits.push(ms); if (waits.length === 3) { w.stop(); done(); } else setTimeout(go, 0); },
      });
      w.start();
    });
    expect(waits).toEqual([1000, 3000, 1400]);
  });

  it('stop() ends the loop: nothing is applied after it', async () => {
    const f = fetchOf([{ status: 200, body: STATE }]);
    let states = 0;
    const w = new LiveWatcher({ baseUrl: 'http://127.0.0.1:1', token: 't', fetch: f.fetch, intervalMs: 1, onState: () => { states++; if (states === 2) w.stop(); }, onFailure: () => {} });
    w.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(states).toBe(2);
    expect(w.running).toBe(false);
  });
});

describe('history sessions', () => {
  it('summarizes DAGs (sorted) and their tasks (in the order seen)', () => {
    const o: RunOutput = { ...STATE, task_instances: [
      { dag_id: 'b', run_id: STATE.dag_runs[0].run_id, task_id: 'x', map_index: -1, try_number: 1, state: 'success', start_date: null, end_date: null, rendered: {}, error: null },
      { dag_id: 'b', run_id: STATE.dag_runs[0].run_id, task_id: 'w', map_index: -1, try_number: 1, state: 'success', start_date: null, end_date: null, rendered: {}, error: null },
    ] };
    const s = historySummary(o);
    expect(s.dag_ids).toEqual(['a', 'b']);
    expect(s.tasks).toEqual({ a: [], b: ['x', 'w'] });
    expect(s.clock).toEqual({ start: Date.parse(o.clock.start), end: Date.parse(o.clock.end) });
  });

  it('answers SQL over the history, built on the first query; rows the constraints refuse are told once', async () => {
    const twin = output([
      run({ run_id: 'one', run_after: '2025-01-01T01:00:00Z', logical_date: '2025-01-01T00:00:00Z' }),
      run({ run_id: 'two', run_after: '2025-01-01T02:00:00Z', logical_date: '2025-01-01T00:00:00Z' }),
      run({ run_id: 'adhoc', run_after: '2025-01-01T03:00:00Z', logical_date: null, run_type: 'manual', triggered_by: 'rest_api' }),
    ]);
    const s = historySession(twin, await sqlJs());
    expect(s.takeRefused()).toEqual([]); // nothing built before the first query
    expect(s.query('SELECT run_id FROM dag_run WHERE logical_date IS NULL')).toEqual({ columns: ['run_id'], rows: [['adhoc']] });
    expect(s.takeRefused()).toEqual([expect.stringMatching(/^dag_run d two: UNIQUE constraint failed/)]);
    expect(s.takeRefused()).toEqual([]); // told once
    s.close();
  });
});
