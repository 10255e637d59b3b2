// A task's start/end dates only narrow its DAG's window (DAG.add_task: start = max(task, dag),
// end = min(task, dag)), found by the real-Airflow oracle on swarm world 0 (profile 3.1).
import { describe, expect, it } from 'vitest';
import { output, runsOf } from './run_yaml.js';

const scenario = (taskDates: string, events = '[]') => `
windtunnel: 1
name: task-dates
airflow: "3.1"
clock: {start: 2025-03-01T00:00:00Z, end: 2025-03-04T12:00:00Z}
dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-03-03
    catchup: true
    tasks:
      - {task_id: a, duration: PT1M${taskDates}}
      - {task_id: b, duration: PT1M, upstream: [a]}
events: ${events}`;

describe('task start_date and end_date against the DAG', () => {
  it('an earlier task start_date does not schedule runs before the DAG start_date', async () => {
    const out = await output(scenario(', start_date: 2025-02-01'));
    expect(runsOf(out).map((r) => r.run_id)).toEqual(['scheduled__2025-03-03T00:00:00+00:00', 'scheduled__2025-03-04T00:00:00+00:00']);
  });

  it('a run dated before the DAG start_date gets no task instances (verify_integrity) and still ends', async () => {
    const out = await output(scenario('', `
  - at: 2025-03-01T06:00:00Z
    trigger: {dag_id: d, run_id: early, logical_date: 2025-03-01T00:00:00Z}`));
    expect(out.task_instances.filter((t) => t.run_id === 'early')).toEqual([]);
    expect(out.dag_runs.find((r) => r.run_id === 'early')?.state).toBe('success');
  });

  it('a later task start_date still narrows: that task has no instance in earlier runs', async () => {
    const out = await output(scenario(', start_date: 2025-03-04'));
    expect(out.task_instances.filter((t) => t.run_id === 'scheduled__2025-03-03T00:00:00+00:00').map((t) => t.task_id)).toEqual(['b']);
  });
});
