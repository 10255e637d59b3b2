// PrevDagrunDep (ti_deps/deps/prev_dagrun_dep.py): depends_on_past, wait_for_downstream and
// ignore_first_depends_on_past, in the order Airflow checks them. The "previous run" lookup is
// by logical_date (Airflow 3.0/3.1), or by run_after under the rule switch prior_run_order.
import type { PriorRunOrder } from '../../model/scenario.js';
import type { RunRecord, TaskInstanceRecord } from '../state/records.js';
import { taskStartDate } from '../task_dates.js';
import { tiLabel, tisOfTask } from '../mapped.js';

export interface DepVerdict {
  passed: boolean;
  reason: string;
  /** The run that was consulted, for the explorer's arrows. */
  ref: RunRecord | null;
}

const OK_STATES = new Set(['success', 'skipped']);

/** The run Airflow would call "previous" for `run`, or null. */
export function previousRun(run: RunRecord, order: PriorRunOrder): RunRecord | null {
  const excludeManual = run.dag.spec.catchup; // get_previous_scheduled_dagrun skips manual runs
  let best: RunRecord | null = null;
  if (order === 'logical_date') {
    if (run.logical_date === null) return null;
    for (const r of run.dag.runs) {
      if (r === run || r.logical_date === null || r.logical_date >= run.logical_date) continue;
      if (excludeManual && r.run_type === 'manual') continue;
      if (!best || r.logical_date > best.logical_date! || (r.logical_date === best.logical_date && r.id > best.id)) best = r;
    }
    return best;
  }
  for (const r of run.dag.runs) {
    if (r === run) continue;
    if (r.run_after > run.run_after || (r.run_after === run.run_after && r.id > run.id)) continue;
    if (excludeManual && r.run_type === 'manual') continue;
    if (!best || r.run_after > best.run_after || (r.run_after === best.run_after && r.id > best.id)) best = r;
  }
  return best;
}

export function evaluatePrevDagrunDep(ti: TaskInstanceRecord, order: PriorRunOrder): DepVerdict {
  const task = ti.task;
  const run = ti.run;
  if (!task.depends_on_past && !task.wait_for_downstream) return { passed: true, reason: 'depends_on_past is off', ref: null };
  if (run.sort_ordinal === 1) return { passed: true, reason: 'depends_on_past: first run in a backfill passes', ref: null };
  if (order === 'logical_date' && run.logical_date === null) {
    return { passed: true, reason: 'depends_on_past: this run has no logical_date, so it has no previous run', ref: null };
  }
  const prev = previousRun(run, order);
  if (!prev) return { passed: true, reason: 'depends_on_past: no previous run (first task instance)', ref: null };
  const taskStart = taskStartDate(task, run.dag.spec); // the task's own, narrowed to the DAG's (add_task)
  if (run.dag.spec.catchup && taskStart !== null && prev.logical_date !== null && prev.logical_date < taskStart) {
    return { passed: true, reason: `depends_on_past: previous run ${prev.run_id} is before the task's start_date`, ref: prev };
  }
  const prevTi = prev.tis[ti.index];
  if (!prevTi) {
    if (task.ignore_first_depends_on_past && !hasEarlierTi(ti, order)) {
      return { passed: true, reason: `depends_on_past: task ${task.task_id} never ran before (ignore_first_depends_on_past)`, ref: prev };
    }
    return { passed: false, reason: `depends_on_past: previous run ${prev.run_id} has no task instance of ${task.task_id} (previous task instance has not run yet)`, ref: prev };
  }
  // Every instance of the task in the previous run counts, whatever this one's map index
  // (_count_unsuccessful_tis filters by task_id only): each index waits for all of them.
  const bad = tisOfTask(prev, ti.index).find((t) => !OK_STATES.has(t.state as string));
  if (bad) {
    return { passed: false, reason: `depends_on_past: previous run ${prev.run_id} task ${tiLabel(bad)} is ${bad.state ?? 'None'}`, ref: prev };
  }
  if (task.wait_for_downstream) {
    for (const d of run.dag.downstream[ti.index]) {
      const dti = tisOfTask(prev, d).find((t) => !OK_STATES.has(t.state as string));
      if (dti) {
        return { passed: false, reason: `wait_for_downstream: previous run ${prev.run_id} task ${tiLabel(dti)} is ${dti.state ?? 'None'}`, ref: prev };
      }
    }
  }
  return { passed: true, reason: `depends_on_past: previous run ${prev.run_id} task ${task.task_id} is ${prevTi.state}`, ref: prev };
}

function hasEarlierTi(ti: TaskInstanceRecord, order: PriorRunOrder): boolean {
  const run = ti.run;
  for (const r of run.dag.runs) {
    if (r === run || !r.tis[ti.index]) continue;
    if (order === 'logical_date') {
      if (r.logical_date !== null && run.logical_date !== null && r.logical_date < run.logical_date) return true;
    } else if (r.run_after < run.run_after) return true;
  }
  return false;
}
