// ExternalTaskSensor's poke (providers/standard/sensors/external_task.py, _poke_af3 in standard
// provider 1.x with Airflow 3.3.2): it counts the other DAG's runs, or that task's instances, whose
// run has logical_date IN (this run's date - execution_delta). The date is this run's logical_date;
// a run without one (AIP-83) uses its run_after instead (_get_logical_date). The external side is
// matched on logical_date, so an external run without a logical date is never found.
// Failed states are checked first and fail the try (retries apply; soft_fail skips it).
import type { ExternalTaskSpec } from '../model/sensor.js';
import type { PendingEnd, RunRecord, TaskInstanceRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { iso } from './state/time_text.js';

type Verdict = { met: true } | { met: false; why: string } | { met: 'failed'; end: PendingEnd };

export function externalCondition(sim: SimState, ti: TaskInstanceRecord, ext: ExternalTaskSpec): Verdict {
  const own = ti.run.logical_date ?? ti.run.run_after;
  const date = own - (ext.execution_delta_ms ?? 0);
  const via = ti.run.logical_date === null ? `run_after ${iso(own)} (this run has no logical date)` : `logical date ${iso(own)}`;
  const dag = sim.dags.get(ext.dag_id);
  const run: RunRecord | undefined = dag?.byLogicalDate.get(date);
  const state = (): string | null => {
    if (!run) return null;
    if (ext.task_id === null) return run.state;
    const t = run.tis.find((x) => x && x.task.task_id === ext.task_id && x.map_index < 0);
    return t ? (t.state ?? 'none') : null;
  };
  const s = state();
  const what = ext.task_id === null ? `DAG ${ext.dag_id}` : `task ${ext.task_id} of ${ext.dag_id}`;
  if (s !== null && ext.failed_states.includes(s)) {
    const soft = ti.task.sensor!.soft_fail;
    const text = ext.task_id === null ? `The external DAG ${ext.dag_id} failed.` : `Some of the external tasks ['${ext.task_id}'] in DAG ${ext.dag_id} failed.`;
    sim.note('sensor.poke', `${what} at ${iso(date)} is ${s}, a failed state`, { run: ti.run, task: ti.task, ref: run ?? null });
    if (soft) return { met: 'failed', end: { state: 'skipped', error: null } };
    return { met: 'failed', end: { state: 'failed', error: `${ext.task_id === null ? 'ExternalDagFailedError' : 'ExternalTaskFailedError'}: ${text}` } };
  }
  if (s !== null && ext.allowed_states.includes(s)) {
    sim.note('sensor.external', `${what} at logical date ${iso(date)} is ${s} (looked up by ${via})`, { run: ti.run, task: ti.task, ref: run ?? null });
    return { met: true };
  }
  return { met: false, why: run ? `${what} at logical date ${iso(date)} is ${s ?? 'missing'} (looked up by ${via})` : `no run of ${ext.dag_id} has logical date ${iso(date)} (looked up by ${via})` };
}
