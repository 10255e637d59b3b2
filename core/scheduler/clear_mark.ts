// clear and mark (§ issue: repair history): clearing resets task instances so they run again
// (with their retries renewed) and re-queues the run with clear_number + 1; marking sets states
// by hand and, for a whole run, finishes it.
import type { RunRecord, TaskInstanceRecord } from './records.js';
import { FINISHED_TI_STATES } from './records.js';
import type { Simulation } from './simulation.js';
import { finishRun } from './finish_run.js';

export function clearRun(sim: Simulation, run: RunRecord, taskIds: string[] | null, onlyFailed: boolean, why: string): number {
  let cleared = 0;
  for (const ti of run.tis) {
    if (!ti) continue;
    if (taskIds && !taskIds.includes(ti.task.task_id)) continue;
    if (onlyFailed && ti.state !== 'failed' && ti.state !== 'upstream_failed') continue;
    resetTi(sim, ti, why);
    cleared++;
  }
  run.clear_number += 1;
  run.last_scheduling_decision = null;
  sim.updateRunFields(run, { clear_number: run.clear_number });
  sim.setRunState(run, 'queued', `${why} (${cleared} task instance(s) cleared, clear_number ${run.clear_number})`);
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

export function markTaskInstance(sim: Simulation, ti: TaskInstanceRecord, state: string, why: string): void {
  ti.end_at = null;
  ti.pending = null;
  ti.wait = null;
  if (ti.start_date === null) ti.start_date = sim.now;
  ti.end_date = sim.now;
  sim.setTiState(ti, state as TaskInstanceRecord['state'], why);
}

export function markRun(sim: Simulation, run: RunRecord, state: 'success' | 'failed', why: string): void {
  for (const ti of run.tis) {
    if (!ti || FINISHED_TI_STATES.has(ti.state)) continue;
    if (state === 'success') markTaskInstance(sim, ti, 'success', why);
    else markTaskInstance(sim, ti, ti.state === 'running' ? 'failed' : 'skipped', why);
  }
  finishRun(sim, run, state, why);
}
