// The simulated executor and worker: a try starts (templates are rendered with Airflow's context,
// the operator acts), runs for its duration, and ends in success, skip, retry or failure.
import { NO_RENDERED, type PendingEnd, type TaskInstanceRecord } from './state/records.js';
import { parkSensorTry, pokeAgain, pokeDue, startSensorTry } from './sensors.js';
import type { SimState } from './state/sim_state.js';
import { iso } from './state/time_text.js';
import { buildContext, mergeParams } from '../templates/context.js';
import { renderTemplate, type RenderResult } from '../templates/render.js';
import { renderReturnsList } from './returns_list.js';
import { renderedIsFalse } from '../templates/pyrepr.js';
import { xcomPull, xcomPush } from './xcom.js';
import { aliasEmissions } from './asset_alias.js';
import { registerAssetChange, triggeringAssetEvents } from './assets.js';
import { runTriggerDagRunOperator, pokeTriggeredRun } from './trigger_operator.js';
import { nextRetryDatetime } from './retry.js';
import { applyAtSuccess, decideAtStart } from './skip_mixin.js';
import { previousSuccessfulRun } from './prev_success.js';
import { TextMemo, packKey } from '../util/text_memo.js';
import type { TaskSpec } from '../model/scenario.js';

export function templateContext(sim: SimState, ti: TaskInstanceRecord): Record<string, unknown> {
  const run = ti.run;
  // The previous successful run costs a scan: look it up only for templates that mention it.
  const t = ti.task;
  const sources = [...Object.values(t.templates), t.returns ?? '', t.outcome.kind === 'fail_if' ? t.outcome.template : '', JSON.stringify(t.trigger ?? '')];
  const prev = sources.some((s) => s.includes('prev_')) ? previousSuccessfulRun(run) : null;
  return buildContext({
    profile: sim.profile,
    dag_id: run.dag.spec.dag_id, task_id: ti.task.task_id, run_id: run.run_id, map_index: ti.map_index, try_number: ti.try_number,
    logical_date: run.logical_date, data_interval: run.data_interval, run_after: run.run_after, run_type: run.run_type,
    start_date: run.start_date, conf: run.conf, params: mergeParams(run.dag.spec.params, run.conf),
    xcom_pull: (args) => xcomPull(sim, ti, args),
    triggering_asset_events: triggeringAssetEvents(sim, run),
    prev_success: prev ? { start_date: prev.start_date, end_date: prev.end_date, data_interval: prev.data_interval } : null,
    partition_key: run.partition_key ?? null,
  });
}

export function startTry(sim: SimState, ti: TaskInstanceRecord): void {
  // The simulated executor starts a queued TI at once: one log line covers queued → running.
  ti.state = 'queued';
  // A try resuming from deferral keeps its start_date (execution API ti_run).
  const resuming = ti.sensor?.resume ?? null;
  if (!resuming) ti.start_date = sim.now;
  ti.end_date = null;
  ti.error = null;
  ti.rendered = NO_RENDERED;
  sim.setTiState(ti, 'running', resuming ? `try ${ti.try_number} resumed on a worker (${resuming === 'event' ? 'execute_complete' : '__fail__'})` : startedWhy(ti));

  const t = ti.task;
  const needsContext = Object.keys(t.templates).length > 0 || t.returns !== null || t.returns_list !== undefined || t.outcome.kind === 'fail_if' || t.operator === 'trigger_dagrun' || t.skip_rule !== undefined;
  const context = needsContext ? templateContext(sim, ti) : {};
  const fail = (error: string) => finishAt(sim, ti, sim.now, { state: 'failed', error });
  for (const [field, source] of Object.entries(ti.task.templates)) {
    const r = renderTemplate(source, context);
    if (!r.ok) return fail(`${r.error} (rendering ${field})`);
    if (ti.rendered === NO_RENDERED) ti.rendered = {};
    ti.rendered[field] = r.text;
  }
  let returns: RenderResult | null = null;
  if (ti.task.returns !== null) {
    returns = renderTemplate(ti.task.returns, context);
    if (!returns.ok) return fail(`${returns.error} (rendering returns)`);
  }
  const list = t.returns_list ? renderReturnsList(t.returns_list, context) : undefined;
  if (list && !list.ok) return fail(`${list.error} (rendering returns)`);
  const undecided = t.skip_rule ? decideAtStart(sim, ti, context) : null;
  if (undecided) return fail(undecided);
  if (t.operator === 'sensor') {
    const end = startSensorTry(sim, ti);
    if (end) finishAt(sim, ti, sim.now, end);
    return;
  }
  const outcome = ti.task.outcome;
  let state: 'success' | 'failed' | 'skipped' = 'success';
  let error: string | null = null;
  if (outcome.kind === 'failed') { state = 'failed'; error = 'Task failed (outcome: failed)'; }
  else if (outcome.kind === 'skipped') state = 'skipped';
  else if (outcome.kind === 'fail_tries' && ti.try_number <= outcome.tries) { state = 'failed'; error = `Task failed on try ${ti.try_number} (outcome: fail_tries ${outcome.tries})`; }
  else if (outcome.kind === 'fail_if') {
    const r = renderTemplate(outcome.template, context);
    if (!r.ok) return fail(`${r.error} (rendering fail_if)`);
    if (!renderedIsFalse(r.text)) { state = 'failed'; error = `Task failed: fail_if rendered ${JSON.stringify(r.text)}`; }
  }
  if (ti.task.operator === 'trigger_dagrun' && ti.task.trigger) {
    const t = runTriggerDagRunOperator(sim, ti, context);
    // No work of its own: Airflow's try ends as soon as the trigger is handed over (task runner
    // _handle_trigger_dag_run), whatever the scenario's duration says (the oracle showed it).
    if (t.state !== 'running') return finishAt(sim, ti, sim.now, { state: t.state, error: t.error });
    return; // waits for the triggered run; pokes decide when it ends
  }
  // An EmptyOperator the scheduler hands to a worker (one with outlets) does nothing there: its try
  // ends as it starts, whatever the scenario's duration says (the oracle showed it on 3.3.2).
  const took = t.operator === 'empty' ? 0 : durationOf(sim, ti);
  const limit = ti.task.execution_timeout_ms;
  // execution_timeout: a try still running at start + timeout is killed there and fails (then the
  // retry rules apply); what it would have returned is never pushed.
  if (limit !== null && took > limit) return finishAt(sim, ti, sim.now + limit, { state: 'failed', error: `AirflowTaskTimeout: execution_timeout of ${limit / 1000}s reached` });
  if (state === 'success' && returns && returns.ok) ti.pendingReturn = returns.text;
  if (state === 'success' && list?.ok) ti.pendingReturn = list.value;
  finishAt(sim, ti, sim.now + took, { state, error });
}

// The reasons every try gives, made once per task and try (see TextMemo).
const started = new WeakMap<TaskSpec, TextMemo>();
const succeeded = new TextMemo();

function startedWhy(ti: TaskInstanceRecord): string {
  const weight = ti.run.dag.priority[ti.index];
  const make = () => `try ${ti.try_number} of ${ti.max_tries + 1} queued in pool ${ti.task.pool} (priority weight ${weight}) and started`;
  // The pool is the task's own; try number, tries and weight (which may be negative) go in the key.
  const key = packKey(packKey(ti.try_number, ti.max_tries + 1, 4096), weight + 2 ** 19, 2 ** 20);
  if (key < 0) return make();
  let memo = started.get(ti.task);
  if (!memo) started.set(ti.task, (memo = new TextMemo(1024)));
  return memo.get(key, make);
}

function durationOf(sim: SimState, ti: TaskInstanceRecord): number {
  const d = ti.task.duration;
  return d.kind === 'fixed' ? d.ms : d.min_ms + Math.floor(sim.prng.next() * (d.max_ms - d.min_ms + 1));
}

function finishAt(sim: SimState, ti: TaskInstanceRecord, at: number, pending: PendingEnd): void {
  ti.end_at = at;
  ti.pending = pending;
  sim.wakeAt(at);
}

/** End every try whose time has come, and poke operators waiting on the runs they triggered. */
export function processDueCompletions(sim: SimState): boolean {
  if (!sim.completionsMayBeDue()) return false;
  const due: TaskInstanceRecord[] = [];
  for (const ti of sim.running) {
    if (ti.end_at !== null && ti.end_at <= sim.now) due.push(ti);
    else if (ti.wait && ti.wait.next_poke <= sim.now) due.push(ti);
    else if (pokeDue(ti, sim.now)) due.push(ti);
  }
  if (due.length === 0) return false;
  const dueAt = (ti: TaskInstanceRecord) => ti.end_at ?? ti.wait?.next_poke ?? ti.sensor!.next_poke!;
  due.sort((a, b) => dueAt(a) - dueAt(b) || a.run.id - b.run.id || a.index - b.index);
  let changed = false;
  for (const ti of due) {
    if (ti.state !== 'running') continue;
    if (ti.end_at === null && ti.wait) {
      const verdict = pokeTriggeredRun(sim, ti);
      if (!verdict) continue;
      ti.pending = verdict;
    } else if (ti.end_at === null && ti.sensor?.next_poke != null) {
      const end = pokeAgain(sim, ti);
      if (!end) continue;
      ti.pending = end;
    }
    completeTry(sim, ti);
    changed = true;
  }
  return changed;
}

function completeTry(sim: SimState, ti: TaskInstanceRecord): void {
  let pending = ti.pending!;
  ti.end_at = null;
  ti.pending = null;
  ti.wait = null;
  ti.end_date = sim.now;
  if (parkSensorTry(sim, ti, pending)) return;
  // A branch/short-circuit acts on its decision as its try succeeds; an invalid one fails the try.
  const invalid = pending.state === 'success' && ti.task.skip_rule ? applyAtSuccess(sim, ti) : null;
  if (invalid !== null) pending = { ...pending, state: 'failed', error: invalid };
  if (pending.state === 'success') {
    if (ti.pendingReturn !== undefined) {
      xcomPush(sim, ti, 'return_value', ti.pendingReturn);
      ti.pendingReturn = undefined;
    }
    sim.setTiState(ti, 'success', succeeded.get(ti.try_number, () => `try ${ti.try_number} succeeded`));
    for (const asset of ti.task.outlets) {
      registerAssetChange(sim, asset, {}, { dag_id: ti.run.dag.spec.dag_id, run_id: ti.run.run_id, task_id: ti.task.task_id });
    }
    // Events added through outlet aliases come after the direct outlets' (register_asset_changes_in_db).
    for (const e of aliasEmissions(ti.task)) {
      registerAssetChange(sim, e.asset, {}, { dag_id: ti.run.dag.spec.dag_id, run_id: ti.run.run_id, task_id: ti.task.task_id }, e.aliases);
    }
    return;
  }
  if (pending.state === 'skipped') {
    sim.setTiState(ti, 'skipped', 'the task skipped itself (AirflowSkipException)');
    return;
  }
  ti.error = pending.error;
  if (ti.max_tries !== 0 && ti.try_number <= ti.max_tries) {
    ti.next_retry_at = nextRetryDatetime(ti, sim.now);
    sim.setTiState(ti, 'up_for_retry', `try ${ti.try_number} failed (${pending.error}); ${ti.max_tries - ti.try_number + 1} retr${ti.max_tries - ti.try_number + 1 === 1 ? 'y' : 'ies'} left, next after ${iso(ti.next_retry_at)}`);
    sim.wakeAt(ti.next_retry_at);
    return;
  }
  sim.setTiState(ti, 'failed', `try ${ti.try_number} failed (${pending.error}); no retries left`);
}
