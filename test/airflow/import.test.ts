// `windtunnel import`: REST API v2 answers → a RunOutput-shaped history. The strongest check is a
// round trip: simulate a scenario, save what its REST API answers (paginated), import that, and get
// the simulation's own runs and task instances back. Then the SQL tables, Airflow 2 shapes, broken
// documents, and the what-if re-simulation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getLesson, parseScenario, simulate, type RunOutput, type Scenario } from '../../core/index.js';
import { handleApiRequest } from '../../core/scheduler/rest_api.js';
import type { Simulation } from '../../core/scheduler/simulation.js';
import { importHistory, type ApiDocument } from '../../core/import/airflow_api.js';
import { historyDatabase } from '../../core/import/history_db.js';
import { whatIf } from '../../core/import/what_if.js';
import { sqlJs } from '../engine/run_yaml.js';
import { FIXTURES } from './helpers.js';

function scenarioOf(text: string): Scenario {
  const p = parseScenario(text, 'test.yaml');
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.scenario;
}

/** Simulate, then save the REST answers a user would save: every page of each listing. */
async function simulateAndSave(text: string, pageSize = 3): Promise<{ output: RunOutput; docs: ApiDocument[] }> {
  let sim: Simulation | null = null;
  const result = simulate(scenarioOf(text), { sql: await sqlJs(), afterStep: (s) => { sim = s; } });
  const s = sim as unknown as Simulation;
  const docs: ApiDocument[] = [];
  const get = (path: string) => {
    const r = handleApiRequest(s, 'GET', path, undefined);
    expect(r.status, path).toBe(200);
    return r.body as Record<string, unknown>;
  };
  docs.push({ name: 'version.json', json: get('/api/v2/version') });
  docs.push({ name: 'dags.json', json: get('/api/v2/dags') });
  for (let offset = 0; ; offset += pageSize) {
    const page = get(`/api/v2/dags/~/dagRuns?limit=${pageSize}&offset=${offset}`);
    docs.push({ name: `runs-${offset}.json`, json: page });
    if ((page.dag_runs as unknown[]).length < pageSize) break;
  }
  for (const run of result.output.dag_runs) {
    docs.push({ name: `tis-${run.run_id}.json`, json: get(`/api/v2/dags/${run.dag_id}/dagRuns/${encodeURIComponent(run.run_id)}/taskInstances`) });
  }
  docs.push({ name: 'events.json', json: get('/api/v2/assets/events?limit=100') });
  const output = result.output;
  result.close();
  return { output, docs };
}

describe('import: REST answers → history', () => {
  for (const lesson of ['inference-push-rest', 'backfill-reprocess', 'depends-on-past-adhoc', 'inference-poll-watcher', 'xcom-prior-run']) {
    it(`${lesson}: importing the simulation's own REST answers gives back its runs and task instances`, async () => {
      const { output, docs } = await simulateAndSave(getLesson(lesson)!.text);
      const h = importHistory(docs, { name: lesson });
      expect(h.problems).toEqual([]);
      expect(h.airflow_version).toMatch(/^3\./);
      const strip = (r: RunOutput['dag_runs'][number]) => ({ ...r, backfill_id: null, clear_number: 0 });
      expect(h.output.dag_runs.map(strip)).toEqual(output.dag_runs.map(strip));
      const tiKey = (t: RunOutput['task_instances'][number]) => `${t.run_id} ${t.task_id}`;
      const simTis = output.task_instances.map((t) => ({ ...t, error: null })).sort((a, b) => (tiKey(a) < tiKey(b) ? -1 : 1));
      const impTis = [...h.output.task_instances].sort((a, b) => (tiKey(a) < tiKey(b) ? -1 : 1));
      expect(impTis).toEqual(simTis);
      expect(h.output.asset_events.map((e) => [e.asset, e.timestamp, e.extra])).toEqual(output.asset_events.map((e) => [e.asset, e.timestamp, e.extra]));
      expect(h.output.scenario).toBe(lesson);
      expect(h.output.log.length).toBeGreaterThan(0);
    });
  }

  it('pages may overlap and come in any order; a missing page is reported with its offset', async () => {
    const { docs } = await simulateAndSave(getLesson('inference-push-rest')!.text, 2);
    const pages = docs.filter((d) => d.name.startsWith('runs-'));
    expect(pages.length).toBeGreaterThan(1);
    const shuffled = [...docs].reverse().concat(pages[0]);
    const a = importHistory(docs).output;
    const b = importHistory(shuffled).output;
    expect(b.dag_runs).toEqual(a.dag_runs);
    expect(importHistory(docs).problems).toEqual([]);
    const missing = importHistory(docs.filter((d) => d !== pages[0]));
    expect(missing.problems.map((p) => p.message).join('\n')).toMatch(/dag_runs: \d+ of \d+ entries \(total_entries\): fetch the remaining pages \(offset=\d+\)/);
  });

  it('reads the Airflow 3.1 response fixture (real field set) and Airflow 2 run shapes', () => {
    const docs = JSON.parse(readFileSync(join(FIXTURES, 'airflow31_api.json'), 'utf8')) as ApiDocument[];
    const h = importHistory(docs, { name: 'prod' });
    expect(h.problems).toEqual([]);
    expect(h.output.dag_runs.map((r) => [r.run_id, r.logical_date, r.run_after, r.state, r.triggered_by])).toEqual([
      ['scheduled__2025-06-01T00:00:00+00:00', '2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z', 'success', 'timetable'],
      ['manual__2025-06-01T10:15:02.123456+00:00', null, '2025-06-01T10:15:02.123Z', 'running', 'rest_api'],
    ]);
    expect(h.output.task_instances.map((t) => [t.task_id, t.try_number, t.state, t.rendered])).toEqual([
      ['extract', 2, 'success', { bash_command: 'echo 2025-06-01' }],
      ['load', 1, 'running', {}],
    ]);
    expect(h.output.asset_events).toEqual([{ asset: 'model', timestamp: '2025-06-01T00:12:00Z', source_dag_id: 'etl', source_run_id: 'scheduled__2025-06-01T00:00:00+00:00', source_task_id: 'load', extra: {} }]);
    expect(h.output.clock).toEqual({ start: '2025-06-01T00:00:00Z', end: '2025-06-01T10:20:00Z' });

    const v1 = importHistory([{ name: 'v1.json', json: { dag_runs: [{ dag_id: 'd', dag_run_id: 'scheduled__2024-01-01T00:00:00+00:00', execution_date: '2024-01-01T00:00:00+00:00', data_interval_start: '2024-01-01T00:00:00+00:00', data_interval_end: '2024-01-02T00:00:00+00:00', state: 'success', run_type: 'scheduled', start_date: '2024-01-02T00:00:05+00:00', end_date: '2024-01-02T00:01:00+00:00', conf: {} }], total_entries: 1 } }]);
    expect(v1.output.dag_runs[0]).toMatchObject({ logical_date: '2024-01-01T00:00:00Z', run_after: '2024-01-02T00:00:00Z', triggered_by: 'timetable' });
    expect(v1.problems[0].message).toMatch(/no run_after/);
  });

  it('reports what it cannot read and imports the rest', () => {
    const h = importHistory([
      { name: 'a.json', json: 'text' },
      { name: 'b.json', json: { detail: 'Not authenticated' } },
      { name: 'c.json', json: { dag_runs: [{ dag_id: 'd' }, { dag_id: 'd', dag_run_id: 'r1', run_after: 'yesterday', state: 'success', run_type: 'manual' }, { dag_id: 'd', dag_run_id: 'r2', run_after: '2025-01-01T00:00:00Z', state: 'weird', run_type: 'manual' }], total_entries: 3 } },
      { name: 'd.json', json: { task_instances: [{ dag_id: 'd', dag_run_id: 'elsewhere', task_id: 't', try_number: 1, state: 'success' }], total_entries: 1 } },
      { name: 'e.json', json: { something: 1 } },
    ]);
    const text = h.problems.map((p) => `${p.document}: ${p.message}`).join('\n');
    expect(text).toMatch(/a.json: not a JSON object or array/);
    expect(text).toMatch(/b.json: an error answer, not data: "Not authenticated"/);
    expect(text).toMatch(/a dag run without dag_id or dag_run_id/);
    expect(text).toMatch(/run_after: invalid instant 'yesterday'/);
    expect(text).toMatch(/state "weird" is not queued, running, success or failed: shown as queued/);
    expect(text).toMatch(/task instance\(s\) of run d elsewhere left out/);
    expect(text).toMatch(/e.json: not a dag run, task instance or asset event/);
    expect(h.output.dag_runs.map((r) => [r.run_id, r.state])).toEqual([['r2', 'queued']]);
  });

  it('the history loads into the SQL tables the console queries', async () => {
    const { output, docs } = await simulateAndSave(getLesson('hyperparameter-tuning-3x')!.text);
    const h = importHistory(docs);
    const db = historyDatabase(h.output, await sqlJs());
    expect(db.refused).toEqual([]);
    const n = output.dag_runs.length;
    expect(n).toBeGreaterThan(1);
    const q = db.query('SELECT count(*), count(logical_date) FROM dag_run');
    expect(q).toEqual({ columns: ['count(*)', 'count(logical_date)'], rows: [[n, 0]] });
    const tis = db.query("SELECT count(*) FROM task_instance WHERE state = 'success'");
    expect('rows' in tis && tis.rows[0][0]).toBe(output.task_instances.filter((t) => t.state === 'success').length);
    expect(db.exportDb().length).toBeGreaterThan(1000);
    db.close();
  });
});

describe('import --what-if: re-simulate from the history with other settings', () => {
  const REAL = `
windtunnel: 1
name: real
clock: {start: 2025-06-01T00:00:00Z, end: 2025-06-05T12:00:00Z}
dags:
  - dag_id: daily
    schedule: "@daily"
    start_date: 2025-05-25
    catchup: false
    tasks: [{task_id: work, duration: PT30M, depends_on_past: true}]
  - dag_id: adhoc
    schedule: null
    max_active_runs: 1
    tasks: [{task_id: work, duration: PT2H}]
events:
  - {at: 2025-06-02T00:00:00Z, pause: daily}
  - {at: 2025-06-04T06:00:00Z, unpause: daily}
  - {at: 2025-06-04T07:00:00Z, api: {method: POST, path: /api/v2/dags/adhoc/dagRuns, body: {logical_date: null, dag_run_id: a1}}}
  - {at: 2025-06-04T07:00:01Z, api: {method: POST, path: /api/v2/dags/adhoc/dagRuns, body: {logical_date: null, dag_run_id: a2}}}
`;
  const WHAT_IF = (catchup: boolean, mar: number) => `
windtunnel: 1
name: what-if
clock: {start: 2025-06-04T00:00:00Z, end: 2025-06-05T12:00:00Z}
dags:
  - dag_id: daily
    schedule: "@daily"
    start_date: 2025-05-25
    catchup: ${catchup}
    tasks: [{task_id: work, duration: PT30M, depends_on_past: true}]
  - dag_id: adhoc
    schedule: null
    max_active_runs: ${mar}
    tasks: [{task_id: work, duration: PT2H}]
`;

  it('catchup on: the days missed while paused are made up after the cut; the history before it stays', async () => {
    const { docs } = await simulateAndSave(REAL);
    const history = importHistory(docs).output;
    const daily = (o: RunOutput) => o.dag_runs.filter((r) => r.dag_id === 'daily').map((r) => r.logical_date);
    // In reality (catchup off) the pause swallowed 06-03 and 06-04's ... only the latest came on unpause.
    expect(daily(history)).toEqual(['2025-06-01T00:00:00Z', '2025-06-04T00:00:00Z', '2025-06-05T00:00:00Z']);
    const same = whatIf(history, scenarioOf(WHAT_IF(false, 1)), { sql: await sqlJs() });
    expect(same.seeded).toBe(1);
    const on = whatIf(history, scenarioOf(WHAT_IF(true, 1)), { sql: await sqlJs() });
    expect(daily(on.output)).toEqual(['2025-06-01T00:00:00Z', '2025-06-02T00:00:00Z', '2025-06-03T00:00:00Z', '2025-06-04T00:00:00Z', '2025-06-05T00:00:00Z']);
    // The carried-over run keeps its real times and says where it came from.
    const first = on.output.dag_runs.find((r) => r.logical_date === '2025-06-01T00:00:00Z')!;
    expect(first).toEqual(history.dag_runs.find((r) => r.logical_date === '2025-06-01T00:00:00Z'));
    expect(on.output.log.some((l) => l.kind === 'dag_run.imported' && l.run_id === first.run_id)).toBe(true);
  });

  it('manual runs after the cut are replayed with their run ids; max_active_runs 2 runs them side by side', async () => {
    const { docs } = await simulateAndSave(REAL);
    const history = importHistory(docs).output;
    const adhoc = (o: RunOutput) => o.dag_runs.filter((r) => r.dag_id === 'adhoc').map((r) => [r.run_id, r.start_date]);
    expect(adhoc(history)).toEqual([['a1', '2025-06-04T07:00:00Z'], ['a2', '2025-06-04T09:00:00Z']]);
    const two = whatIf(history, scenarioOf(WHAT_IF(false, 2)), { sql: await sqlJs() });
    expect(two.replayed).toBe(2);
    expect(adhoc(two.output)).toEqual([['a1', '2025-06-04T07:00:00Z'], ['a2', '2025-06-04T07:00:01Z']]);
  });
});
