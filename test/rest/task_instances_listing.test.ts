// GET /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances as Airflow 3 answers it: "~" for
// every DAG and/or every run, pages of `limit` (default 50) in creation order, and the 404s in
// each version's order (3.0 looks at the DAG first, 3.1 at the run first).
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../core/index.js';
import { handleApiRequest } from '../../core/scheduler/rest_api.js';
import type { Simulation } from '../../core/scheduler/simulation.js';
import { sqlJs } from '../engine/run_yaml.js';

async function world(profile: '3.0' | '3.1'): Promise<Simulation> {
  const p = parseScenario(`
windtunnel: 1
name: tis
airflow: "${profile}"
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T12:00:00Z}
dags:
  - dag_id: a
    schedule: "0 */3 * * *"
    start_date: 2025-01-01
    tasks: [{task_id: one, duration: PT5M}, {task_id: two, upstream: [one], duration: PT5M}]
  - dag_id: b
    schedule: "@hourly"
    start_date: 2025-01-01
    tasks: [{task_id: only, duration: PT5M}]
`, 't.yaml');
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  let sim: Simulation | null = null;
  simulate(p.scenario, { sql: await sqlJs(), afterStep: (s) => { sim = s; } });
  return sim as unknown as Simulation;
}

type Tis = { task_instances: Array<{ dag_id: string; dag_run_id: string; task_id: string }>; total_entries: number };
const get = (sim: Simulation, path: string) => handleApiRequest(sim, 'GET', path, undefined);

describe('listing task instances', () => {
  it('"~" lists every run of a DAG, or of every DAG, in pages', async () => {
    const sim = await world('3.1');
    const all = get(sim, '/api/v2/dags/~/dagRuns/~/taskInstances?limit=100').body as Tis;
    expect(all.total_entries).toBe(5 * 2 + 13);
    expect(all.task_instances).toHaveLength(23);
    const a = get(sim, '/api/v2/dags/a/dagRuns/~/taskInstances').body as Tis;
    expect([a.total_entries, new Set(a.task_instances.map((t) => t.dag_id))]).toEqual([10, new Set(['a'])]);
    // Creation order: the runs made first come first, each run's tasks in the file's order.
    expect(a.task_instances.slice(0, 4).map((t) => `${t.dag_run_id} ${t.task_id}`)).toEqual([
      'scheduled__2025-01-01T00:00:00+00:00 one', 'scheduled__2025-01-01T00:00:00+00:00 two',
      'scheduled__2025-01-01T03:00:00+00:00 one', 'scheduled__2025-01-01T03:00:00+00:00 two',
    ]);
    const pages = [0, 10, 20].map((offset) => (get(sim, `/api/v2/dags/~/dagRuns/~/taskInstances?limit=10&offset=${offset}`).body as Tis).task_instances);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 3]);
    expect(pages.flat()).toEqual(all.task_instances);
    // One run, of any DAG when dag_id is "~".
    const one = get(sim, '/api/v2/dags/~/dagRuns/scheduled__2025-01-01T01:00:00+00:00/taskInstances').body as Tis;
    expect(one.task_instances.map((t) => `${t.dag_id} ${t.task_id}`)).toEqual(['b only']);
  });

  it('404s come in each version\'s order', async () => {
    const v31 = await world('3.1');
    expect(get(v31, '/api/v2/dags/nope/dagRuns/nope/taskInstances').body).toEqual({ detail: 'DagRun with run_id: `nope` was not found' });
    expect(get(v31, '/api/v2/dags/nope/dagRuns/~/taskInstances').body).toEqual({ detail: 'The Dag with ID: `nope` was not found' });
    const v30 = await world('3.0');
    expect(get(v30, '/api/v2/dags/nope/dagRuns/nope/taskInstances').body).toEqual({ detail: 'DAG with dag_id: `nope` was not found' });
    expect(get(v30, '/api/v2/dags/a/dagRuns/nope/taskInstances').body).toEqual({ detail: 'DagRun with run_id: `nope` was not found' });
  });
});
