// A task mark is Airflow's PATCH .../taskInstances/{task_id}: its 404s name what the real route
// names (found by windtunnel diff against installed 3.1.8 and 3.3.2).
import { describe, expect, it } from 'vitest';
import { output } from './run_yaml.js';

const scenario = (profile: string) => `
windtunnel: 1
name: mark-refusals
airflow: "${profile}"
seed: 1
clock: {start: 2025-06-01T00:00:00Z, end: 2025-06-01T02:00:00Z}
dags:
  - dag_id: d
    schedule: null
    start_date: 2025-06-01
    tasks: [{task_id: t, duration: PT1M}]
events:
  - at: 2025-06-01T00:10:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: null, dag_run_id: r}}
  - at: 2025-06-01T00:20:00Z
    mark: {dag_id: d, run_id: nope, task_id: t, state: success}
  - at: 2025-06-01T00:30:00Z
    mark: {dag_id: d, run_id: r, task_id: zz, state: success}
  - at: 2025-06-01T00:40:00Z
    mark: {dag_id: d, run_id: nope, state: success}
`;

const errors = async (profile: string) => (await output(scenario(profile))).event_results.slice(1).map((e) => [e.status, e.error]);

describe('mark refusals', () => {
  it('3.1: a missing run is a missing task instance; an unknown task is checked first', async () => {
    expect(await errors('3.1')).toEqual([
      [404, 'The Task Instance with dag_id: `d`, run_id: `nope`, task_id: `t` and map_index: `None` was not found'],
      [404, "Task 'zz' not found in DAG 'd'"],
      [404, 'The DagRun with dag_id: `d` and run_id: `nope` was not found'],
    ]);
  });
  it('3.3 says "Dag"; 3.0 words the missing task instance its own way', async () => {
    expect((await errors('3.3'))[1]).toEqual([404, "Task 'zz' not found in Dag 'd'"]);
    expect((await errors('3.0'))[0]).toEqual([404, 'Task Instance not found for dag_id=d, run_id=nope, task_id=t']);
  });
});
