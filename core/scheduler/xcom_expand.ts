// Dynamic task mapping over an upstream's XCom (`.expand(arg=task.output)`). As in
// DagRun._get_ready_tis and TaskMap.expand_mapped_task (A3.3/models/dagrun.py:1541-1600,
// A3.3/models/taskmap.py:129-220; A2.11/models/taskinstance.py:_record_task_map_for_downstreams):
// the unmapped instance (map_index -1) first passes its dependencies like any task; then the
// upstream's returned list decides. No value (the upstream did not succeed, yet the trigger rule let
// this task run) -> upstream_failed; an empty list -> skipped; n items -> this instance becomes
// map_index 0 and indexes 1..n-1 are made at once, checked in the same scheduler pass.
import type { TaskInstanceRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { returnValueOf } from './xcom.js';

/** True when `ti` is now map index 0 and may be scheduled; false when it was finished here. */
export function expandOverXCom(sim: SimState, ti: TaskInstanceRecord, why: string): boolean {
  const e = ti.task.expand;
  if (e?.kind !== 'expand_xcom' || ti.map_index >= 0) return true;
  const run = ti.run;
  const value = returnValueOf(sim, run, e.task_id);
  if (!Array.isArray(value)) {
    sim.setTiState(ti, 'upstream_failed', `${why}; cannot expand ${ti.task.task_id}: ${e.task_id} pushed no list to map over (missing upstream values)`);
    ti.start_date ??= sim.now;
    ti.end_date ??= sim.now;
    return false;
  }
  if (value.length === 0) {
    sim.setTiState(ti, 'skipped', `${why}; ${e.task_id} returned an empty list: the map has 0 values to expand: marked skipped`);
    return false;
  }
  ti.map_index = 0;
  for (let m = 1; m < value.length; m++) sim.addMappedTi(run, ti.index, m);
  run.settled = false;
  sim.note('ti.expanded', `${ti.task.task_id} expanded over ${e.task_id}'s return_value: ${value.length} task instance${value.length === 1 ? '' : 's'}, map_index 0..${value.length - 1}`, { run, task: ti.task });
  return true;
}
