// Where a run keeps a mapped task's instances: run.tis[index] holds the task's first instance
// (map_index 0, or -1 when the task is not mapped or its expansion is empty) and map indexes 1..n-1
// follow the DAG's tasks at the end of run.tis. A run without mapped tasks has exactly one slot per
// task, so these helpers cost nothing there.
import type { TaskState } from '../model/output.js';
import type { RunRecord, TaskInstanceRecord } from './state/records.js';

/** Whether the run holds instances beyond one per task. */
export const hasMappedExtras = (run: RunRecord): boolean => run.tis.length > run.dag.spec.tasks.length;

/** Every instance of the task at `index`, by map index. */
export function tisOfTask(run: RunRecord, index: number): TaskInstanceRecord[] {
  const first = run.tis[index];
  if (!first) return [];
  if (first.map_index < 0 || !hasMappedExtras(run)) return [first];
  const out = [first];
  for (let i = run.dag.spec.tasks.length; i < run.tis.length; i++) if (run.tis[i]?.index === index) out.push(run.tis[i]);
  return out;
}

/** The run's instances in the DAG's task order, each task's by map index (the output's order). */
export function tisInTaskOrder(run: RunRecord): TaskInstanceRecord[] {
  const n = run.dag.spec.tasks.length;
  const out: TaskInstanceRecord[] = [];
  for (let i = 0; i < n; i++) {
    if (!run.tis[i]) continue;
    if (hasMappedExtras(run)) out.push(...tisOfTask(run, i));
    else out.push(run.tis[i]);
  }
  return out;
}

/** The scheduler's name for one instance: "train [2]" when mapped. */
export const tiLabel = (ti: TaskInstanceRecord): string => (ti.map_index < 0 ? ti.task.task_id : `${ti.task.task_id} [${ti.map_index}]`);

/** The states the trigger rule counts: every instance of each upstream task; a task with none counts as removed. */
export function upstreamStates(run: RunRecord, index: number): TaskState[] {
  const ups = run.dag.upstream[index];
  if (!hasMappedExtras(run)) return ups.map((u) => (run.tis[u] ? run.tis[u].state : 'removed'));
  const out: TaskState[] = [];
  for (const u of ups) {
    const tis = tisOfTask(run, u);
    if (tis.length === 0) out.push('removed');
    for (const t of tis) out.push(t.state);
  }
  return out;
}
