// A task's effective start and end dates, as DAG.add_task sets them when the task joins its DAG:
// no date takes the DAG's, and a task may only narrow the DAG's window, never widen it
// (start = max(task, dag), end = min(task, dag); A3.1/sdk/definitions/dag.py:1001-1014,
// A2.11/models/dag.py:2824-2837). So an earlier task start_date never schedules runs before the
// DAG's start_date (the real-Airflow oracle showed none where Windtunnel had made them).
import type { DagSpec, Instant, TaskSpec } from '../model/scenario.js';

export function taskStartDate(task: TaskSpec, dag: DagSpec): Instant | null {
  if (task.start_date === null) return dag.start_date;
  return dag.start_date === null ? task.start_date : Math.max(task.start_date, dag.start_date);
}

export function taskEndDate(task: TaskSpec, dag: DagSpec): Instant | null {
  if (task.end_date === null) return dag.end_date;
  return dag.end_date === null ? task.end_date : Math.min(task.end_date, dag.end_date);
}
