// Manual runs: the run_id, logical_date, data interval and run_after each path produces (§1.3, §2, §9).
import { describe, expect, it } from 'vitest';
import { output, runsOf } from './run_yaml.js';

const scenario = (profile: string, schedule: string, events: string) => `
windtunnel: 1
name: manual
airflow: "${profile}"
seed: 1
clock: {start: 2025-06-01T00:00:00Z, end: 2025-06-01T12:00:00Z}
dags:
  - dag_id: d
    schedule: ${schedule}
    start_date: 2025-06-01
    tasks: [{task_id: t, duration: PT1M}]
events:
${events}`;

describe('trigger via cli', () => {
  it('3.1: no logical date, run_id manual__<now> without a random suffix', async () => {
    const out = await output(scenario('3.1', 'null', `
  - at: 2025-06-01T10:00:00Z
    trigger: {dag_id: d, via: cli}`));
    expect(runsOf(out)).toEqual([{ run_id: 'manual__2025-06-01T10:00:00+00:00', logical_date: null, run_after: '2025-06-01T10:00:00Z', state: 'success' }]);
    expect(out.dag_runs[0].data_interval_start).toBeNull();
    expect(out.dag_runs[0].triggered_by).toBe('cli');
  });

  // Same-instant stamping (docs/fidelity.md): the second trigger of an instant sees now + 1 µs, as on a
  // real server, so its run id differs by the microsecond (3.1.8 and 3.3.2 did the same in the oracle).
  it('3.1: two CLI triggers in the same instant get run ids a microsecond apart', async () => {
    const out = await output(scenario('3.1', 'null', `
  - at: 2025-06-01T10:00:00Z
    trigger: {dag_id: d}
  - at: 2025-06-01T10:00:00Z
    trigger: {dag_id: d}`));
    expect(out.event_results.map((e) => e.ok)).toEqual([true, true]);
    expect(out.dag_runs.map((r) => r.run_id)).toEqual(['manual__2025-06-01T10:00:00+00:00', 'manual__2025-06-01T10:00:00.000001+00:00']);
  });

  it('3.0: no logical date gets a random 8-character suffix from the seed', async () => {
    const out = await output(scenario('3.0', 'null', `
  - at: 2025-06-01T10:00:00Z
    trigger: {dag_id: d}
  - at: 2025-06-01T10:00:00Z
    trigger: {dag_id: d}`));
    expect(out.dag_runs).toHaveLength(2);
    expect(out.dag_runs[0].run_id).toMatch(/^manual__2025-06-01T10:00:00\+00:00_[A-Za-z0-9]{8}$/);
    expect(out.dag_runs[1].run_id).toMatch(/^manual__2025-06-01T10:00:00\.000001\+00:00_[A-Za-z0-9]{8}$/);
    expect(out.dag_runs[0].run_id).not.toBe(out.dag_runs[1].run_id);
  });

  it('with a logical date on a trigger timetable, the data interval comes from the trigger time', async () => {
    const out = await output(scenario('3.1', '"@daily"', `
  - at: 2025-06-01T10:00:00Z
    trigger: {dag_id: d, logical_date: 2025-01-01T00:00:00Z}`));
    const manual = out.dag_runs.find((r) => r.run_type === 'manual')!;
    expect(manual).toMatchObject({ logical_date: '2025-01-01T00:00:00Z', data_interval_start: '2025-06-01T10:00:00Z', data_interval_end: '2025-06-01T10:00:00Z', run_after: '2025-06-01T10:00:00Z' });
  });
});

describe('trigger via REST API', () => {
  it('logical_date = now: run_id manual__<now>, interval [L, L], run_after L (test_dag_run.py TestTriggerDagRun)', async () => {
    const out = await output(scenario('3.1', 'null', `
  - at: 2025-06-01T10:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: "2025-06-01T10:00:00Z"}}`));
    const r = out.dag_runs[0];
    expect(r).toMatchObject({ run_id: 'manual__2025-06-01T10:00:00+00:00', logical_date: '2025-06-01T10:00:00Z', data_interval_start: '2025-06-01T10:00:00Z', data_interval_end: '2025-06-01T10:00:00Z', run_after: '2025-06-01T10:00:00Z', queued_at: '2025-06-01T10:00:00Z', run_type: 'manual', triggered_by: 'rest_api', conf: {} });
    expect(out.event_results[0]).toMatchObject({ ok: true, status: 200 });
    expect((out.event_results[0].response as Record<string, unknown>).state).toBe('queued');
  });

  it('3.0: a future logical date waits queued until its run_after (the inferred interval end)', async () => {
    const out = await output(scenario('3.0', 'null', `
  - at: 2025-06-01T01:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: "2025-06-01T05:00:00Z"}}`));
    expect(out.dag_runs[0]).toMatchObject({ run_id: 'manual__2025-06-01T01:00:00+00:00', run_after: '2025-06-01T05:00:00Z', start_date: '2025-06-01T05:00:00Z', state: 'success' });
  });

  it('3.1 (3.1.8): a future logical date runs at once, named and stamped by the request time', async () => {
    const out = await output(scenario('3.1', 'null', `
  - at: 2025-06-01T01:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: "2025-06-01T05:00:00Z"}}`));
    expect(out.dag_runs[0]).toMatchObject({ run_id: 'manual__2025-06-01T01:00:00+00:00', logical_date: '2025-06-01T05:00:00Z', run_after: '2025-06-01T01:00:00Z', start_date: '2025-06-01T01:00:00Z', state: 'success' });
  });

  it('3.0: an explicit data interval keeps the body\'s run_after', async () => {
    const out = await output(scenario('3.0', 'null', `
  - at: 2025-06-01T01:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: "2025-06-01T05:00:00Z", data_interval_start: "2025-06-01T04:00:00Z", data_interval_end: "2025-06-01T05:00:00Z"}}`));
    expect(out.dag_runs[0]).toMatchObject({ run_after: '2025-06-01T01:00:00Z', data_interval_end: '2025-06-01T05:00:00Z' });
  });

  it('duplicate logical date → 409 from the unique constraint', async () => {
    const out = await output(scenario('3.1', 'null', `
  - at: 2025-06-01T01:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: "2025-06-01T00:00:00Z", dag_run_id: a}}
  - at: 2025-06-01T01:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: "2025-06-01T00:00:00Z", dag_run_id: b}}`));
    expect(out.event_results[1]).toMatchObject({ ok: false, status: 409 });
  });

  it('missing logical_date key and extra fields → 422 with pydantic details', async () => {
    const out = await output(scenario('3.1', 'null', `
  - at: 2025-06-01T01:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {conf: {}, executiondate: "2025-06-01T00:00:00Z"}}
  - at: 2025-06-01T01:00:00Z
    api: {method: POST, path: /api/v2/dags/nope/dagRuns, body: {logical_date: null}}`));
    expect(out.event_results[0].status).toBe(422);
    const detail = (out.event_results[0].response as { detail: Array<{ type: string; loc: string[] }> }).detail;
    expect(detail.map((d) => [d.type, d.loc.join('.')])).toEqual(expect.arrayContaining([['missing', 'body.logical_date'], ['extra_forbidden', 'body.executiondate']]));
    expect(out.event_results[1]).toMatchObject({ status: 404, error: "DAG with dag_id: 'nope' not found" });
  });
});

describe('Airflow 2 contrast', () => {
  it('every run has an execution_date; a same-instant trigger is refused with Airflow 2 wording', async () => {
    const out = await output(scenario('2', 'null', `
  - at: 2025-06-01T10:00:00Z
    trigger: {dag_id: d}
  - at: 2025-06-01T10:00:00Z
    trigger: {dag_id: d}
  - at: 2025-06-01T10:00:00Z
    trigger: {dag_id: d, logical_date: 2025-06-01T10:00:01Z}`));
    expect(out.dag_runs.map((r) => [r.run_id, r.logical_date])).toEqual([
      ['manual__2025-06-01T10:00:00+00:00', '2025-06-01T10:00:00Z'],
      ['manual__2025-06-01T10:00:01+00:00', '2025-06-01T10:00:01Z'],
    ]);
    expect(out.event_results[1].error).toBe('A DAG Run already exists for DAG d at 2025-06-01 10:00:00+00:00 with run id manual__2025-06-01T10:00:00+00:00');
  });
});
