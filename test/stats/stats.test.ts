// Capacity figures (core/stats) on scenarios small enough to check by reading their runs, on an
// imported history, and the what-if changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError, parseScenario, simulate, type Scenario } from '../../core/index.js';
import { computeStats, statsConfig } from '../../core/stats/compute.js';
import { chooseBucketMs } from '../../core/stats/buckets.js';
import { delayFigures } from '../../core/stats/percentiles.js';
import { summarize } from '../../core/stats/summary.js';
import { statsCsv, statsTable, whatIfRows } from '../../core/stats/format.js';
import { applyChanges, parseChange } from '../../core/stats/what_if_changes.js';
import { parseBucket } from '../../core/stats/bucket_option.js';
import { importHistory, type ApiDocument } from '../../core/import/airflow_api.js';
import { sqlJs } from '../engine/run_yaml.js';

function scenarioOf(text: string): Scenario {
  const p = parseScenario(text, 'test.yaml');
  if (!p.ok) throw new Error(p.errors.map(formatError).join('\n'));
  return p.scenario;
}

async function statsOf(text: string, bucketMs?: number) {
  const s = scenarioOf(text);
  const r = simulate(s, { sql: await sqlJs() });
  const out = r.output;
  r.close();
  return { out, stats: computeStats(out, { ...statsConfig(s), bucketMs }) };
}

// The hand-checked world (its header says why each figure is what it is).
const TWO_WAIT = readFileSync(new URL('./fixtures/two-wait.yaml', import.meta.url), 'utf8');

describe('stats of a hand-checked scenario', () => {
  it('reads the runs as they happened (the premise of the figures below)', async () => {
    const { out } = await statsOf(TWO_WAIT);
    expect(out.task_instances.map((t) => [t.dag_id, t.start_date, t.end_date])).toEqual([
      ['a', '2025-01-01T00:00:00Z', '2025-01-01T00:30:00Z'],
      ['a', '2025-01-01T00:30:00Z', '2025-01-01T01:00:00Z'],
      ['b', '2025-01-01T01:10:00Z', '2025-01-01T01:30:00Z'],
    ]);
  });

  it('slots, queued task instances and runs per 30-minute bucket', async () => {
    const { stats } = await statsOf(TWO_WAIT, 30 * 60_000);
    expect(stats.bucket).toBe('PT30M');
    expect(stats.times).toEqual(['2025-01-01T00:00:00Z', '2025-01-01T00:30:00Z', '2025-01-01T01:00:00Z', '2025-01-01T01:30:00Z']);
    const one = stats.pools.find((p) => p.pool === 'one')!;
    expect(one.slots).toBe(1);
    expect(one.used).toEqual({ mean: [1, 1, 0, 0], max: [1, 1, 0, 0] });
    expect(one.queued_tis).toEqual({ mean: [1, 0, 0, 0], max: [1, 0, 0, 0] });
    const def = stats.pools.find((p) => p.pool === 'default_pool')!;
    expect(def.slots).toBe(128);
    // u runs 01:10–01:30: two thirds of the third bucket.
    expect(def.used).toEqual({ mean: [0, 0, 0.667, 0], max: [0, 0, 1, 0] });
    expect(stats.total.slots).toBe(32);
    expect(stats.total.used.mean).toEqual([1, 1, 0.667, 0]);
    // Both runs of a run from 00:00; the first ends with its task at 00:30, the second at 01:00.
    expect(stats.total.running_runs).toEqual({ mean: [2, 1, 0.667, 0], max: [2, 1, 1, 0] });
    expect(stats.total.queued_runs.max).toEqual([0, 0, 0, 0]);
  });

  it('delays: the second task waited 30 minutes, no run waited', async () => {
    const { stats } = await statsOf(TWO_WAIT, 30 * 60_000);
    expect(stats.total.task_delay).toEqual({ count: 3, p50: 0, p90: 1800, p99: 1800, max: 1800, mean: 600 });
    expect(stats.total.run_delay).toEqual({ count: 3, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
    expect(stats.pools.find((p) => p.pool === 'one')!.task_delay.max).toBe(1800);
    expect(stats.pools.find((p) => p.pool === 'default_pool')!.task_delay.max).toBe(0);
    // The wait ended at 00:30: the second bucket's delay series holds it; u started at once at 01:10.
    expect(stats.total.task_delay_series.max).toEqual([0, 1800, 0, null]);
    expect(stats.dags.map((d) => [d.dag_id, d.runs, d.task_delay.max])).toEqual([['a', 2, 1800], ['b', 1, 0]]);
  });

  it('summary figures, table and CSV', async () => {
    const { stats } = await statsOf(TWO_WAIT, 30 * 60_000);
    const f = summarize(stats);
    const v = (scope: string, name: string) => f.find((x) => x.scope === scope && x.name === name)?.value;
    expect(v('pool one', 'slots used, peak')).toBe(1);
    expect(v('pool one', 'slots used, mean')).toBe(0.5);
    expect(v('total', 'queued task instances, peak')).toBe(1);
    expect(v('total', 'running runs, peak')).toBe(2);
    expect(statsTable(stats)).toMatch(/pool one\s+task delay max\s+1800s/);
    const csv = statsCsv(stats).trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[0]).toContain('one_used_mean');
    expect(csv[1].startsWith('2025-01-01T00:00:00Z,32,1,1,1,1,0,0,2,2,0,0,0,')).toBe(true);
  });

  it('a run that waits for max_active_runs has a run delay; the clock decides the buckets', async () => {
    const yaml = TWO_WAIT.replace('schedule: null\n    start_date: 2024-12-31\n    tasks:\n      - {task_id: t', 'schedule: null\n    max_active_runs: 1\n    start_date: 2024-12-31\n    tasks:\n      - {task_id: t');
    const { stats } = await statsOf(yaml);
    expect(stats.bucket_ms).toBe(60_000);
    expect(stats.times).toHaveLength(120);
    // The second run of a is queued until the first ends at 00:30; its task then starts at once.
    expect(stats.total.run_delay.max).toBe(1800);
    expect(stats.total.task_delay.max).toBe(0);
    expect(Math.max(...stats.total.queued_runs.max)).toBe(1);
    expect(stats.total.queued_runs.mean.slice(0, 31).filter((x) => x === 1)).toHaveLength(30);
  });
});

describe('stats pieces', () => {
  it('nearest-rank percentiles', () => {
    expect(delayFigures([])).toEqual({ count: 0, p50: null, p90: null, p99: null, max: null, mean: null });
    const xs = Array.from({ length: 100 }, (_, i) => (100 - i) * 1000);
    expect(delayFigures(xs)).toMatchObject({ count: 100, p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
  });

  it('bucket sizes are round and at most 200 per clock', () => {
    expect(chooseBucketMs(2 * 3600_000)).toBe(60_000);
    expect(chooseBucketMs(86_400_000)).toBe(10 * 60_000);
    expect(chooseBucketMs(365 * 86_400_000)).toBe(2 * 86_400_000);
    expect(parseBucket('PT15M')).toEqual({ ms: 900_000 });
    expect(parseBucket('P1M')).toMatchObject({ error: expect.stringMatching(/not a fixed size/) });
    expect(parseBucket('PT0.5S')).toMatchObject({ error: expect.stringMatching(/shorter than a second/) });
    expect(parseBucket('soon')).toMatchObject({ error: expect.stringMatching(/invalid duration/) });
  });

  it('an imported history: runs and slots from start/end dates, no ready times, pool sizes unknown', () => {
    const docs = JSON.parse(readFileSync(join('test/airflow/fixtures', 'airflow31_api.json'), 'utf8')) as ApiDocument[];
    const h = importHistory(docs).output;
    const s = computeStats(h);
    expect(s.total.task_delay.count).toBe(0);
    expect(s.total.run_delay.count).toBe(h.dag_runs.filter((r) => r.start_date).length);
    expect(s.pools.map((p) => [p.pool, p.slots])).toEqual([['default_pool', null]]);
    expect(Math.max(...s.total.used.max)).toBeGreaterThan(0);
    expect(s.notes.join('\n')).toMatch(/no ready times/);
    expect(s.notes.join('\n')).toMatch(/pool sizes are not known/);
  });
});

describe('what-if changes', () => {
  it('parses the phrases and refuses others with the syntax', () => {
    expect(parseChange('pool default_pool=96')).toEqual({ kind: 'pool', pool: 'default_pool', slots: 96 });
    expect(parseChange(' add-dags 200 ')).toEqual({ kind: 'add-dags', count: 200 });
    expect(parseChange('parallelism 64')).toEqual({ kind: 'parallelism', value: 64 });
    expect(parseChange('max-active-runs 2')).toEqual({ kind: 'max-active-runs', value: 2 });
    expect(parseChange('pool p=-1')).toMatchObject({ error: expect.stringMatching(/whole number/) });
    expect(parseChange('add-dags 1e9')).toMatchObject({ error: expect.stringMatching(/whole number 1–100000/) });
    expect(parseChange('more slots')).toMatchObject({ error: expect.stringMatching(/expected 'pool NAME=SLOTS'/) });
  });

  it('add-dags copies the DAGs in turn under new ids; the input scenario is unchanged', () => {
    const s = scenarioOf(TWO_WAIT);
    const c = applyChanges(s, [{ kind: 'add-dags', count: 3 }, { kind: 'pool', pool: 'one', slots: 2 }]);
    expect(c.dags.map((d) => d.dag_id)).toEqual(['a', 'b', 'a__copy1', 'b__copy1', 'a__copy2']);
    expect(c.pools.one).toBe(2);
    expect(s.dags).toHaveLength(2);
    expect(s.pools.one).toBe(1);
  });

  it('a second slot in pool one removes the wait, side by side', async () => {
    const s = scenarioOf(TWO_WAIT);
    const sql = await sqlJs();
    const statsFor = (x: Scenario) => { const r = simulate(x, { sql }); try { return computeStats(r.outputStream, { ...statsConfig(x), bucketMs: 1800_000 }); } finally { r.close(); } };
    const before = statsFor(s), after = statsFor(applyChanges(s, [{ kind: 'pool', pool: 'one', slots: 2 }]));
    const rows = whatIfRows({ changes: ['pool one=2'], before, after, notes: [] });
    const row = (scope: string, figure: string) => rows.find((r) => r.scope === scope && r.figure === figure)!;
    expect([row('pool one', 'slots').before?.value, row('pool one', 'slots').after?.value, row('pool one', 'slots').change]).toEqual([1, 2, '+1']);
    expect([row('total', 'task delay max').before?.value, row('total', 'task delay max').after?.value, row('total', 'task delay max').change]).toEqual([1800, 0, '-1800s']);
    expect(row('pool one', 'slots used, peak').after?.value).toBe(2);
  });

  it('the lazy output stream gives the same figures as the whole output', async () => {
    const s = scenarioOf(TWO_WAIT);
    const r = simulate(s, { sql: await sqlJs() });
    const lazy = computeStats(r.outputStream, statsConfig(s));
    const whole = computeStats(r.output, statsConfig(s));
    r.close();
    expect(lazy).toEqual(whole);
  });
});
