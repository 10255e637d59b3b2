// clear and mark (§ issue: repair history), as Airflow's clear_task_instances and mark_tasks do:
// clearing resets task instances so they run again (with their retries renewed); each run that
// had one cleared gets clear_number + 1 and, when it had finished, is queued again. Marking sets
// states by hand; marking a task also clears its failed/upstream_failed downstream so they resume.
import type { RunRecord, TaskInstanceRecord } from './records.js';
import { FINISHED_TI_STATES } from './records.js';
import type { Simulation } from './simulation.js';
import { dbTime } from './simulation.js';
import { finishRun } from './finish_run.js';
import { atLeast } from '../model/profile_order.js';

export function clearRun(sim: Simulation, run: RunRecord, taskIds: string[] | null, onlyFailed: boolean, why: string, except: ReadonlySet<string> = new Set()): number {
  let cleared = 0;
  for (const ti of run.tis) {
    if (!ti) continue;
    if (taskIds && !taskIds.includes(ti.task.task_id)) continue;
    if (except.has(ti.task.task_id)) continue;
    if (onlyFailed && ti.state !== 'failed' && ti.state !== 'upstream_failed') continue;
    resetTi(sim, ti, why);
    cleared++;
  }
  // clear_task_instances touches only the runs it cleared a task instance of.
  if (cleared === 0) return 0;
  run.clear_number += 1;
  run.last_scheduling_decision = null;
  run.queued_at = sim.now; // clear_task_instances stamps queued_at whatever the run's state
  sim.updateRunFields(run, { clear_number: run.clear_number, queued_at: dbTime(sim.now) });
  const note = `${why} (${cleared} task instance(s) cleared, clear_number ${run.clear_number})`;
  // A run still queued or running keeps its state (and start_date); a finished one is queued again.
  if (run.state === 'success' || run.state === 'failed') sim.setRunState(run, 'queued', note);
  else sim.note('dag_run.cleared', note, { run });
  return cleared;
}

function resetTi(sim: Simulation, ti: TaskInstanceRecord, why: string): void {
  ti.end_at = null;
  ti.pending = null;
  ti.wait = null;
  ti.next_retry_at = null;
  ti.blocked = null;
  // clear_task_instances: the next try gets a fresh set of retries.
  ti.max_tries = ti.try_number + ti.task.retries;
  ti.start_date = null;
  ti.end_date = null;
  sim.setTiState(ti, null, `cleared: ${why}`);
}

/** TaskInstance.set_state: start_date and end_date are set only where missing (a finished try keeps its end). */
function setTiStateByHand(sim: Simulation, ti: TaskInstanceRecord, state: TaskInstanceRecord['state'], why: string): void {
  if (ti.state === state) return;
  ti.end_at = null;
  ti.pending = null;
  ti.wait = null;
  ti.start_date ??= sim.now;
  if (FINISHED_TI_STATES.has(state) || state === 'up_for_retry') ti.end_date ??= sim.now;
  sim.setTiState(ti, state, why);
}

/**
 * PATCH a task instance's state (set_task_instance_state): the task gets the state, then its
 * failed/upstream_failed downstream tasks are cleared, which re-queues a finished run.
 */
export function markTaskInstance(sim: Simulation, ti: TaskInstanceRecord, state: string, why: string): void {
  setTiStateByHand(sim, ti, state as TaskInstanceRecord['state'], why);
  const run = ti.run;
  const downstream = new Set<string>();
  const stack = [...run.dag.downstream[run.dag.taskIndex.get(ti.task.task_id)!]];
  while (stack.length > 0) {
    const i = stack.pop()!;
    const t = run.tis[i];
    if (!t || downstream.has(t.task.task_id)) continue;
    downstream.add(t.task.task_id);
    stack.push(...run.dag.downstream[i]);
  }
  if (downstream.size > 0) clearRun(sim, run, [...downstream], true, `${why}: its failed downstream resumes`);
}

/**
 * PATCH a run's state. queued only sets the run's state. failed: running task instances fail,
 * unfinished ones are skipped. success: up to 3.2 every task instance not in success becomes
 * success (failed ones too); 3.3 treats it like failed (running ones succeed, unfinished ones are
 * skipped, finished ones keep their state).
 */
export function markRun(sim: Simulation, run: RunRecord, state: 'success' | 'failed' | 'queued', why: string): void {
  if (state === 'queued') {
    if (run.state !== 'queued') sim.setRunState(run, 'queued', why);
    return;
  }
  const everyToSuccess = state === 'success' && !atLeast(sim.profile, '3.3');
  for (const ti of run.tis) {
    if (!ti) continue;
    if (everyToSuccess) { setTiStateByHand(sim, ti, 'success', why); continue; }
    if (FINISHED_TI_STATES.has(ti.state)) continue;
    const running = ti.state === 'running' || ti.state === 'up_for_reschedule' || ti.state === 'deferred';
    setTiStateByHand(sim, ti, running ? state : 'skipped', why);
  }
  finishRun(sim, run, state, why);
}
