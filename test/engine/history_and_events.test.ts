// depends_on_past (§5), assets (§8), TriggerDagRunOperator (§9.1), backfill (§10), clear/mark,
// dagrun_timeout, max_consecutive_failed_dag_runs and deadlocks.
import { describe, expect, it } from 'vitest';
import { output, runsOf, tiOf } from './run_yaml.js';

const hourly = (task: string, events = '  []', extra = '') => `
windtunnel: 1
name: dop
clock: {start: 2025-02-01T00:30:00Z, end: 2025-02-01T05:00:00Z}
${extra}
dags:
  - dag_id: h
    schedule: "@hourly"
    start_date: 2025-02-01T01:00:00Z
    tasks:
${task}
events:
${events}`;

describe('depends_on_past', () => {
  const task = `
      - task_id: load
        depends_on_past: true
        duration: PT10M
        outcome: {fail_if: "{{ run_id == 'scheduled__2025-02-01T02:00:00+00:00' }}"}`;

  it('a failed previous run holds later runs; the run stays running, not deadlocked', async () => {
    const out = await output(hourly(task));
    expect(runsOf(out).map((r) => [r.run_id.slice(11, 24), r.state])).toEqual([
      ['2025-02-01T01', 'success'], ['2025-02-01T02', 'failed'], ['2025-02-01T03', 'running'], ['2025-02-01T04', 'running'], ['2025-02-01T05', 'running'],
    ]);
    const blocked = out.log.find((l) => l.kind === 'ti.blocked' && l.run_id === 'scheduled__2025-02-01T03:00:00+00:00');
    expect(blocked?.why).toBe('depends_on_past: previous run scheduled__2025-02-01T02:00:00+00:00 task load is failed');
    expect(blocked?.ref_run_id).toBe('scheduled__2025-02-01T02:00:00+00:00');
  });

  it('runs without a logical date are neither gated nor gating (prior_run_order: logical_date)', async () => {
    const out = await output(hourly(task, `
  - at: 2025-02-01T02:30:00Z
    trigger: {dag_id: h, run_id: adhoc}`));
    expect(tiOf(out, 'adhoc', 'load').state).toBe('success');
    expect(tiOf(out, 'scheduled__2025-02-01T03:00:00+00:00', 'load').state).toBeNull();
  });

  it('prior_run_order: run_after makes the ad-hoc run part of the chain', async () => {
    const out = await output(hourly(task, `
  - at: 2025-02-01T02:30:00Z
    trigger: {dag_id: h, run_id: adhoc}`, 'rules: {prior_run_order: run_after}'));
    expect(tiOf(out, 'adhoc', 'load').state).toBeNull();
    const blocked = out.log.find((l) => l.kind === 'ti.blocked' && l.run_id === 'scheduled__2025-02-01T03:00:00+00:00');
    expect(blocked?.ref_run_id).toBe('adhoc');
  });

  it("wait_for_downstream waits for the previous run's direct downstream tasks", async () => {
    const out = await output(hourly(`
      - task_id: a
        wait_for_downstream: true
        depends_on_past: true
        duration: PT5M
      - task_id: b
        upstream: [a]
        duration: PT70M`));
    // b of the 01:00 run ends at 02:15, so a of the 02:00 run starts at 02:15.
    expect(tiOf(out, 'scheduled__2025-02-01T02:00:00+00:00', 'a').start_date).toBe('2025-02-01T02:15:00Z');
  });
});

const assetsScenario = (profile: string, extra = '') => `
windtunnel: 1
name: assets
airflow: "${profile}"
seed: 2
clock: {start: 2025-05-01T00:00:00Z, end: 2025-05-01T03:00:00Z}
assets:
  - {name: a}
  - {name: b}
dags:
  - dag_id: producer
    schedule: null
    start_date: 2025-05-01
    tasks:
      - {task_id: make_a, outlets: [a], duration: PT10M}
  - dag_id: consumer_all
    schedule: {assets: {all: [a, b]}}
    start_date: 2025-05-01
    tasks: [{task_id: use, duration: PT5M, templates: {n: "{{ triggering_asset_events['a'] | length }}"}}]
  - dag_id: consumer_any
    schedule: {assets: {any: [a, b]}}
    start_date: 2025-05-01
    ${extra}
    tasks: [{task_id: use, duration: PT5M}]
events:
  - at: 2025-05-01T01:00:00Z
    trigger: {dag_id: producer, run_id: p1}
  - at: 2025-05-01T02:00:00Z
    asset_event: {asset: b, extra: {rows: 3}}`;

describe('assets', () => {
  it('task outlets and external events queue consumers; all/any conditions; runs without a logical date', async () => {
    const out = await output(assetsScenario('3.1'));
    const any = runsOf(out, 'consumer_any');
    expect(any).toHaveLength(2);
    expect(any[0].run_after).toBe('2025-05-01T01:10:00Z');
    expect(any[0].logical_date).toBeNull();
    expect(any[0].run_id).toMatch(/^asset_triggered__2025-05-01T01:10:00\+00:00_[A-Za-z0-9]{8}$/);
    const all = out.dag_runs.filter((r) => r.dag_id === 'consumer_all');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ run_after: '2025-05-01T02:00:00Z', run_type: 'asset_triggered', triggered_by: 'asset', data_interval_start: null });
    expect(tiOf(out, all[0].run_id, 'use').rendered.n).toBe('1');
    expect(out.asset_events.map((e) => [e.asset, e.source_task_id])).toEqual([['a', 'make_a'], ['b', null]]);
  });

  it('a paused consumer gets no queue row', async () => {
    const out = await output(assetsScenario('3.1', 'paused: true'));
    expect(runsOf(out, 'consumer_any')).toEqual([]);
    expect(out.log.some((l) => l.kind === 'asset.not_queued' && l.dag_id === 'consumer_any')).toBe(true);
  });

  it('Airflow 2 dataset-triggered runs have a logical date', async () => {
    const out = await output(assetsScenario('2'));
    const any = out.dag_runs.filter((r) => r.dag_id === 'consumer_any');
    expect(any[0]).toMatchObject({ run_id: 'dataset_triggered__2025-05-01T01:10:00+00:00', logical_date: '2025-05-01T01:10:00Z' });
  });
});

describe('TriggerDagRunOperator', () => {
  const scenario = (trigger: string, events = '') => `
windtunnel: 1
name: op
clock: {start: 2025-02-18T08:00:00Z, end: 2025-02-18T10:00:00Z}
dags:
  - dag_id: parent
    schedule: null
    start_date: 2025-01-01
    tasks:
      - task_id: fire
        operator: trigger_dagrun
        duration: PT1M
        trigger: ${trigger}
  - dag_id: child
    schedule: null
    start_date: 2025-01-01
    tasks: [{task_id: work, duration: PT20M}]
events:
  - at: 2025-02-18T08:04:46Z
    trigger: {dag_id: parent, run_id: p}
${events}`;

  it('defaults logical_date to now and run_id manual__<now> (test_trigger_dagrun); pushes trigger_run_id', async () => {
    const out = await output(scenario('{dag_id: child, conf: {foo: bar}}'));
    const child = out.dag_runs.find((r) => r.dag_id === 'child')!;
    expect(child).toMatchObject({ run_id: 'manual__2025-02-18T08:04:46+00:00', logical_date: '2025-02-18T08:04:46Z', triggered_by: 'operator', conf: { foo: 'bar' } });
    expect(out.xcoms.find((x) => x.key === 'trigger_run_id')?.value).toBe('manual__2025-02-18T08:04:46+00:00');
    // Airflow 3's operator also stores its extra link (providers/standard trigger_dagrun.py:332-343).
    expect(out.xcoms.find((x) => x.key === '_link_TriggerDagRunLink')?.value).toBe('/dags/child/runs/manual__2025-02-18T08:04:46+00:00');
    // It does no work of its own: the try ends at the instant it triggered (real Airflow 3.3.2 did so).
    expect(tiOf(out, 'p', 'fire').end_date).toBe('2025-02-18T08:04:46Z');
  });

  it('an explicit logical_date names the run after it (test_trigger_dagrun_with_logical_date)', async () => {
    const out = await output(scenario('{dag_id: child, logical_date: "2021-01-02T03:04:05+00:00"}'));
    const child = out.dag_runs.find((r) => r.dag_id === 'child')!;
    expect(child).toMatchObject({ run_id: 'manual__2021-01-02T03:04:05+00:00', logical_date: '2021-01-02T03:04:05Z', run_after: '2025-02-18T08:04:46Z' });
  });

  it('explicit null logical_date: a run without one; wait_for_completion pokes until success', async () => {
    const out = await output(scenario('{dag_id: child, logical_date: null, wait_for_completion: true, poke_interval: PT5M}'));
    const child = out.dag_runs.find((r) => r.dag_id === 'child')!;
    expect(child.logical_date).toBeNull();
    expect(child.run_id).toMatch(/^manual__2025-02-18T08:04:46\+00:00_[A-Za-z0-9]{8}$/);
    // child ends 08:24:46; pokes at +5, +10, +15, +20, +25 min → success at 08:29:46.
    expect(tiOf(out, 'p', 'fire')).toMatchObject({ state: 'success', end_date: '2025-02-18T08:29:46Z' });
  });

  it('an existing run id fails the task, or skips it with skip_when_already_exists', async () => {
    const dup = `
  - at: 2025-02-18T08:00:00Z
    trigger: {dag_id: child, run_id: fixed}`;
    const failed = await output(scenario('{dag_id: child, trigger_run_id: fixed}', dup));
    expect(tiOf(failed, 'p', 'fire')).toMatchObject({ state: 'failed', error: expect.stringContaining('already exists') });
    const skipped = await output(scenario('{dag_id: child, trigger_run_id: fixed, skip_when_already_exists: true}', dup));
    expect(tiOf(skipped, 'p', 'fire').state).toBe('skipped');
  });
});

describe('backfill', () => {
  it('creates missing runs, re-processes failed ones in place, respects its own max_active_runs', async () => {
    const out = await output(`
windtunnel: 1
name: bf
clock: {start: 2025-06-05T00:00:00Z, end: 2025-06-07T00:00:00Z}
dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-06-01
    catchup: true
    tasks: [{task_id: t, duration: PT20M, outcome: {fail_if: "{{ ds == '2025-06-03' and dag_run.run_type == 'scheduled' }}"}}]
events:
  - at: 2025-06-06T12:00:00Z
    backfill: {dag_id: d, from_date: 2025-05-30, to_date: 2025-06-04, reprocess_behavior: failed, max_active_runs: 1}`);
    const bf = out.dag_runs.filter((r) => r.backfill_id === 1);
    expect(bf.map((r) => [r.run_id, r.state, r.clear_number])).toEqual([
      ['backfill__2025-05-30T00:00:00+00:00', 'success', 0],
      ['backfill__2025-05-31T00:00:00+00:00', 'success', 0],
      ['scheduled__2025-06-03T00:00:00+00:00', 'success', 1],
    ]);
    expect(out.dag_runs.find((r) => r.run_id === 'scheduled__2025-06-03T00:00:00+00:00')?.run_type).toBe('backfill');
    expect(bf.map((r) => r.start_date)).toEqual(['2025-06-06T12:00:00Z', '2025-06-06T12:20:00Z', '2025-06-06T12:40:00Z']);
  });

  it('refuses depends_on_past with reprocess_behavior none, and future dates', async () => {
    const out = await output(`
windtunnel: 1
name: bf2
airflow: "3.1"
clock: {start: 2025-06-05T00:00:00Z, end: 2025-06-06T00:00:00Z}
dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-06-01
    tasks: [{task_id: t, depends_on_past: true}]
events:
  - at: 2025-06-05T01:00:00Z
    backfill: {dag_id: d, from_date: 2025-06-01, to_date: 2025-06-03}
  - at: 2025-06-05T01:00:00Z
    backfill: {dag_id: d, from_date: 2025-06-06, to_date: 2025-07-03, reprocess_behavior: completed}`);
    expect(out.event_results.map((e) => [e.ok, e.status])).toEqual([[false, 422], [false, 422]]);
  });
});

describe('clear, mark, timeouts, deadlocks', () => {
  const base = (tasks: string, events: string, dagExtra = '') => `
windtunnel: 1
name: cm
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z}
dags:
  - dag_id: d
    schedule: null
    start_date: 2025-01-01
    ${dagExtra}
    tasks:
${tasks}
events:
${events}`;

  it('clear re-queues the run, bumps clear_number, and the tasks run again', async () => {
    const out = await output(base('      - {task_id: t, duration: PT10M, outcome: failed}', `
  - at: 2025-01-01T00:00:00Z
    trigger: {dag_id: d, run_id: r}
  - at: 2025-01-01T01:00:00Z
    clear: {dag_id: d, run_id: r}`));
    expect(out.dag_runs[0]).toMatchObject({ state: 'failed', clear_number: 1, start_date: '2025-01-01T01:00:00Z' });
    expect(tiOf(out, 'r', 't')).toMatchObject({ try_number: 2, start_date: '2025-01-01T01:00:00Z' });
  });

  it('mark success finishes a run and its unfinished tasks', async () => {
    const out = await output(base('      - {task_id: t, duration: PT3H}', `
  - at: 2025-01-01T00:00:00Z
    trigger: {dag_id: d, run_id: r}
  - at: 2025-01-01T01:00:00Z
    mark: {dag_id: d, run_id: r, state: success}`));
    expect(out.dag_runs[0]).toMatchObject({ state: 'success', end_date: '2025-01-01T01:00:00Z' });
    expect(tiOf(out, 'r', 't').state).toBe('success');
  });

  it('dagrun_timeout fails the run and skips unfinished tasks', async () => {
    const out = await output(base('      - {task_id: t, duration: PT3H}', `
  - at: 2025-01-01T00:00:00Z
    trigger: {dag_id: d, run_id: r}`, 'dagrun_timeout: PT1H'));
    expect(out.dag_runs[0]).toMatchObject({ state: 'failed', end_date: '2025-01-01T01:00:00Z' });
    expect(tiOf(out, 'r', 't').state).toBe('skipped');
  });

  it('max_consecutive_failed_dag_runs pauses the DAG', async () => {
    const out = await output(`
windtunnel: 1
name: mcf
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z}
dags:
  - dag_id: d
    schedule: "@hourly"
    start_date: 2025-01-01
    max_consecutive_failed_dag_runs: 2
    tasks: [{task_id: t, outcome: failed}]`);
    expect(out.dag_runs.map((r) => r.state)).toEqual(['failed', 'failed']);
    expect(out.log.some((l) => l.kind === 'dag.paused')).toBe(true);
  });
});
