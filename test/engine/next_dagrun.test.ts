// The dag table's next_dagrun* columns (DagModel) reach SQL when it is read, not on every change:
// they show the timetable's next proposal, or NULL while max_active_runs holds creation back.
import { describe, expect, it } from 'vitest';
import { runYaml } from './run_yaml.js';

const COLUMNS = 'dag_id, next_dagrun, next_dagrun_data_interval_start, next_dagrun_data_interval_end, next_dagrun_create_after';

describe('dag.next_dagrun*', () => {
  it('holds the next proposal after the clock stops', async () => {
    const r = await runYaml(`windtunnel: 1
name: next-daily
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z}
dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-01-01
    tasks: [{task_id: t}]
`);
    const next = '2025-01-03T00:00:00.000Z';
    expect(r.query(`SELECT ${COLUMNS} FROM dag`)).toEqual({ columns: COLUMNS.split(', '), rows: [['d', next, next, next, next]] });
    r.close();
  });

  it('is NULL while max_active_runs is reached, and for a DAG without a schedule', async () => {
    const r = await runYaml(`windtunnel: 1
name: next-held
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T05:30:00Z}
dags:
  - dag_id: slow
    schedule: "@hourly"
    start_date: 2025-01-01
    max_active_runs: 1
    tasks: [{task_id: t, duration: PT3H}]
  - dag_id: unscheduled
    schedule: null
    start_date: 2025-01-01
    tasks: [{task_id: t}]
`);
    expect(r.query(`SELECT ${COLUMNS} FROM dag ORDER BY dag_id`)).toEqual({ columns: COLUMNS.split(', '), rows: [['slow', null, null, null, null], ['unscheduled', null, null, null, null]] });
    r.close();
  });
});
