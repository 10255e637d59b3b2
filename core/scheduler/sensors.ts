// Sensors (BaseSensorOperator.execute, task-sdk bases/sensor.py in Airflow 3.3.2): a try pokes its
// condition; poke mode sleeps between pokes inside one running try, reschedule mode ends each poke
// as up_for_reschedule (same try_number) until a TaskReschedule date, deferrable mode hands a
// DateTimeTrigger to the triggerer (triggerer.ts). A poke takes no virtual time. The timeout counts
// from the try's start (poke) or its first reschedule (reschedule) and is only checked after a
// failed poke, strictly (`run_duration() > timeout`); it fails the try without retries
// (AirflowSensorTimeout), or skips it with soft_fail.
import type { PendingEnd, SensorTry, TaskInstanceRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { iso } from './state/time_text.js';
import type { SensorSpec } from '../model/sensor.js';
import { sha1Hex } from '../util/sha1.js';
import { externalCondition } from './external_task.js';
import { xcomPush } from './xcom.js';
import { deferTry, handToTriggerer } from './triggerer.js';

/** The sensor's state for this try, fresh when the try changed (a retry or a clear). */
function tryState(sim: SimState, ti: TaskInstanceRecord): SensorTry {
  if (!ti.sensor || ti.sensor.try_number !== ti.try_number) {
    ti.sensor = { try_number: ti.try_number, started: sim.now, pokes: 0, next_poke: null, reschedule_at: null, trigger: null, resume: null };
  }
  return ti.sensor;
}

/** A sensor try starts (the executor's start_date is set): poke now, or defer. Returns how it ends now, or null while it sleeps. */
export function startSensorTry(sim: SimState, ti: TaskInstanceRecord): PendingEnd | null {
  const spec = ti.task.sensor!;
  const st = tryState(sim, ti);
  if (st.resume) return resumeAfterTrigger(ti, st, sim.profile);
  if (spec.mode === 'deferrable') return deferTry(sim, ti, st, conditionInstant(ti));
  if (spec.mode === 'poke') { st.started = sim.now; st.pokes = 0; }
  // Reschedule mode: the first poke of the try is the timeout's origin (get_first_reschedule_date).
  return poke(sim, ti, st);
}

/** Poke mode: a sleeping try's next poke has come. */
export function pokeDue(ti: TaskInstanceRecord, now: number): boolean {
  return ti.sensor !== undefined && ti.sensor.next_poke !== null && ti.sensor.next_poke <= now && ti.state === 'running';
}

export function pokeAgain(sim: SimState, ti: TaskInstanceRecord): PendingEnd | null {
  const st = ti.sensor!;
  st.next_poke = null;
  return poke(sim, ti, st);
}

function poke(sim: SimState, ti: TaskInstanceRecord, st: SensorTry): PendingEnd | null {
  const spec = ti.task.sensor!;
  st.pokes++;
  const verdict = evaluate(sim, ti);
  if (verdict.met === true) return { state: 'success', error: null };
  if (verdict.met === 'failed') return verdict.end;
  const ran = (sim.now - st.started) / 1000;
  if (ran > spec.timeout_ms / 1000) {
    const message = `Sensor has timed out; run duration of ${pyFloat(ran)} seconds exceeds the specified timeout of ${pyFloat(spec.timeout_ms / 1000)}.`;
    return spec.soft_fail ? { state: 'skipped', error: null, no_retry: true } : { state: 'failed', error: `AirflowSensorTimeout: ${message}`, no_retry: true };
  }
  const interval = nextPokeInterval(ti, spec, st, ran);
  const next = sim.now + Math.round(interval * 1000);
  if (spec.mode === 'reschedule') {
    st.reschedule_at = next;
    sim.note('sensor.poke', `poke ${st.pokes}: ${verdict.why}; rescheduled for ${iso(next)} (the worker slot is freed)`, { run: ti.run, task: ti.task });
    return { state: 'up_for_reschedule', error: null };
  }
  // Poke mode: the try keeps its slot and sleeps; execution_timeout can end it while it does.
  const limit = ti.task.execution_timeout_ms;
  const start = ti.start_date ?? st.started;
  if (limit !== null && start + limit < next) {
    sim.note('sensor.poke', `poke ${st.pokes}: ${verdict.why}; execution_timeout ends the try at ${iso(start + limit)} before the next poke`, { run: ti.run, task: ti.task });
    ti.end_at = start + limit;
    ti.pending = { state: 'failed', error: `AirflowTaskTimeout: execution_timeout of ${limit / 1000}s reached` };
    sim.wakeAt(ti.end_at);
    return null;
  }
  st.next_poke = next;
  sim.note('sensor.poke', `poke ${st.pokes}: ${verdict.why}; sleeping ${pyFloat(interval)}s in its worker slot, next poke at ${iso(next)}`, { run: ti.run, task: ti.task });
  sim.wakeAt(next);
  return null;
}

type Verdict = { met: true } | { met: false; why: string } | { met: 'failed'; end: PendingEnd };

function evaluate(sim: SimState, ti: TaskInstanceRecord): Verdict {
  const c = ti.task.sensor!.condition;
  if (c.kind === 'external') return externalCondition(sim, ti, c.external);
  const at = conditionInstant(ti);
  if (at !== null && sim.now >= at) return { met: true };
  return { met: false, why: at === null ? 'the condition is never true' : `the condition is false until ${iso(at)}` };
}

/** The instant a time condition becomes true; null: never. */
export function conditionInstant(ti: TaskInstanceRecord): number | null {
  const c = ti.task.sensor!.condition;
  if (c.kind === 'at') return c.at;
  if (c.kind === 'after') return ti.run.run_after + c.ms;
  return null;
}

/** The try resumes in execute_complete (the trigger fired) or in __fail__ (the trigger timed out). */
function resumeAfterTrigger(ti: TaskInstanceRecord, st: SensorTry, profile: string): PendingEnd {
  const how = st.resume;
  st.resume = null;
  st.trigger = null;
  if (how === 'event') return { state: 'success', error: null };
  // BaseSensorOperator.resume_execution: TaskDeferralTimeout becomes AirflowSensorTimeout (no retry).
  if (ti.task.sensor!.soft_fail) return { state: 'skipped', error: null, no_retry: true };
  // TriggerFailureReason.TRIGGER_TIMEOUT in 3.x; Airflow 2's scheduler wrote "Trigger/execution timeout".
  return { state: 'failed', error: `AirflowSensorTimeout: ${profile === '2' ? 'Trigger/execution timeout' : 'Trigger timeout'}`, no_retry: true };
}

/** BaseSensorOperator._get_next_poke_interval: poke_interval, or the hashed exponential backoff. */
export function nextPokeInterval(ti: TaskInstanceRecord, spec: SensorSpec, st: SensorTry, ran: number): number {
  const interval = spec.poke_interval_ms / 1000;
  if (!spec.exponential_backoff) return interval;
  const dag_id = ti.run.dag.spec.dag_id;
  const task_id = ti.task.task_id;
  // The hash's started_at: a monotonic float in poke mode (the harness makes it the virtual epoch
  // seconds), the first reschedule's datetime in reschedule mode.
  const startedAt = spec.mode === 'reschedule' ? pyDatetime(st.started) : pyFloat(st.started / 1000);
  const jitter = (count: number): number => {
    const minBackoff = Math.max(Math.trunc(interval * 2 ** (count - 2)), 1);
    const hash = BigInt('0x' + sha1Hex(`${dag_id}#${task_id}#${startedAt}#${count}`));
    return minBackoff + Number(hash % BigInt(minBackoff));
  };
  let count = st.pokes;
  if (spec.mode === 'reschedule') {
    // Each reschedule run starts at poke 1: the count is estimated from the time elapsed.
    let cumulative = 0;
    let estimated = 0;
    while (cumulative <= ran) { estimated++; cumulative += jitter(estimated); }
    count = estimated || count;
  }
  let next = Math.min(spec.timeout_ms / 1000 - Math.trunc(ran), jitter(count));
  if (spec.max_wait_ms) next = Math.min(spec.max_wait_ms / 1000, next);
  return next;
}

/** Python's repr of a float (1735689600.0, 0.5). */
export function pyFloat(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** str() of an aware UTC datetime: "2025-01-01 00:00:00+00:00", microseconds only when non-zero. */
function pyDatetime(ms: number): string {
  const d = new Date(ms).toISOString();
  const frac = ms % 1000 === 0 ? '' : `.${d.slice(20, 23)}000`;
  return `${d.slice(0, 10)} ${d.slice(11, 19)}${frac}+00:00`;
}

/** A sensor try that parks instead of ending: up_for_reschedule until its date, or deferred. */
export function parkSensorTry(sim: SimState, ti: TaskInstanceRecord, end: PendingEnd): boolean {
  if (ti.task.sensor) pushExtraLink(sim, ti);
  if (end.state === 'up_for_reschedule') {
    const at = ti.sensor!.reschedule_at!;
    sim.setTiState(ti, 'up_for_reschedule', `try ${ti.try_number} parked until ${iso(at)} (TaskReschedule); the next poke keeps try_number ${ti.try_number}`);
    sim.wakeAt(at);
    return true;
  }
  if (end.state === 'deferred') {
    ti.end_date = null; // a deferred try has not ended
    sim.setTiState(ti, 'deferred', handToTriggerer(sim, ti));
    return true;
  }
  if (end.no_retry && end.state === 'failed') {
    // The task runner fails AirflowSensorTimeout like AirflowFailException: retries left or not.
    ti.error = end.error;
    sim.setTiState(ti, 'failed', `try ${ti.try_number} failed (${end.error}); a sensor timeout is never retried`);
    return true;
  }
  return false;
}

/** When a TI in up_for_reschedule may run again (-Infinity: no reschedule recorded, at once). */
export function rescheduleDue(ti: TaskInstanceRecord): number {
  return ti.sensor?.reschedule_at ?? -Infinity;
}

/**
 * Airflow 3's task runner pushes each operator extra link as an XCom when a try run ends (finalize):
 * ExternalDagLink is `/dags/<external dag>/runs/<this run's run_id>` (build_airflow_dagrun_url with
 * the default base_url). Airflow 2 computed links when asked, with no XCom.
 */
function pushExtraLink(sim: SimState, ti: TaskInstanceRecord): void {
  const c = ti.task.sensor!.condition;
  if (c.kind !== 'external' || sim.profile === '2') return;
  xcomPush(sim, ti, '_link_ExternalDagLink', `/dags/${c.external.dag_id}/runs/${ti.run.run_id}`);
}
