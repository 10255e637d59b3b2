// Crash-free engine: a huge try number with retry_delay 0 (BigInt(NaN) before), and a backfill
// whose free slots hold hundreds of thousands of runs (push(...runs) overflowed the stack).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextRetryDatetime } from '../../core/scheduler/retry.js';
import { startQueuedRuns } from '../../core/scheduler/start_runs.js';
import type { RunRecord, TaskInstanceRecord } from '../../core/scheduler/state/records.js';
import type { Simulation } from '../../core/scheduler/simulation.js';

const tmp = mkdtempSync(join(tmpdir(), 'wt-sec-crash-'));
const file = (name: string, text: string) => { const p = join(tmp, name); writeFileSync(p, text); return p; };
const cli = (...args: string[]) => spawnSync('node', ['bin/windtunnel.mjs', ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 512 * 2 ** 20 });

function ti(tryNumber: number, delayMs: number): TaskInstanceRecord {
  return {
    try_number: tryNumber,
    task: { task_id: 't', retry_delay_ms: delayMs, retry_exponential_backoff: true, max_retry_delay_ms: null },
    run: { logical_date: Date.UTC(2025, 0, 1), dag: { spec: { dag_id: 'd' } } },
  } as unknown as TaskInstanceRecord;
}

describe('retries: huge try numbers', () => {
  it('delay 0 with exponential backoff past try 1024 waits MAX_RETRY_DELAY (a day), as Airflow does after its OverflowError', () => {
    const end = Date.UTC(2025, 0, 1);
    for (const tryNumber of [1025, 2000, 1e6, Number.MAX_SAFE_INTEGER]) {
      expect(nextRetryDatetime(ti(tryNumber, 0), end)).toBe(end + 86_400_000);
      expect(nextRetryDatetime(ti(tryNumber, 300_000), end)).toBe(end + 86_400_000);
    }
    // Small tries are unchanged: at least a second, at most double the backoff.
    const d = nextRetryDatetime(ti(1, 0), end) - end;
    expect(d).toBeGreaterThanOrEqual(1000);
    expect(d).toBeLessThanOrEqual(2000);
  });

  it('run: retries 9007199254740991 with retry_delay PT0S and backoff finishes (it threw BigInt(NaN) at try 1025)', () => {
    const f = file('retry.yaml', `windtunnel: 1
name: retry
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z}
dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-01-01
    tasks: [{task_id: t, outcome: failed, retries: 9007199254740991, retry_delay: PT0S, retry_exponential_backoff: true}]
`);
    const r = cli('run', f, '--format', 'json');
    expect(r.stderr).not.toMatch(/BigInt/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Math.max(...out.task_instances.map((t: { try_number: number }) => t.try_number))).toBeGreaterThan(1025);
  });

  it('retries 1e308 is a located parse error', () => {
    const f = file('retry308.yaml', `windtunnel: 1
name: retry
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z}
dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-01-01
    tasks: [{task_id: t, outcome: failed, retries: 1e308, retry_delay: PT0S}]
`);
    const r = cli('validate', f);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/retry308\.yaml:8:\d+ dags\[0\]\.tasks\[0\]\.retries: /);
  });

  it('retries with neither a duration nor a delay is refused up front, at the retries line', () => {
    const f = file('retry0.yaml', `windtunnel: 1
name: retry
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z}
dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-01-01
    tasks: [{task_id: t, outcome: failed, retries: 9007199254740991, retry_delay: PT0S, duration: PT0S}]
`);
    const r = cli('run', f);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/retry0\.yaml:8:\d+ dags\[0\]\.tasks\[0\]\.retries: too much work to simulate: .*unbounded task instances.*retries with no time between tries/);
  });
});

describe('backfill: hundreds of thousands of free slots', () => {
  it('startQueuedRuns starts 300,000 backfill runs without overflowing the stack', () => {
    const queued = new Set<RunRecord>();
    const dag = { spec: { dag_id: 'd', max_active_runs: 16 }, paused: false, active: queued };
    for (let i = 0; i < 300_000; i++) {
      queued.add({ id: i + 1, dag, state: 'queued', run_id: `backfill__${i}`, run_after: 0, backfill_id: 1, sort_ordinal: i + 1, last_scheduling_decision: null } as unknown as RunRecord);
    }
    let started = 0;
    const sim = {
      now: 1, queuedRuns: queued, runningRuns: new Set<RunRecord>(),
      // The one DAG whose runs changed (state/dag_visits.ts hands start_runs only those).
      dagVisits: { forStart: () => new Set([dag]) },
      backfills: new Map([[1, { id: 1, max_active_runs: 1e9, is_paused: false }]]),
      setRunState: () => { started++; }, note: () => {},
    } as unknown as Simulation;
    expect(() => startQueuedRuns(sim)).not.toThrow();
    expect(started).toBe(300_000);
  });

  it('run: a 300,000-run backfill is refused up front at its from_date, not left to run for minutes', () => {
    const f = file('bf.yaml', `windtunnel: 1
name: bf
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T00:10:00Z}
dags:
  - dag_id: d
    schedule: "* * * * *"
    start_date: 2000-01-01
    tasks: [{task_id: t, duration: PT0S}]
events:
  - at: 2025-01-01T00:00:00Z
    backfill: {dag_id: d, from_date: 2024-06-01, to_date: 2024-12-31, max_active_runs: 100000000}
`);
    const t0 = performance.now();
    const r = cli('run', f);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bf\.yaml:11:\d+ events\[0\]\.backfill\.from_date: too much work to simulate: about 306,7\d\d dag runs/);
    expect(r.stderr).not.toMatch(/Maximum call stack/);
  });
});
