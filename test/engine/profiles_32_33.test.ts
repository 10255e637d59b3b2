// One test per row of docs/airflow-versions.md that differs between 3.1 and 3.3: the same scenario
// under "3.1" and "3.3" (and "3.2" where it already changed), asserting each side's behaviour.
import { describe, expect, it } from 'vitest';
import { output, runYaml, tiOf } from './run_yaml.js';
import { getLesson } from '../../core/index.js';
import { assetEventResponse } from '../../core/rest/responses.js';

const HEAD = (profile: string | null, start = '2025-06-01T00:00:00Z', end = '2025-06-01T12:00:00Z') =>
  `windtunnel: 1\nname: p\n${profile === null ? '' : `airflow: "${profile}"\n`}seed: 1\nclock: {start: ${start}, end: ${end}}\n`;

describe('default profile', () => {
  it('a file without airflow: is Airflow 3.3', async () => {
    const out = await output(`${HEAD(null)}dags: [{dag_id: d, schedule: null, start_date: 2025-06-01, tasks: [{task_id: t}]}]\n`);
    expect(out.airflow).toBe('3.3');
  });
});

describe('row 1/3: REST trigger with a logical date', () => {
  const yaml = (p: string) => `${HEAD(p)}dags: [{dag_id: d, schedule: null, start_date: 2025-06-01, tasks: [{task_id: t}]}]
events:
  - at: 2025-06-01T10:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: "2025-06-01T05:00:00Z"}}
`;
  it('3.0: named after the request time, run after the inferred interval end', async () => {
    const r = (await output(yaml('3.0'))).dag_runs[0];
    expect([r.run_id, r.logical_date, r.run_after]).toEqual(['manual__2025-06-01T10:00:00+00:00', '2025-06-01T05:00:00Z', '2025-06-01T05:00:00Z']);
  });
  // 3.1.8's validate_context already behaves as 3.2's (A3.1/.../datamodels/dag_run.py:115-140).
  for (const p of ['3.1', '3.2', '3.3']) {
    it(`${p}: named after and run after the request time (body run_after default)`, async () => {
      const r = (await output(yaml(p))).dag_runs[0];
      expect([r.run_id, r.logical_date, r.data_interval_start, r.run_after]).toEqual(
        ['manual__2025-06-01T10:00:00+00:00', '2025-06-01T05:00:00Z', '2025-06-01T05:00:00Z', '2025-06-01T10:00:00Z']);
    });
  }
  it('3.3: two null-logical-date triggers with the same explicit run_after collide on run_id (409)', async () => {
    const body = '{logical_date: null, run_after: "2025-06-01T09:00:00Z"}';
    const out = await output(`${HEAD('3.3')}dags: [{dag_id: d, schedule: null, start_date: 2025-06-01, tasks: [{task_id: t}]}]
events:
  - at: 2025-06-01T10:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: ${body}}
  - at: 2025-06-01T10:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: ${body}}
`);
    expect(out.dag_runs.map((r) => r.run_id)).toEqual(['manual__2025-06-01T09:00:00+00:00']);
    expect(out.event_results[1]).toMatchObject({ ok: false, status: 409 });
  });
});

describe('row 5: TriggerDagRunOperator run type', () => {
  const yaml = (p: string) => `${HEAD(p)}dags:
  - dag_id: parent
    schedule: null
    start_date: 2025-01-01
    tasks: [{task_id: fire, operator: trigger_dagrun, trigger: {dag_id: child}}]
  - dag_id: child
    schedule: null
    start_date: 2025-01-01
    tasks: [{task_id: work}]
events:
  - at: 2025-06-01T08:00:00Z
    trigger: {dag_id: parent, run_id: p}
`;
  for (const [p, type] of [['3.1', 'manual'], ['3.2', 'manual'], ['3.3', 'operator_triggered']] as const) {
    it(`${p}: ${type}, run id still manual__<logical date>`, async () => {
      const r = await runYaml(yaml(p));
      const child = r.output.dag_runs.find((x) => x.dag_id === 'child')!;
      expect([child.run_id, child.run_type, child.triggered_by]).toEqual(['manual__2025-06-01T08:00:00+00:00', type, 'operator']);
      expect(r.query("SELECT run_type FROM dag_run WHERE dag_id = 'child'")).toEqual({ columns: ['run_type'], rows: [[type]] });
      r.close();
    });
  }
});

describe('row 13: cross-DAG xcom_pull(include_prior_dates=True)', () => {
  const yaml = (p: string) => `${HEAD(p, '2025-01-01T00:00:00Z', '2025-01-01T12:00:00Z')}dags:
  - dag_id: producer
    schedule: null
    start_date: 2025-01-01
    tasks: [{task_id: publish, returns: "{{ run_id }}"}]
  - dag_id: consumer
    schedule: null
    start_date: 2025-01-01
    tasks:
      - task_id: pull
        templates: {prior: "{{ ti.xcom_pull(dag_id='producer', task_ids='publish', include_prior_dates=True) }}"}
events:
  - at: 2025-01-01T01:00:00Z
    trigger: {dag_id: producer, run_id: shared}
  - at: 2025-01-01T03:00:00Z
    trigger: {dag_id: consumer, run_id: shared}
  - at: 2025-01-01T04:00:00Z
    trigger: {dag_id: consumer, run_id: only_here}
`;
  it('3.1: the cutoff is the caller\'s run, in any DAG: both consumer runs read the producer', async () => {
    const out = await output(yaml('3.1'));
    expect([tiOf(out, 'shared', 'pull').rendered.prior, tiOf(out, 'only_here', 'pull').rendered.prior]).toEqual(['shared', 'shared']);
  });
  for (const p of ['3.2', '3.3']) {
    it(`${p}: the cutoff run must exist in the producer DAG; otherwise None`, async () => {
      const out = await output(yaml(p));
      expect([tiOf(out, 'shared', 'pull').rendered.prior, tiOf(out, 'only_here', 'pull').rendered.prior]).toEqual(['shared', 'None']);
    });
  }
});

describe('row 14: auto-pause (max_consecutive_failed_dag_runs) ordering', () => {
  // S1 fails, a dateless manual run M succeeds, S2 fails: 3.1 looks only at dated runs (S2, S1).
  const yaml = (p: string) => `${HEAD(p, '2025-01-01T00:00:00Z', '2025-01-02T06:00:00Z')}dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-01-01
    catchup: true
    max_consecutive_failed_dag_runs: 2
    tasks: [{task_id: t, outcome: {fail_if: "{{ dag_run.run_type == 'scheduled' }}"}}]
events:
  - at: 2025-01-01T12:00:00Z
    trigger: {dag_id: d, run_id: m}
`;
  it('3.1: the two newest dated runs failed, so the DAG is paused', async () => {
    const out = await output(yaml('3.1'));
    expect(out.dag_runs.map((r) => [r.run_id, r.state])).toEqual([
      ['scheduled__2025-01-01T00:00:00+00:00', 'failed'], ['m', 'success'], ['scheduled__2025-01-02T00:00:00+00:00', 'failed']]);
    expect(out.log.some((l) => l.kind === 'dag.paused')).toBe(true);
  });
  for (const p of ['3.2', '3.3']) {
    it(`${p}: by run_after the newest two are S2 (failed) and M (success): not paused`, async () => {
      const out = await output(yaml(p));
      expect(out.dag_runs.map((r) => r.state)).toEqual(['failed', 'success', 'failed']);
      expect(out.log.some((l) => l.kind === 'dag.paused')).toBe(false);
    });
  }
});

describe('rows 23/25/26/27/28: REST shapes and dag_run columns', () => {
  const yaml = (p: string, body: string) => `${HEAD(p)}dags: [{dag_id: d, schedule: null, start_date: 2025-06-01, tasks: [{task_id: t}]}]
events:
  - at: 2025-06-01T10:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: ${body}}
  - at: 2025-06-01T10:00:00Z
    api: {method: POST, path: /api/v2/dags/nope/dagRuns, body: {logical_date: null}}
  - at: 2025-06-01T10:00:00Z
    api: {method: GET, path: /api/v2/version}
  - at: 2025-06-01T10:00:00Z
    api: {method: GET, path: /api/v2/dags/d/dagRuns}
`;
  it('3.1: no partition fields (partition_key is an unknown body key), "DAG with dag_id" 404, version 3.1.8', async () => {
    const out = await output(yaml('3.1', '{logical_date: null, partition_key: k}'));
    expect(out.event_results[0]).toMatchObject({ ok: false, status: 422 });
    expect(out.event_results[1].response).toEqual({ detail: "DAG with dag_id: 'nope' not found" });
    expect((out.event_results[2].response as { version: string }).version).toBe('3.1.8');
    expect(Object.keys(out.event_results[3].response as object)).toEqual(['dag_runs', 'total_entries']);
  });
  it('3.2: partition_key accepted and answered, no partition_date, "Dag with dag_id" 404, cursor fields, version 3.2.2', async () => {
    const r = await runYaml(yaml('3.2', '{logical_date: null, partition_key: k}'));
    const out = r.output;
    const run = out.event_results[0].response as Record<string, unknown>;
    expect(run.partition_key).toBe('k');
    expect('partition_date' in run).toBe(false);
    expect(Object.keys(run).slice(-2)).toEqual(['dag_display_name', 'partition_key']);
    expect(out.event_results[1].response).toEqual({ detail: "Dag with dag_id: 'nope' not found" });
    expect((out.event_results[2].response as { version: string }).version).toBe('3.2.2');
    // 3.2.2 answered next_cursor/previous_cursor (null on an offset page) in the oracle.
    expect(Object.keys(out.event_results[3].response as object)).toEqual(['dag_runs', 'total_entries', 'next_cursor', 'previous_cursor']);
    expect(r.query('SELECT partition_key, partition_date, created_at FROM dag_run')).toEqual({
      columns: ['partition_key', 'partition_date', 'created_at'], rows: [['k', null, '2025-06-01T10:00:00.000Z']] });
    r.close();
  });
  it('3.3: partition_date after partition_key, cursor fields on the list, version 3.3.2', async () => {
    const out = await output(yaml('3.3', '{logical_date: null}'));
    const run = out.event_results[0].response as Record<string, unknown>;
    expect(Object.keys(run).slice(-3)).toEqual(['dag_display_name', 'partition_key', 'partition_date']);
    expect([run.partition_key, run.partition_date]).toEqual([null, null]);
    expect((out.event_results[2].response as { version: string }).version).toBe('3.3.2');
    expect(Object.keys(out.event_results[3].response as object)).toEqual(['dag_runs', 'total_entries', 'total_entries_limit', 'next_cursor', 'previous_cursor']);
  });
  it('3.1 has no partition columns in dag_run', async () => {
    const r = await runYaml(yaml('3.1', '{logical_date: null}'));
    expect('error' in r.query('SELECT partition_key FROM dag_run')).toBe(true);
    r.close();
  });
});

describe('row 29: template context keys partition_key / partition_date', () => {
  const yaml = (p: string) => `${HEAD(p)}dags:
  - dag_id: d
    schedule: null
    start_date: 2025-06-01
    tasks: [{task_id: t, templates: {k: "{{ partition_key }}"}}]
events:
  - at: 2025-06-01T10:00:00Z
    trigger: {dag_id: d, run_id: r}
`;
  it('3.1 and 3.2: undefined', async () => {
    for (const p of ['3.1', '3.2']) {
      const ti = tiOf(await output(yaml(p)), 'r', 't');
      expect([p, ti.state, ti.error]).toEqual([p, 'failed', expect.stringContaining("'partition_key' is undefined")]);
    }
  });
  it('3.3: present on every run, None for a run without a partition', async () => {
    const ti = tiOf(await output(yaml('3.3')), 'r', 't');
    expect([ti.state, ti.rendered.k]).toEqual(['success', 'None']);
  });
});

describe('row 21: backfill refusals and reprocessed conf', () => {
  const yaml = (p: string, events: string, dop = false, catchup = true) => `${HEAD(p, '2025-06-05T00:00:00Z', '2025-06-08T00:00:00Z')}dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-06-01
    catchup: ${catchup}
    tasks: [{task_id: t, depends_on_past: ${dop}}]
events:
${events}`;
  const range = '  - at: 2025-06-05T01:00:00Z\n    backfill: {dag_id: d, from_date: 2025-06-01, to_date: 2025-07-03, reprocess_behavior: completed}\n';
  it('3.0/3.1: a range ending in the future is accepted too (3.1.8 models/backfill.py:245-246)', async () => {
    expect((await output(yaml('3.1', range))).event_results[0].ok).toBe(true);
    expect((await output(yaml('3.0', range))).event_results[0].ok).toBe(true);
    const future = await output(yaml('3.1', '  - at: 2025-06-05T01:00:00Z\n    backfill: {dag_id: d, from_date: 2025-06-06, to_date: 2025-07-03}\n'));
    expect(future.event_results[0]).toMatchObject({ ok: false, status: 422, error: 'Backfill cannot be executed for future dates.' });
  });
  it('3.1: depends_on_past is checked before the dates, with "DAG" wording', async () => {
    const out = await output(yaml('3.1', '  - at: 2025-06-05T01:00:00Z\n    backfill: {dag_id: d, from_date: 2025-06-06, to_date: 2025-07-03, reprocess_behavior: none}\n', true));
    expect(out.event_results[0].error).toBe('DAG has tasks for which depends_on_past=True. You must set reprocess behavior to reprocess completed or reprocess failed.');
  });
  it('3.3: only a range wholly in the future is refused (from_date >= now and to_date >= now)', async () => {
    const out = await output(yaml('3.3', range));
    expect(out.event_results[0].ok).toBe(true);
  });
  it('3.3: "Dag" wording for depends_on_past, and an empty range is NoBackfillRunsToCreate', async () => {
    const out = await output(yaml('3.3', `  - at: 2025-06-05T01:00:00Z
    backfill: {dag_id: d, from_date: 2025-06-01, to_date: 2025-06-03, reprocess_behavior: none}
  - at: 2025-06-05T01:00:00Z
    backfill: {dag_id: d, from_date: 2025-05-01T01:00:00Z, to_date: 2025-05-01T02:00:00Z, reprocess_behavior: completed}
`, true));
    expect(out.event_results.map((e) => e.error)).toEqual([
      'Dag has tasks for which depends_on_past=True. You must set reprocess behavior to reprocess completed or reprocess failed.',
      'No runs to create for Dag d in the range [2025-05-01 01:00:00+00:00, 2025-05-01 02:00:00+00:00]',
    ]);
  });
  it('3.1 keeps a reprocessed run\'s conf when the backfill has none; 3.2+ write the backfill\'s {}', async () => {
    const events = `  - at: 2025-06-05T01:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: "2025-06-02T00:00:00Z", dag_run_id: m, conf: {x: 1}}}
  - at: 2025-06-05T06:00:00Z
    backfill: {dag_id: d, from_date: 2025-06-02, to_date: 2025-06-02, reprocess_behavior: completed}
`;
    const confOf = async (p: string) => (await output(yaml(p, events, false, false))).dag_runs.find((r) => r.run_id === 'm')!;
    expect(await confOf('3.1')).toMatchObject({ run_type: 'backfill', conf: { x: 1 } });
    expect(await confOf('3.2')).toMatchObject({ run_type: 'backfill', conf: {} });
  });
  it('3.0/3.1 keep a reprocessed run\'s conf even when the backfill has one (3.1.8 _handle_clear_run)', async () => {
    const events = `  - at: 2025-06-05T01:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: "2025-06-02T00:00:00Z", dag_run_id: m, conf: {x: 1}}}
  - at: 2025-06-05T06:00:00Z
    backfill: {dag_id: d, from_date: 2025-06-02, to_date: 2025-06-02, reprocess_behavior: completed, dag_run_conf: {y: 2}}
`;
    const confOf = async (p: string) => (await output(yaml(p, events, false, false))).dag_runs.find((r) => r.run_id === 'm')!;
    expect(await confOf('3.0')).toMatchObject({ run_type: 'backfill', conf: { x: 1 } });
    expect(await confOf('3.1')).toMatchObject({ run_type: 'backfill', conf: { x: 1 } });
    expect(await confOf('3.2')).toMatchObject({ run_type: 'backfill', conf: { y: 2 } });
  });
});

describe('row 12b: depends_on_past on a catchup DAG after a TriggerDagRunOperator run', () => {
  const lesson = getLesson('operator-runs-count-as-previous')!.text;
  const june2 = 'scheduled__2025-06-02T00:00:00+00:00';
  it('3.2: the operator run is manual, skipped by get_previous_scheduled_dagrun: June 2 runs', async () => {
    const out = await output(lesson.replace('airflow: "3.3"', 'airflow: "3.2"'));
    expect(tiOf(out, june2, 't').state).toBe('success');
  });
  it('3.3: the operator run is operator_triggered, so it is the previous run: June 2 waits on its failure', async () => {
    const out = await output(lesson);
    expect(tiOf(out, june2, 't').state).toBeNull();
    expect(out.log.find((l) => l.kind === 'ti.blocked' && l.run_id === june2)?.why).toBe('depends_on_past: previous run manual__2025-06-01T12:00:00+00:00 task t is failed');
  });
});

describe('row 25 (assets): AssetEventResponse and DagRunAssetReference', () => {
  const row = {
    id: 1, asset_id: 1, uri: 'a', name: 'a', group: 'asset', extra: {}, source_task_id: null, source_dag_id: null, source_run_id: null,
    source_map_index: -1, timestamp: Date.UTC(2025, 0, 1),
    created_dagruns: [{ run_id: 'r', dag_id: 'd', logical_date: null, start_date: null, end_date: null, state: 'queued', data_interval_start: null, data_interval_end: null, partition_key: null, triggering: true }],
  };
  it('3.1: no partition fields; 3.2: partition_key on both; 3.3: and triggering on the run reference', () => {
    const keys = (p: '3.1' | '3.2' | '3.3') => {
      const ev = assetEventResponse(row, p);
      return [Object.keys(ev).slice(-2), Object.keys((ev.created_dagruns as object[])[0]).slice(-2)];
    };
    expect(keys('3.1')).toEqual([['created_dagruns', 'timestamp'], ['data_interval_start', 'data_interval_end']]);
    expect(keys('3.2')).toEqual([['timestamp', 'partition_key'], ['data_interval_end', 'partition_key']]);
    expect(keys('3.3')).toEqual([['timestamp', 'partition_key'], ['partition_key', 'triggering']]);
  });
});

describe('row 26: partition_key in the REST trigger body', () => {
  const yaml = (p: string) => `${HEAD(p)}dags: [{dag_id: d, schedule: null, start_date: 2025-06-01, tasks: [{task_id: t}]}]
events:
  - at: 2025-06-01T10:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: null, partition_key: k}}
`;
  it('3.1: an unknown key (422); 3.2: stored; 3.3: refused, the DAG is not partitioned (400)', async () => {
    expect((await output(yaml('3.1'))).event_results[0]).toMatchObject({ ok: false, status: 422 });
    expect((await output(yaml('3.2'))).dag_runs.length).toBe(1);
    const out = await output(yaml('3.3'));
    expect(out.dag_runs).toEqual([]);
    expect(out.event_results[0]).toMatchObject({ ok: false, status: 400, response: { detail: "Dag 'd' is not a partitioned Dag and does not accept a partition_key." } });
  });
});
