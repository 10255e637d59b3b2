// Error responses of Airflow's REST API v2 (3.0 / 3.1) for the routes Windtunnel answers: status code
// plus the JSON body FastAPI sends. HTTPException(status, detail) renders as {"detail": detail}.
// Texts are the routes' own (airflow-core/src/airflow/api_fastapi/core_api/routes/public/*.py,
// api_fastapi/common/exceptions.py, models/backfill.py).
import { atLeast, type RestProfile } from './profile.js';

export interface RestError {
  status: number;
  body: unknown;
}

/** HTTPException(status, detail). */
export const httpError = (status: number, detail: unknown): RestError => ({ status, body: { detail } });

// --- /dags/{dag_id}/dagRuns ---------------------------------------------------------------------

/** POST /dags/{dag_id}/dagRuns: unknown or stale DAG. */
export const triggerDagNotFound = (dagId: string, profile: RestProfile = '3.1'): RestError =>
  httpError(404, `${dagWord(profile)} with dag_id: '${dagId}' not found`);

/** 3.2 renamed "DAG" to "Dag" in the trigger route's messages (A3.2/.../routes/public/dag_run.py:580). */
const dagWord = (profile: RestProfile): string => (atLeast(profile, '3.2') ? 'Dag' : 'DAG');

/** POST /dags/{dag_id}/dagRuns: the DAG has import errors. */
export const triggerDagImportErrors = (dagId: string, profile: RestProfile = '3.1'): RestError =>
  httpError(400, `${dagWord(profile)} with dag_id: '${dagId}' has import errors and cannot be triggered`);

/** POST /dags/{dag_id}/dagRuns: a ValueError or ParamValidationError from create_dagrun: str(e). */
export const badRequest = (message: string): RestError => httpError(400, message);

/** GET /dags/{dag_id}/dagRuns/{dag_run_id} (also PATCH, DELETE, clear, upstreamAssetEvents). */
export const dagRunNotFound = (dagId: string, runId: string): RestError =>
  httpError(404, `The DagRun with dag_id: \`${dagId}\` and run_id: \`${runId}\` was not found`);

/**
 * GET /dags/{dag_id}/dagRuns with an unknown DAG (dag_id "~" lists every DAG's runs).
 * 3.0: dag_bag.get_dag -> "The DAG with dag_id: `x` was not found";
 * 3.1: common/dagbag.py get_latest_version_of_dag -> "The Dag with ID: `x` was not found".
 */
export const listDagRunsDagNotFound = (profile: RestProfile, dagId: string): RestError =>
  !atLeast(profile, '3.1')
    ? httpError(404, `The DAG with dag_id: \`${dagId}\` was not found`)
    : httpError(404, `The Dag with ID: \`${dagId}\` was not found`);

// --- /dags ----------------------------------------------------------------------------------------

/** GET /dags/{dag_id}: 3.0 "Dag with id x was not found"; 3.1 via get_latest_version_of_dag. */
export const getDagNotFound = (profile: RestProfile, dagId: string): RestError =>
  !atLeast(profile, '3.1')
    ? httpError(404, `Dag with id ${dagId} was not found`)
    : httpError(404, `The Dag with ID: \`${dagId}\` was not found`);

// --- task instances -------------------------------------------------------------------------------

/**
 * GET /dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances. Checks run in the profile's order; the run
 * is looked up by run_id alone (any DAG). 3.0: DAG first ("DAG with dag_id: `x` was not found"),
 * then run; 3.1: run first, then DAG (get_dag_for_run_or_latest_version).
 */
export const taskInstancesCheckOrder = (profile: RestProfile): readonly ('dag' | 'run')[] =>
  atLeast(profile, '3.1') ? ['run', 'dag'] : ['dag', 'run'];

export const taskInstancesDagNotFound = (profile: RestProfile, dagId: string): RestError =>
  !atLeast(profile, '3.1')
    ? httpError(404, `DAG with dag_id: \`${dagId}\` was not found`)
    : httpError(404, `The Dag with ID: \`${dagId}\` was not found`);

export const taskInstancesRunNotFound = (runId: string): RestError =>
  httpError(404, `DagRun with run_id: \`${runId}\` was not found`);

// --- backfills ------------------------------------------------------------------------------------

/** POST /backfills and /backfills/dry_run: no serialized DAG. */
export const backfillDagNotFound = (dagId: string): RestError => httpError(404, `Could not find dag ${dagId}`);

/** POST /backfills: an active (not completed) backfill exists for the DAG. */
export const backfillAlreadyRunning = (dagId: string): RestError =>
  httpError(409, `There is already a running backfill for dag ${dagId}`);

/**
 * Backfill validation failures. The routes re-raise them as RequestValidationError(str(e)), which
 * FastAPI renders as 422 {"detail": "<message>"} (a string, not a list).
 */
export const backfillInvalid = (message: string): RestError => ({ status: 422, body: { detail: message } });

export const BACKFILL_MESSAGES = {
  /** DagNoScheduleException (timetable_summary == "None"). */
  noSchedule: (dagId: string) => `${dagId} has no schedule`,
  /** InvalidBackfillDirection. */
  reverseWithDependsOnPast: 'Backfill cannot be run in reverse when the DAG has tasks where depends_on_past=True.',
  /** InvalidReprocessBehavior. */
  reprocessWithDependsOnPast:
    'DAG has tasks for which depends_on_past=True. You must set reprocess behavior to reprocess completed or reprocess failed.',
  /** InvalidBackfillDate: both from_date and to_date at or after now. */
  futureDates: 'Backfill cannot be executed for future dates.',
} as const;

// --- assets ---------------------------------------------------------------------------------------

/** POST /assets/events: no asset with that id. */
export const assetNotFound = (assetId: number): RestError => httpError(404, `Asset with ID: \`${assetId}\` was not found`);

// --- query parameters -----------------------------------------------------------------------------

/** SortParam: an order_by attribute the route does not allow (leading "-" stripped). */
export const orderByDisallowed = (attribute: string): RestError =>
  httpError(400, `Ordering with '${attribute}' is disallowed or the attribute does not exist on the model`);

// --- unique constraints (409) ---------------------------------------------------------------------

export type Dialect = 'postgres' | 'mysql' | 'sqlite';

/** airflow.utils.strings.get_random_string: 8 characters from this alphabet (the lookup id). */
export const RANDOM_STRING_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const RANDOM_STRING_LENGTH = 8;

export interface UniqueViolation {
  /** The random id Airflow logs the error under (get_random_string()). */
  exceptionId: string;
  /** str(exc.statement): the failing SQL. */
  statement: string;
  /** str(exc.orig): the driver's error text (see uniqueOrigError). */
  origError: string;
  /** [api] expose_stacktrace (default False). */
  exposeStacktrace?: boolean;
  /** The traceback text Airflow would print when exposing it (unknowable here; default ""). */
  stacktrace?: string;
}

/**
 * _UniqueConstraintErrorHandler: 409 {"detail": {"reason", "statement", "orig_error", "message"}}.
 * 3.0/3.1 (3.0.6, 3.1.8 common/exceptions.py:87-95): statement and orig_error are always shown;
 * only `message` is hidden behind the id. 3.2+ (PR #63504, A3.2 common/exceptions.py:79-96): they
 * are "hidden" too unless [api] expose_stacktrace, and the logged message names the statement.
 */
export function uniqueConstraintViolation(profile: RestProfile, v: UniqueViolation): RestError {
  const expose = v.exposeStacktrace === true;
  const trace = v.stacktrace ?? '';
  const hiddenMessage =
    'Serious error when handling your request. Check logs for more details - ' +
    `you will find it in api server when you look for ID ${v.exceptionId}`;
  const logMessage =
    !atLeast(profile, '3.2') ? `Error with id ${v.exceptionId}\n${trace}` : `Error with id ${v.exceptionId}, statement: ${v.statement}\n${trace}`;
  const showSql = !atLeast(profile, '3.2') || expose;
  return httpError(409, {
    reason: 'Unique constraint violation',
    statement: showSql ? v.statement : 'hidden',
    orig_error: showSql ? v.origError : 'hidden',
    message: expose ? logMessage : hiddenMessage,
  });
}

/** The unique constraints on dag_run (models/dagrun.py). */
export const DAG_RUN_UNIQUE = {
  run_id: { name: 'dag_run_dag_id_run_id_key', columns: ['dag_id', 'run_id'] },
  logical_date: { name: 'dag_run_dag_id_logical_date_key', columns: ['dag_id', 'logical_date'] },
} as const;

/**
 * str(exc.orig) of a unique violation as each driver words it (psycopg2, mysqlclient, sqlite3).
 * `values` are the duplicate key's values as the database prints them.
 */
export function uniqueOrigError(dialect: Dialect, table: string, constraint: string, columns: readonly string[], values: readonly string[]): string {
  switch (dialect) {
    case 'postgres':
      return `duplicate key value violates unique constraint "${constraint}"\nDETAIL:  Key (${columns.join(', ')})=(${values.join(', ')}) already exists.\n`;
    case 'mysql':
      return `(1062, "Duplicate entry '${values.join('-')}' for key '${table}.${constraint}'")`;
    case 'sqlite':
      return `UNIQUE constraint failed: ${columns.map((c) => `${table}.${c}`).join(', ')}`;
  }
}

const DAG_RUN_COLUMNS_30 = [
  'dag_id', 'queued_at', 'logical_date', 'start_date', 'end_date', 'state', 'run_id', 'creating_job_id',
  'run_type', 'triggered_by', 'conf', 'data_interval_start', 'data_interval_end', 'run_after',
  'last_scheduling_decision', 'log_template_id', 'updated_at', 'clear_number', 'backfill_id',
  'bundle_version', 'scheduled_by_job_id', 'context_carrier', 'created_dag_version_id',
];
const DAG_RUN_COLUMNS_31 = [
  'dag_id', 'queued_at', 'logical_date', 'start_date', 'end_date', 'state', 'run_id', 'creating_job_id',
  'run_type', 'triggered_by', 'triggering_user_name', 'conf', 'data_interval_start', 'data_interval_end',
  'run_after', 'last_scheduling_decision', 'log_template_id', 'updated_at', 'clear_number', 'backfill_id',
  'bundle_version', 'scheduled_by_job_id', 'context_carrier', 'created_dag_version_id',
];

/** 3.2 added created_at, partition_key and partition_date, in the model's column order (A3.2/models/dagrun.py). */
const DAG_RUN_COLUMNS_32 = [
  'dag_id', 'queued_at', 'logical_date', 'start_date', 'end_date', 'state', 'run_id', 'creating_job_id',
  'run_type', 'triggered_by', 'triggering_user_name', 'conf', 'data_interval_start', 'data_interval_end',
  'run_after', 'last_scheduling_decision', 'log_template_id', 'created_at', 'updated_at', 'clear_number', 'backfill_id',
  'bundle_version', 'scheduled_by_job_id', 'context_carrier', 'created_dag_version_id', 'partition_key', 'partition_date',
];

/**
 * The INSERT SQLAlchemy issues for a new dag_run row, with the driver's placeholders. The 3.1 column
 * list is the one in a 3.1.3 report (apache/airflow#59342); the 3.0 list is that less
 * triggering_user_name (derived).
 */
// The casts SQLAlchemy 2's psycopg2 dialect adds to JSONB and UUID binds (seen in installed 3.1.8's 409).
const POSTGRES_CASTS: Record<string, string> = { conf: '::JSONB', context_carrier: '::JSONB', created_dag_version_id: '::UUID' };

export function dagRunInsertStatement(profile: RestProfile, dialect: Dialect): string {
  const cols = !atLeast(profile, '3.1') ? DAG_RUN_COLUMNS_30 : atLeast(profile, '3.2') ? DAG_RUN_COLUMNS_32 : DAG_RUN_COLUMNS_31;
  // SQLAlchemy 2.x (3.1+ locks) casts JSONB/UUID binds and reads back span_status, a server
  // default; 3.0.6's SQLAlchemy 1.4 does neither.
  const sa2 = atLeast(profile, '3.1');
  const ph = dialect === 'postgres' ? cols.map((c) => `%(${c})s${sa2 ? POSTGRES_CASTS[c] ?? '' : ''}`) : dialect === 'mysql' ? cols.map(() => '%s') : cols.map(() => '?');
  const returning = dialect === 'postgres' ? (sa2 ? ' RETURNING dag_run.id, dag_run.span_status' : ' RETURNING dag_run.id') : '';
  return `INSERT INTO dag_run (${cols.join(', ')}) VALUES (${ph.join(', ')})${returning}`;
}

// --- generic --------------------------------------------------------------------------------------

/** An unhandled exception: Starlette's ServerErrorMiddleware answers text/plain. */
export const INTERNAL_SERVER_ERROR: RestError = { status: 500, body: 'Internal Server Error' };
