// The scheduler loop against hand-derived Airflow 3 behaviour: catchup with both cron
// timetables, max_active_runs, retries, trigger rules and the run outcome.
import { describe, expect, it } from 'vitest';
import { output, runsOf, tiOf } from './run_yaml.js';

const dag = (body: string, clock = '{start: 2025-01-08T06:00:00Z, end: 2025-01-09T12:00:00Z}', extra = '') => `
windtunnel: 1
name: sched
clock: ${clock}
${extra}
dags:
${body}`;

describe('catchup (semantics §3.7)', () => {
  it('CronTrigger @daily, catchup off: only the latest tick, logical_date = run_after, zero-length interval', async () => {
    const out = await output(dag(`
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-01-01
    tasks: [{task_id: t, duration: PT10M}]`));
    expect(runsOf(out)).toEqual([
      { run_id: 'scheduled__2025-01-08T00:00:00+00:00', logical_date: '2025-01-08T00:00:00Z', run_after: '2025-01-08T00:00:00Z', state: 'success' },
      { run_id: 'scheduled__2025-01-09T00:00:00+00:00', logical_date: '2025-01-09T00:00:00Z', run_after: '2025-01-09T00:00:00Z', state: 'success' },
    ]);
    expect(out.dag_runs[0]).toMatchObject({ data_interval_start: '2025-01-08T00:00:00Z', data_interval_end: '2025-01-08T00:00:00Z', queued_at: '2025-01-08T06:00:00Z', start_date: '2025-01-08T06:00:00Z', end_date: '2025-01-08T06:10:00Z' });
  });

  it('CronDataInterval @daily, catchup off: the latest completed interval', async () => {
    const out = await output(dag(`
  - dag_id: d
    schedule: {cron_data_interval: "@daily"}
    start_date: 2025-01-01
    tasks: [{task_id: t, duration: PT10M}]`));
    // The default profile (3.3) names a scheduled run after its run_after, the interval's end, as
    // real Airflow 3.3.2 does (3.2+); 3.1 named it after the logical date.
    expect(out.dag_runs.map((r) => [r.run_id, r.data_interval_start, r.data_interval_end, r.run_after])).toEqual([
      ['scheduled__2025-01-08T00:00:00+00:00', '2025-01-07T00:00:00Z', '2025-01-08T00:00:00Z', '2025-01-08T00:00:00Z'],
      ['scheduled__2025-01-09T00:00:00+00:00', '2025-01-08T00:00:00Z', '2025-01-09T00:00:00Z', '2025-01-09T00:00:00Z'],
    ]);
    const v31 = await output(dag(`
  - dag_id: d
    schedule: {cron_data_interval: "@daily"}
    start_date: 2025-01-01
    tasks: [{task_id: t, duration: PT10M}]`).replace('windtunnel: 1', 'windtunnel: 1\nairflow: "3.1"'));
    expect(v31.dag_runs.map((r) => r.run_id)).toEqual(['scheduled__2025-01-07T00:00:00+00:00', 'scheduled__2025-01-08T00:00:00+00:00']);
  });

  it('catchup on creates every missed run, oldest first', async () => {
    const out = await output(dag(`
  - dag_id: trig
    schedule: "@daily"
    start_date: 2025-01-01
    catchup: true
    tasks: [{task_id: t, duration: PT10M}]
  - dag_id: intv
    schedule: {cron_data_interval: "@daily"}
    start_date: 2025-01-01
    catchup: true
    tasks: [{task_id: t, duration: PT10M}]`));
    expect(runsOf(out, 'trig').map((r) => r.logical_date)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((d) => `2025-01-${d}T00:00:00Z`));
    expect(runsOf(out, 'intv').map((r) => r.logical_date)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => `2025-01-${d}T00:00:00Z`));
  });

  it('"2" profile: a cron string is a CronDataIntervalTimetable and catchup defaults on', async () => {
    const out = await output(dag(`
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-01-06
    tasks: [{task_id: t, duration: PT10M}]`, undefined, 'airflow: "2"'));
    expect(runsOf(out).map((r) => [r.run_id, r.run_after])).toEqual([
      ['scheduled__2025-01-06T00:00:00+00:00', '2025-01-07T00:00:00Z'],
      ['scheduled__2025-01-07T00:00:00+00:00', '2025-01-08T00:00:00Z'],
      ['scheduled__2025-01-08T00:00:00+00:00', '2025-01-09T00:00:00Z'],
    ]);
  });
});

describe('max_active_runs', () => {
  it('creates and runs at most N at a time; the rest follow as slots free', async () => {
    const out = await output(dag(`
  - dag_id: d
    schedule: "@hourly"
    start_date: 2025-01-08T00:00:00Z
    catchup: true
    max_active_runs: 2
    tasks: [{task_id: t, duration: PT90M}]`, '{start: 2025-01-08T03:00:00Z, end: 2025-01-08T06:00:00Z}'));
    const starts = out.dag_runs.map((r) => [r.logical_date, r.start_date]);
    expect(starts.slice(0, 4)).toEqual([
      ['2025-01-08T00:00:00Z', '2025-01-08T03:00:00Z'],
      ['2025-01-08T01:00:00Z', '2025-01-08T03:00:00Z'],
      ['2025-01-08T02:00:00Z', '2025-01-08T04:30:00Z'],
      ['2025-01-08T03:00:00Z', '2025-01-08T04:30:00Z'],
    ]);
    // Never more than 2 running at once.
    const events = out.dag_runs.flatMap((r) => [[Date.parse(r.start_date!), 1], [r.end_date ? Date.parse(r.end_date) : Infinity, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let running = 0;
    for (const [, d] of events) { running += d; expect(running).toBeLessThanOrEqual(2); }
  });
});

describe('task instances', () => {
  it('retries with delay: fail_tries 2, retries 3 → success on try 3', async () => {
    const out = await output(dag(`
  - dag_id: d
    schedule: null
    start_date: 2025-01-01
    tasks: [{task_id: t, duration: PT1M, retries: 3, retry_delay: PT5M, outcome: {fail_tries: 2}}]`, '{start: 2025-01-08T00:00:00Z, end: 2025-01-08T01:00:00Z}', `events:
  - at: 2025-01-08T00:00:00Z
    trigger: {dag_id: d, run_id: r}`));
    const ti = tiOf(out, 'r', 't');
    expect(ti).toMatchObject({ state: 'success', try_number: 3, start_date: '2025-01-08T00:12:00Z', end_date: '2025-01-08T00:13:00Z' });
    const kinds = out.log.filter((l) => l.task_id === 't' && /ti\.(up_for_retry|running|success)/.test(l.kind)).map((l) => `${l.at.slice(11, 16)} ${l.kind}`);
    expect(kinds).toEqual(['00:00 ti.running', '00:01 ti.up_for_retry', '00:06 ti.running', '00:07 ti.up_for_retry', '00:12 ti.running', '00:13 ti.success']);
  });

  it('trigger rules: all_success becomes upstream_failed, all_done still runs; a failed leaf fails the run', async () => {
    const out = await output(dag(`
  - dag_id: d
    schedule: null
    start_date: 2025-01-01
    tasks:
      - {task_id: a, outcome: failed}
      - {task_id: b, upstream: [a]}
      - {task_id: c, upstream: [a], trigger_rule: all_done}
      - {task_id: e, upstream: [a], trigger_rule: one_failed}`, '{start: 2025-01-08T00:00:00Z, end: 2025-01-08T01:00:00Z}', `events:
  - at: 2025-01-08T00:00:00Z
    trigger: {dag_id: d, run_id: r}`));
    expect(['a', 'b', 'c', 'e'].map((t) => tiOf(out, 'r', t).state)).toEqual(['failed', 'upstream_failed', 'success', 'success']);
    expect(out.dag_runs[0].state).toBe('failed');
  });

  it('EmptyOperator goes straight to success without a try on the executor', async () => {
    const out = await output(dag(`
  - dag_id: d
    schedule: null
    start_date: 2025-01-01
    tasks:
      - {task_id: start, operator: empty}
      - {task_id: work, upstream: [start], duration: PT3M}`, '{start: 2025-01-08T00:00:00Z, end: 2025-01-08T01:00:00Z}', `events:
  - at: 2025-01-08T00:00:00Z
    trigger: {dag_id: d, run_id: r}`));
    expect(tiOf(out, 'r', 'start')).toMatchObject({ state: 'success', try_number: 1, start_date: '2025-01-08T00:00:00Z', end_date: '2025-01-08T00:00:00Z' });
    expect(tiOf(out, 'r', 'work')).toMatchObject({ state: 'success', start_date: '2025-01-08T00:00:00Z', end_date: '2025-01-08T00:03:00Z' });
    expect(out.log.some((l) => l.task_id === 'start' && l.kind === 'ti.queued')).toBe(false);
  });

  it('pools hold tasks back until a slot frees, higher priority first', async () => {
    const out = await output(dag(`
  - dag_id: d
    schedule: null
    start_date: 2025-01-01
    tasks:
      - {task_id: low, pool: gpu, duration: PT10M, priority_weight: 1}
      - {task_id: high, pool: gpu, duration: PT10M, priority_weight: 5}`, '{start: 2025-01-08T00:00:00Z, end: 2025-01-08T01:00:00Z}', `pools: {gpu: 1}
events:
  - at: 2025-01-08T00:00:00Z
    trigger: {dag_id: d, run_id: r}`));
    expect(tiOf(out, 'r', 'high').start_date).toBe('2025-01-08T00:00:00Z');
    expect(tiOf(out, 'r', 'low').start_date).toBe('2025-01-08T00:10:00Z');
  });
});
