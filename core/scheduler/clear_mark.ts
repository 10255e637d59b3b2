// clear and mark (§ issue: repair history), as Airflow's clear_task_instances and mark_tasks do:
// clearing resets task instances so they run again (with their retries renewed); each run that
// had one cleared gets clear_number + 1 and, when it had finished, is queued again. Marking sets
// states by hand; marking a task also clears its failed/upstream_failed downstream so they resume.
import type { DagRecord, RunRecord, TaskInstanceRecord } from './state/records.js';
import type { ClearSpec } from '../model/scenario.js';
import { FINISHED_TI_STATES } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { dbTime } from './state/time_text.js';
import { finishRun } from './finish_run.js';
import { atLeast } from '../model/profile_order.js';
import { setupTeardownRelatives } from './clear_setup_teardown.js';

export function clearRun(sim: SimState, run: RunRecord, taskIds: readonly string[] | null, onlyFailed: boolean, why: string,
  except: ReadonlySet<string> = new Set(), requeue = true): number {
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
  const note = `${why} (${cleared} task instance(s) cleared${requeue ? `, clear_number ${run.clear_number + 1}` : ', run state kept'})`;
  // dag_run_state False (REST reset_dag_runs: false): the run is not touched at all.
  if (!requeue) { sim.note('dag_run.cleared', note, { run }); return cleared; }
  run.clear_number += 1;
  run.last_scheduling_decision = null;
  run.queued_at = sim.now; // clear_task_instances stamps queued_at whatever the run's state
  sim.updateRunFields(run, { clear_number: run.clear_number, queued_at: dbTime(sim.now) });
  // A run still queued or running keeps its state (and start_date); a finished one is queued again.
  if (run.state === 'success' || run.state === 'failed') sim.setRunState(run, 'queued', note);
  else sim.note('dag_run.cleared', note, { run });
  return cleared;
}

/** The tasks and their upstream or downstream relatives, transitively (partial_subset). */
function withRelatives(dag: DagRecord, taskIds: readonly string[], edges: number[][]): Set<string> {
  const names = dag.spec.tasks.map((t) => t.task_id);
  const out = new Set<string>(taskIds);
  const stack = taskIds.map((t) => dag.taskIndex.get(t)).filter((i): i is number => i !== undefined);
  while (stack.length > 0) {
    for (const j of edges[stack.pop()!]) if (!out.has(names[j])) { out.add(names[j]); stack.push(j); }
  }
  return out;
}

/**
 * A clear event as POST clearTaskInstances with dag_run_id: task_ids grown by upstream/downstream
 * relatives; future/past widen it to the runs whose logical date is at/after or at/before this
 * run's (both: every run, those without a logical date too). 3.0 refuses future/past with a run id
 * at all; 3.1+ refuse them for a run without a logical date (AIP-83).
 */
export function clearTaskInstances(sim: SimState, run: RunRecord, c: ClearSpec, why: string): { ok: true; cleared: number } | { ok: false; status: number; error: string } {
  const dag = run.dag;
  if (c.future || c.past) {
    if (sim.profile === '3.0') return { ok: false, status: 400, error: 'Cannot use include_past or include_future when dag_run_id is provided because logical_date is not applicable.' };
    if (run.logical_date === null) return { ok: false, status: 400, error: 'Cannot use include_past or include_future with no logical_date(e.g. manually or asset-triggered).' };
  }
  let taskIds: string[] | null = null;
  if (c.task_ids) {
    const ids = new Set(c.task_ids);
    if (c.upstream) for (const t of [...withRelatives(dag, c.task_ids, dag.upstream), ...setupTeardownRelatives(dag, c.task_ids, 'upstream')]) ids.add(t);
    if (c.downstream) for (const t of [...withRelatives(dag, c.task_ids, dag.downstream), ...setupTeardownRelatives(dag, c.task_ids, 'downstream')]) ids.add(t);
    taskIds = [...ids];
  }
  const ld = run.logical_date;
  const from = c.past ? null : ld;
  const to = c.future ? null : ld;
  const runs = !c.future && !c.past ? [run]
    : from === null && to === null ? dag.runs
    : dag.runs.filter((r) => r.logical_date !== null && (from === null || r.logical_date >= from) && (to === null || r.logical_date <= to));
  let cleared = 0;
  for (const r of runs) cleared += clearRun(sim, r, taskIds, c.only_failed, why, undefined, c.dag_run_state !== null);
  return { ok: true, cleared };
}

function resetTi(sim: SimState, ti: TaskInstanceRecord, why: string): void {
  ti.end_at = null;
  ti.pending = null;
  ti.wait = null;
  ti.next_retry_at = null;
  ti.blocked = null;
  // clear_task_instances: the next try gets a fresh set of retries.
  ti.max_tries = ti.try_number + ti.task.retries;
  // Its start_date/end_date stay until a new try starts (real Airflow 3.3.2 keeps them too).
  sim.setTiState(ti, null, `cleared: ${why}`);
}

/** TaskInstance.set_state: start_date and end_date are set only where missing (a finished try keeps its end). */
function setTiStateByHand(sim: SimState, ti: TaskInstanceRecord, state: TaskInstanceRecord['state'], why: string): void {
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
export function markTaskInstance(sim: SimState, ti: TaskInstanceRecord, state: string, why: string): void {
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
export function markRun(sim: SimState, run: RunRecord, state: 'success' | 'failed' | 'queued', why: string): void {
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
