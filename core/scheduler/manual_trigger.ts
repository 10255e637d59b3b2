// Manual runs and the run_id, logical_date, data interval and run_after each path gives them
// (§1.3, §2, §9): the CLI and execution API (_trigger_dag), the REST API and UI
// (TriggerDAGRunPostBody), and Airflow 2's every-run-has-an-execution_date world.
// Uniqueness is left to the database: a duplicate logical date fails the INSERT.
import type { Instant } from '../model/scenario.js';
import type { TriggeredBy } from '../model/output.js';
import type { DataInterval } from '../timetables/types.js';
import type { DagRecord, RunRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { iso } from './state/time_text.js';
import { pythonIsoformat } from '../time/instant.js';
import { requestIsoformat } from './request_instants.js';
import { atLeast } from '../model/profile_order.js';
import { PyDateTime } from '../templates/py_datetime.js';
import { DAG_RUN_UNIQUE, dagRunInsertStatement, uniqueConstraintViolation, uniqueOrigError, type RestError } from '../rest/errors.js';

export type TriggerPath = 'cli' | 'ui' | 'rest_api' | 'operator';

export interface TriggerRequest {
  dag_id: string;
  path: TriggerPath;
  /** undefined = not given (the path's default applies); null = explicitly no logical date. */
  logical_date: Instant | null | undefined;
  run_id: string | null;
  conf: Record<string, unknown>;
  /** REST only: the body's run_after (default: request time) and its text as Python prints it. */
  run_after?: Instant | null;
  run_after_text?: string;
  data_interval?: DataInterval | null;
  /** REST 3.2+: the body's partition_key, stored on the run. */
  partition_key?: string | null;
}

export type TriggerOutcome =
  | { ok: true; run: RunRecord }
  | { ok: false; status: number | null; error: string; rest?: RestError; existing?: RunRecord };

const RESERVED = ['scheduled', 'asset_triggered', 'backfill', 'dataset_triggered'];
const RUN_ID_PATTERN = /^[A-Za-z0-9_.~:+-]+$/;
const RUN_ID_REGEX = /^(?:manual|scheduled|asset_triggered)__\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

export function triggerDagRun(sim: SimState, req: TriggerRequest): TriggerOutcome {
  const dag = sim.dags.get(req.dag_id);
  const rest = req.path === 'rest_api' || req.path === 'ui';
  if (!dag) {
    return rest
      ? { ok: false, status: 404, error: `${atLeast(sim.profile, '3.2') ? 'Dag' : 'DAG'} with dag_id: '${req.dag_id}' not found` }
      : { ok: false, status: null, error: `DagNotFound: Dag id ${req.dag_id} not found in DagModel` };
  }
  const planned = sim.profile === '2' ? planAirflow2(sim, dag, req) : planAirflow3(sim, dag, req);
  const runId = planned.run_id;
  if (!RUN_ID_PATTERN.test(runId) && !RUN_ID_REGEX.test(runId)) {
    return { ok: false, status: rest ? 400 : null, error: `The run_id provided '${runId}' does not match regex pattern '^[A-Za-z0-9_.~:+-]+$' or '${RUN_ID_REGEX.source}'` };
  }
  const reserved = RESERVED.find((p) => runId.startsWith(`${p}__`));
  if (reserved) {
    return { ok: false, status: rest ? 400 : null, error: `A manual DAG run cannot use ID '${runId}' since it is reserved for ${reserved} runs` };
  }
  // Only the CLI path checks first (REST leaves it to the unique constraint): skip the scan otherwise.
  const existingById = rest ? undefined : dag.runs.find((r) => r.run_id === runId);
  if (existingById) {
    // trigger_dag checks the run_id before inserting (DagRunAlreadyExists).
    return sim.profile === '2'
      ? { ok: false, status: null, error: `A DAG Run already exists for DAG ${dag.spec.dag_id} at ${pyStr(planned.logical_date)} with run id ${runId}`, existing: existingById }
      : { ok: false, status: 409, error: `A DAG Run already exists for DAG ${dag.spec.dag_id} with run id ${runId}`, existing: existingById };
  }
  const result = sim.insertRun({
    dag, run_id: runId, logical_date: planned.logical_date, run_after: planned.run_after, data_interval: planned.data_interval,
    run_type: req.path === 'operator' && atLeast(sim.profile, '3.3') ? 'operator_triggered' : 'manual',
    triggered_by: planned.triggered_by, conf: req.conf, partition_key: req.partition_key ?? null,
  });
  if ('error' in result) return refusal(sim, dag, req, planned.logical_date, runId, result.error, rest);
  const ldText = planned.logical_date === null ? 'no logical_date' : `logical_date ${iso(planned.logical_date)}`;
  sim.note('dag_run.created', `created ${runId} via ${req.path}: ${ldText}, run_after ${iso(planned.run_after)}`, { run: result });
  return { ok: true, run: result };
}

interface Plan { run_id: string; logical_date: Instant | null; run_after: Instant; data_interval: DataInterval | null; triggered_by: TriggeredBy }

function planAirflow3(sim: SimState, dag: DagRecord, req: TriggerRequest): Plan {
  const now = sim.now;
  const triggered_by: TriggeredBy = req.path === 'rest_api' ? 'rest_api' : req.path;
  if (req.path === 'rest_api' || req.path === 'ui') {
    // TriggerDAGRunPostBody: the UI pre-fills logical_date with now; the API takes what it is given.
    const ld = req.logical_date === undefined ? (req.path === 'ui' ? now : null) : req.logical_date;
    const bodyRunAfter = req.run_after ?? now;
    // The body's run_after defaults to the request time: the k-th request of an instant reads k µs later.
    const runAfterText = req.run_after_text ?? (req.run_after == null ? requestIsoformat(sim, now) : pythonIsoformat(bodyRunAfter));
    const interval = ld === null ? null : req.data_interval ?? dag.timetable.infer_manual_data_interval(ld);
    let run_id = req.run_id;
    if (!run_id) {
      // 3.0: the body's model validator names it by DagRun.generate_run_id from the body's run_after,
      // with a random suffix without a logical date (A3.0/.../datamodels/dag_run.py:139).
      // 3.1+: the timetable's generate_run_id at the body's run_after, never a suffix
      // (A3.1/.../datamodels/dag_run.py:128, A3.3/.../datamodels/dag_run.py:260).
      if (atLeast(sim.profile, '3.1')) run_id = `manual__${runAfterText}`;
      else run_id = ld !== null ? `manual__${runAfterText}` : `manual__${runAfterText}_${sim.prng.randomString(8)}`;
    }
    if (ld === null || !interval) return { run_id, logical_date: null, run_after: bodyRunAfter, data_interval: null, triggered_by };
    // 3.1+ store the body's run_after as given (A3.1/.../datamodels/dag_run.py:137); 3.0 stores the
    // end of an inferred interval, but the body's run_after beside an explicit one (A3.0/.../dag_run.py:123).
    const run_after = atLeast(sim.profile, '3.1') || req.data_interval ? bodyRunAfter : interval.end;
    return { run_id, logical_date: ld, run_after, data_interval: interval, triggered_by };
  }
  // _trigger_dag (CLI, execution API, operator): run_after is the trigger time and the inferred
  // data interval is computed from it, not from the logical date.
  let ld = req.logical_date === undefined ? (req.path === 'operator' ? now : null) : req.logical_date;
  if (ld !== null && req.path === 'cli') ld = Math.floor(ld / 1000) * 1000; // --no-replace-microseconds is off by default
  // The operator names the run after its logical date (run_after=parsed or utcnow()); the CLI
  // after the trigger time; 3.1's CLI goes through the timetable and never adds a suffix.
  const idText = req.path === 'operator' && ld !== null ? pythonIsoformat(ld) : requestIsoformat(sim, now);
  const run_id = req.run_id ?? (atLeast(sim.profile, '3.1') && req.path === 'cli' ? `manual__${requestIsoformat(sim, now)}` : generateRunId(sim, ld, idText));
  return { run_id, logical_date: ld, run_after: now, data_interval: ld === null ? null : dag.timetable.infer_manual_data_interval(now), triggered_by };
}

function planAirflow2(sim: SimState, dag: DagRecord, req: TriggerRequest): Plan {
  // Airflow 2: every run has an execution_date (default now) and the run_id is derived from it.
  const ld = req.logical_date ?? sim.now;
  const triggered_by: TriggeredBy = req.path === 'rest_api' ? 'rest_api' : req.path;
  return {
    run_id: req.run_id ?? `manual__${pythonIsoformat(ld)}`,
    logical_date: ld,
    // Airflow 2 has no run_after; its queued-run query waits for execution_date <= now()
    // (allow_future_exec_dates off; A2/models/dagrun.py:431-432), so a run dated in the future
    // becomes due at that date, as the oracle showed (lesson hyperparameter-tuning-2x).
    run_after: Math.max(sim.now, ld),
    data_interval: dag.timetable.infer_manual_data_interval(ld),
    triggered_by,
  };
}

/** DagRun.generate_run_id: the run_after time (as Python prints it), plus a random suffix when there is no logical date. */
export function generateRunId(sim: SimState, logicalDate: Instant | null, runAfterText: string): string {
  const base = `manual__${runAfterText}`;
  return logicalDate !== null ? base : `${base}_${sim.prng.randomString(8)}`;
}

/** A timestamptz as PostgreSQL prints it in an error: 2025-06-01 00:00:00+00. */
function pgTimestamp(ms: Instant | null): string {
  return ms === null ? 'NULL' : new PyDateTime(ms).__py_str__().replace(/\+00:00$/, '+00');
}

function pyStr(ms: Instant | null): string {
  return ms === null ? 'None' : new PyDateTime(ms).__py_str__();
}

function refusal(sim: SimState, dag: DagRecord, req: TriggerRequest, ld: Instant | null, runId: string, sqlError: string, rest: boolean): TriggerOutcome {
  const existing = dag.runs.find((r) => r.run_id === runId) ?? (ld !== null ? dag.byLogicalDate.get(ld) : undefined);
  sim.note('dag_run.refused', `trigger of ${dag.spec.dag_id} refused by the database: ${sqlError}`, { dag, ref: existing ?? null });
  if (sim.profile === '2') {
    const date = ld === null ? 'None' : pythonIsoformat(ld);
    return rest
      ? { ok: false, status: 409, error: `DAGRun with DAG ID: '${dag.spec.dag_id}' and DAGRun logical date: '${date}' already exists`, existing }
      : { ok: false, status: null, error: `A DAG Run already exists for DAG ${dag.spec.dag_id} at ${pyStr(ld)} with run id ${existing?.run_id ?? runId}`, existing };
  }
  if (rest) {
    // _UniqueConstraintErrorHandler, as a PostgreSQL-backed Airflow words it.
    const onRunId = /run_id/.test(sqlError);
    const key = onRunId ? DAG_RUN_UNIQUE.run_id : DAG_RUN_UNIQUE.logical_date;
    const values = [dag.spec.dag_id, onRunId ? runId : pgTimestamp(ld)];
    const restProfile = sim.profile;
    const err = uniqueConstraintViolation(restProfile, {
      exceptionId: sim.prng.randomString(8),
      statement: dagRunInsertStatement(restProfile, 'postgres'),
      origError: uniqueOrigError('postgres', 'dag_run', key.name, key.columns, values),
    });
    return { ok: false, status: 409, error: `Unique constraint violation: ${sqlError}`, existing, rest: err };
  }
  return { ok: false, status: null, error: `IntegrityError: ${sqlError}`, existing };
}
