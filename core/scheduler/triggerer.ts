// The triggerer (jobs/triggerer_job_runner.py) and the scheduler's trigger timeouts
// (SchedulerJobRunner.check_trigger_timeouts). A deferred try holds no worker or pool slot; its
// DateTimeTrigger fires once `moment <= now`, and the TI is scheduled again with the same
// try_number to resume in execute_complete (keeping its start_date). A trigger still waiting when
// `trigger_timeout < now` is dropped and the TI is scheduled to resume in __fail__
// (TaskDeferralTimeout). The strict threshold is taken at the instant itself, as every strict
// threshold is (output instants have millisecond resolution); a trigger due then fires first.
import type { PendingEnd, SensorTry, TaskInstanceRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { iso } from './state/time_text.js';

const deferred = new WeakMap<SimState, Set<TaskInstanceRecord>>();

/** The try defers on a DateTimeTrigger at `moment` (null: one that never fires) with the sensor's timeout. */
export function deferTry(sim: SimState, ti: TaskInstanceRecord, st: SensorTry, moment: number | null): PendingEnd {
  st.trigger = { moment, timeout_at: sim.now + ti.task.sensor!.timeout_ms };
  return { state: 'deferred', error: null };
}

/** After the TI's state became deferred: the triggerer takes the trigger. */
export function handToTriggerer(sim: SimState, ti: TaskInstanceRecord): string {
  let set = deferred.get(sim);
  if (!set) deferred.set(sim, (set = new Set()));
  set.add(ti);
  const t = ti.sensor!.trigger!;
  for (const at of [t.moment, t.timeout_at]) if (at !== null) sim.wakeAt(Math.max(at, sim.now));
  const moment = t.moment === null ? 'a trigger that never fires' : `DateTimeTrigger(moment=${iso(t.moment)})`;
  return `deferred: ${moment} handed to the triggerer; worker and pool slots freed; trigger timeout at ${iso(t.timeout_at)}`;
}

/** Fire due triggers and time out late ones; true when a TI changed. */
export function processTriggerer(sim: SimState): boolean {
  const set = deferred.get(sim);
  if (!set || set.size === 0) return false;
  const due: TaskInstanceRecord[] = [];
  for (const ti of set) {
    const t = ti.sensor?.trigger;
    // Cleared or marked while deferred: Airflow drops the trigger with the TI's trigger_id.
    if (ti.state !== 'deferred' || !t) { set.delete(ti); continue; }
    if ((t.moment !== null && t.moment <= sim.now) || (t.timeout_at !== null && t.timeout_at <= sim.now)) due.push(ti);
  }
  if (due.length === 0) return false;
  due.sort((a, b) => a.run.id - b.run.id || a.index - b.index || a.map_index - b.map_index);
  for (const ti of due) {
    set.delete(ti);
    const st = ti.sensor!;
    const t = st.trigger!;
    if (t.moment !== null && t.moment <= sim.now) {
      st.resume = 'event';
      sim.setTiState(ti, 'scheduled', `the triggerer fired DateTimeTrigger(moment=${iso(t.moment)}): scheduled to resume in execute_complete (try ${ti.try_number} continues)`);
    } else {
      st.resume = 'timeout';
      sim.setTiState(ti, 'scheduled', `trigger timeout ${iso(t.timeout_at)} passed before the trigger fired: scheduled to resume in __fail__ (TaskDeferralTimeout)`);
    }
  }
  return true;
}
