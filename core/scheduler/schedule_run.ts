// One running DAG run (_schedule_dag_run + DagRun.update_state, §4.3–4.4): timeout, task
// dependencies (trigger rule, depends_on_past, retry period), the EmptyOperator shortcut, and the
// run's outcome from its leaves or a deadlock.
import type { RunRecord, TaskInstanceRecord } from './state/records.js';
import { FINISHED_TI_STATES, SCHEDULABLE_TI_STATES } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { iso } from './state/time_text.js';
import { evaluateTaskDeps } from './deps/task_flow_deps.js';
import { stateLeaves } from './deps/setup_teardown.js';
import { evaluatePrevDagrunDep } from './deps/prev_dagrun.js';
import { finishRun } from './finish_run.js';
import { tisOfTask } from './mapped.js';
import { expandOverXCom } from './xcom_expand.js';
import { rescheduleDue } from './sensors.js';

export function scheduleRun(sim: SimState, run: RunRecord): boolean {
  if (run.state !== 'running' || run.dag.paused || run.run_after > sim.now) return false;
  const timeout = run.dag.spec.dagrun_timeout_ms;
  if (timeout !== null && run.start_date !== null && sim.now - run.start_date >= timeout) {
    for (const ti of run.tis) {
      if (ti && !FINISHED_TI_STATES.has(ti.state)) {
        ti.end_at = null; ti.wait = null;
        if (ti.state === 'running' && ti.start_date !== null) ti.end_date = sim.now;
        sim.setTiState(ti, 'skipped', `dagrun_timeout of ${timeout / 1000}s reached: unfinished task instances are skipped`);
      }
    }
    finishRun(sim, run, 'failed', `dagrun_timeout: running since ${iso(run.start_date)}, longer than ${timeout / 1000}s`);
    return true;
  }
  if (run.logical_date !== null && run.logical_date > sim.now) {
    if (run.last_scheduling_decision === null) sim.note('dag_run.waiting', `logical date ${iso(run.logical_date)} is in the future: tasks are not scheduled yet`, { run });
    run.last_scheduling_decision = sim.now;
    sim.wakeAt(run.logical_date);
    return false;
  }
  run.last_scheduling_decision = sim.now;
  // Nothing changed since a pass that found nothing to do: the scan would find nothing again.
  if (run.settled) return false;
  // Runs that read other runs (depends_on_past) are always scanned; setTiState unsettles this one.
  run.settled = !run.dag.anyDependsOnPast;
  let changed = false;
  let anyReady = false;
  let anyPremature = false;
  const order = sim.scenario.rules.prior_run_order;
  for (const ti of run.tis) {
    if (!ti || !SCHEDULABLE_TI_STATES.has(ti.state)) continue;
    if (ti.state === 'up_for_retry' && ti.next_retry_at !== null && ti.next_retry_at > sim.now) {
      anyPremature = true;
      sim.wakeAt(ti.next_retry_at);
      continue;
    }
    // ReadyToRescheduleDep: a rescheduled sensor waits for its TaskReschedule date (now >= date).
    if (ti.state === 'up_for_reschedule' && rescheduleDue(ti) > sim.now) {
      anyPremature = true;
      sim.wakeAt(rescheduleDue(ti));
      continue;
    }
    // A missing TI (task outside its dates) counts as removed; a TI in state None is None, not removed.
    const tr = evaluateTaskDeps(sim.profile, run, ti);
    if (!tr.met) {
      if (tr.force) {
        sim.setTiState(ti, tr.force, tr.reason);
        // TaskInstance.set_state: dates only where missing (a cleared TI keeps its earlier ones).
        ti.start_date ??= sim.now;
        ti.end_date ??= sim.now;
        changed = true;
      }
      // Waiting for upstream tasks to finish is the normal case: not worth a log line.
      continue;
    }
    const past = evaluatePrevDagrunDep(ti, order);
    if (!past.passed) {
      block(sim, ti, past.reason, past.ref);
      continue;
    }
    // An expansion over an upstream's XCom is made now, once its dependencies are met (xcom_expand.ts).
    if (ti.map_index < 0 && ti.task.expand?.kind === 'expand_xcom') {
      changed = true;
      if (!expandOverXCom(sim, ti, tr.reason)) continue;
    }
    // TaskMap.expand_mapped_task: an expansion over zero values skips the unmapped instance.
    if (ti.map_index < 0 && ti.task.expand) {
      sim.setTiState(ti, 'skipped', `${tr.reason}; the map has 0 values to expand: marked skipped`);
      changed = true;
      continue;
    }
    anyReady = true;
    changed = true;
    const pastNote = past.ref ? `; ${past.reason}` : '';
    ti.blocked = null;
    // DagRun.schedule_tis: a TI coming back from up_for_reschedule keeps its try_number.
    if (ti.state !== 'up_for_reschedule') ti.try_number += 1;
    if (ti.task.operator === 'empty' && ti.task.outlets.length === 0) {
      ti.start_date = ti.end_date = sim.now;
      sim.setTiState(ti, 'success', `EmptyOperator: marked success without running (${tr.reason}${pastNote})`, past.ref);
      continue;
    }
    sim.setTiState(ti, 'scheduled', `${tr.reason}${pastNote}`, past.ref);
  }
  // A retry not yet due must be looked at again when its time comes.
  if (anyPremature) run.settled = false;
  changed = updateRunState(sim, run, anyReady || changed, anyPremature) || changed;
  return changed;
}

function block(sim: SimState, ti: TaskInstanceRecord, reason: string, ref?: RunRecord | null): void {
  if (ti.blocked === reason) return;
  ti.blocked = reason;
  sim.note('ti.blocked', reason, { run: ti.run, task: ti.task, ref });
}

/** DagRun.update_state: success/failure from the leaves, or a deadlock. */
function updateRunState(sim: SimState, run: RunRecord, progressed: boolean, premature: boolean): boolean {
  let unfinished = 0;
  let executing = 0;
  for (const ti of run.tis) {
    if (!ti || FINISHED_TI_STATES.has(ti.state)) continue;
    unfinished++;
    if (!SCHEDULABLE_TI_STATES.has(ti.state)) executing++;
  }
  if (unfinished === 0) {
    // Every instance of a mapped leaf counts (update_state's leaf_tis: all TIs of the leaf task_ids).
    const leaves = stateLeaves(run.dag).flatMap((i) => tisOfTask(run, i)).filter((t) => t && t.state !== 'removed');
    const failedLeaf = leaves.find((t) => t!.state === 'failed' || t!.state === 'upstream_failed');
    if (failedLeaf) finishRun(sim, run, 'failed', `task_failure: leaf task ${failedLeaf.task.task_id} is ${failedLeaf.state}`);
    else finishRun(sim, run, 'success', 'all leaf tasks are success or skipped');
    return true;
  }
  if (executing > 0 || progressed || premature) return false;
  // Deadlock: nothing runs and nothing can. Airflow does not call it one when a task depends on
  // past runs or has per-task concurrency limits: those runs wait instead.
  const exempt = run.tis.some((ti) => ti && !FINISHED_TI_STATES.has(ti.state) &&
    (ti.task.depends_on_past || ti.task.wait_for_downstream || ti.task.max_active_tis_per_dag !== null || ti.task.max_active_tis_per_dagrun !== null));
  if (exempt) return false;
  const stuck = run.tis.filter((ti) => ti && !FINISHED_TI_STATES.has(ti.state)).map((ti) => ti!.task.task_id);
  finishRun(sim, run, 'failed', `all_tasks_deadlocked: ${stuck.join(', ')} can never run`);
  return true;
}
