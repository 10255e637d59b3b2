// TriggerDagRunOperator (§9.1): renders its fields, triggers the target through the execution
// API path, handles an existing run (skip, reset, or fail), pushes XCom trigger_run_id (and its
// link), and with wait_for_completion pokes the triggered run every poke_interval. It does no work of
// its own: without wait_for_completion its try ends at the instant it triggered (execute.ts).
import type { TaskInstanceRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { renderTemplate } from '../templates/render.js';
import { parseInstant, pythonIsoformat } from '../time/instant.js';
import { triggerDagRun } from './manual_trigger.js';
import { xcomPush } from './xcom.js';
import { clearRun } from './clear_mark.js';

export type OperatorResult = { state: 'running' | 'success' | 'failed' | 'skipped'; error: string | null };

function renderDeep(value: unknown, ctx: Record<string, unknown>): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof value === 'string') {
    const r = renderTemplate(value, ctx);
    return r.ok ? { ok: true, value: r.text } : r;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) { const r = renderDeep(v, ctx); if (!r.ok) return r; out.push(r.value); }
    return { ok: true, value: out };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = renderDeep(v, ctx);
      if (!r.ok) return r;
      // A key named __proto__ is data, as in Python, not this object's prototype.
      Object.defineProperty(out, k, { value: r.value, enumerable: true, writable: true, configurable: true });
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}

export function runTriggerDagRunOperator(sim: SimState, ti: TaskInstanceRecord, ctx: Record<string, unknown>): OperatorResult {
  const spec = ti.task.trigger!;
  const dagId = renderTemplate(spec.dag_id, ctx);
  if (!dagId.ok) return { state: 'failed', error: dagId.error };
  const conf = renderDeep(spec.conf ?? {}, ctx);
  if (!conf.ok) return { state: 'failed', error: conf.error };
  let runId: string | null = null;
  if (spec.trigger_run_id !== null) {
    const r = renderTemplate(spec.trigger_run_id, ctx);
    if (!r.ok) return { state: 'failed', error: r.error };
    runId = r.text;
  }
  let logicalDate: number | null | undefined;
  if (spec.logical_date === undefined) logicalDate = sim.now; // NOTSET → utcnow()
  else if (spec.logical_date === null) logicalDate = null;
  else {
    const r = renderTemplate(spec.logical_date, ctx);
    if (!r.ok) return { state: 'failed', error: r.error };
    try {
      logicalDate = parseInstant(r.text.trim().replace(' ', 'T'), 'UTC');
    } catch (err) {
      return { state: 'failed', error: `ValueError: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  const target = sim.dags.get(dagId.text);
  if (target && target.paused && spec.fail_when_dag_is_paused) {
    return { state: 'failed', error: `DagIsPaused: Dag ${dagId.text} is paused` };
  }
  const confValue = (conf.value ?? {}) as Record<string, unknown>;
  const outcome = triggerDagRun(sim, { dag_id: dagId.text, path: 'operator', logical_date: logicalDate, run_id: runId, conf: confValue });
  pushTriggerLink(sim, ti, dagId.text, runId ?? (outcome.ok ? outcome.run.run_id : logicalDate !== null ? `manual__${pythonIsoformat(logicalDate)}` : null));
  let run;
  if (outcome.ok) run = outcome.run;
  else if (outcome.existing && outcome.existing.run_id === (runId ?? outcome.existing.run_id) && (spec.skip_when_already_exists || spec.reset_dag_run)) {
    if (spec.skip_when_already_exists) {
      sim.note('operator.skipped', `run ${outcome.existing.run_id} of ${dagId.text} already exists: skip_when_already_exists`, { run: ti.run, task: ti.task, ref: outcome.existing });
      return { state: 'skipped', error: null };
    }
    run = outcome.existing;
    clearRun(sim, run, null, false, `reset_dag_run: ${ti.task.task_id} in ${ti.run.run_id} re-triggers ${run.run_id}`);
  } else {
    return { state: 'failed', error: outcome.error };
  }
  sim.note('operator.triggered', `TriggerDagRunOperator triggered ${run.run_id} of ${dagId.text}`, { run: ti.run, task: ti.task, ref: run });
  // Airflow 2 also stores the logical date, "for backwards compatibility" (A2/operators/trigger_dagrun.py:240).
  if (sim.profile === '2' && run.logical_date !== null) xcomPush(sim, ti, 'trigger_logical_date_iso', pythonIsoformat(run.logical_date));
  xcomPush(sim, ti, 'trigger_run_id', run.run_id);
  if (!spec.wait_for_completion) return { state: 'success', error: null };
  ti.wait = { target: run, next_poke: sim.now + spec.poke_interval_ms, allowed_states: spec.allowed_states, failed_states: spec.failed_states };
  ti.end_at = null;
  ti.pending = null;
  sim.wakeAt(ti.wait.next_poke);
  return { state: 'running', error: null };
}

/**
 * Airflow 3's operator stores its extra link's URL as XCom `_link_TriggerDagRunLink` before it hands
 * the trigger to the task runner, so the link exists whether the trigger then succeeds, is skipped
 * or fails (providers/standard/operators/trigger_dagrun.py:332-343 in provider 1.21.0, every 3.x
 * venv). The URL is `[api] base_url` (default unset, so "/") + `dags/<dag_id>/runs/<run_id>`
 * (airflow/utils/helpers.py build_airflow_dagrun_url). Airflow 2 has no such XCom.
 */
function pushTriggerLink(sim: SimState, ti: TaskInstanceRecord, dagId: string, runId: string | null): void {
  if (sim.profile === '2' || runId === null) return;
  xcomPush(sim, ti, '_link_TriggerDagRunLink', `/dags/${dagId}/runs/${runId}`);
}

/** One poke: a verdict when the triggered run reached an allowed or failed state, else wait on. */
export function pokeTriggeredRun(sim: SimState, ti: TaskInstanceRecord): { state: 'success' | 'failed'; error: string | null } | null {
  const wait = ti.wait!;
  const st = wait.target.state;
  if (wait.failed_states.includes(st)) {
    return { state: 'failed', error: `AirflowException: ${wait.target.dag.spec.dag_id} failed with failed states ${st}` };
  }
  if (wait.allowed_states.includes(st)) return { state: 'success', error: null };
  wait.next_poke = sim.now + ti.task.trigger!.poke_interval_ms;
  sim.wakeAt(wait.next_poke);
  return null;
}
