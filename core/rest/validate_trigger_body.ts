// TriggerDAGRunPostBody (POST /api/v2/dags/{dag_id}/dagRuns), validated as FastAPI + pydantic do
// (airflow-core/src/airflow/api_fastapi/core_api/datamodels/dag_run.py).
//
//   dag_run_id: str | None = None
//   data_interval_start: AwareDatetime | None = None
//   data_interval_end: AwareDatetime | None = None
//   logical_date: AwareDatetime | None            # required key, may be null
//   run_after: datetime | None = utcnow()         # plain datetime: a naive value is accepted
//   conf: dict = {}                               # 3.1: dict | None
//   note: str | None = None
//   after-validator: data_interval_start and _end both or neither (ValueError -> 422 value_error)
//   3.0 after-validator validate_dag_run_id: DagRun.generate_run_id(..., run_after=self.run_after),
//     which fails with AttributeError (HTTP 500) when run_after is an explicit null and no run id is given.
import { pyEpochMs, pyIsoformat, pyIsoformatUtc, type PyDateTime } from './py_datetime.js';
import {
  checkDateTime, checkDict, checkStr, errors, nullable, validateModelBody, validationFailure,
  type FieldSpec, type ValidationFailure,
} from './pydantic.js';
import { atLeast, type RestProfile } from './profile.js';

export interface TriggerBody {
  /** The body's dag_run_id; null when absent, null or "" (Airflow then generates one). */
  dag_run_id: string | null;
  data_interval_start: number | null;
  data_interval_end: number | null;
  logical_date: number | null;
  /** The body's run_after, or `now` when absent (or, in 3.1, null). */
  run_after: number;
  run_after_from_body: boolean;
  /** run_after was given without an offset (pydantic accepts it; Airflow stores it unconverted). */
  run_after_naive: boolean;
  /** run_after as Python prints it (isoformat, offset as given): what `manual__<...>` run ids embed. */
  run_after_isoformat: string;
  /** conf; a null conf (accepted in 3.1) is {} as DagRun stores it. */
  conf: Record<string, unknown>;
  /** 3.2+: the body's partition_key (null when absent). */
  partition_key: string | null;
  note: string | null;
}

export type TriggerValidation =
  | { ok: true; body: TriggerBody }
  | ValidationFailure
  | { ok: false; status: 500; detail: null; body: 'Internal Server Error' };

export const DATA_INTERVAL_BOTH_OR_NEITHER =
  'Either both data_interval_start and data_interval_end must be provided or both must be None';

const awareOrNull = nullable((v, loc) => checkDateTime(v, loc, true));

function fields(profile: RestProfile): FieldSpec[] {
  return [
    { name: 'dag_run_id', required: false, check: nullable(checkStr) },
    { name: 'data_interval_start', required: false, check: awareOrNull },
    { name: 'data_interval_end', required: false, check: awareOrNull },
    { name: 'logical_date', required: true, check: awareOrNull },
    { name: 'run_after', required: false, check: nullable((v, loc) => checkDateTime(v, loc, false)) },
    { name: 'conf', required: false, check: !atLeast(profile, '3.1') ? checkDict : nullable(checkDict) },
    { name: 'note', required: false, check: nullable(checkStr) },
    // 3.2 added partition_key to TriggerDAGRunPostBody (A3.2/.../datamodels/dag_run.py:143).
    ...(atLeast(profile, '3.2') ? [{ name: 'partition_key', required: false, check: nullable(checkStr) }] : []),
  ];
}

/** Validate a trigger body at request time `now` (epoch ms, the default run_after). */
export function validateTriggerBody(body: unknown, profile: RestProfile, now: number): TriggerValidation {
  const r = validateModelBody(body, fields(profile));
  if (!r.ok) return validationFailure(r.errors);
  const get = <T>(k: string): T | null => (r.values.has(k) ? (r.values.get(k) as T | null) : null);
  const dis = get<PyDateTime>('data_interval_start');
  const die = get<PyDateTime>('data_interval_end');
  if ((dis === null) !== (die === null)) {
    return validationFailure([errors.valueError(['body'], DATA_INTERVAL_BOTH_OR_NEITHER, r.input)]);
  }
  const runAfter = get<PyDateTime>('run_after');
  const runAfterGiven = r.present.has('run_after');
  const dagRunId = get<string>('dag_run_id');
  if (!atLeast(profile, '3.1') && runAfterGiven && runAfter === null && !dagRunId) {
    return { ok: false, status: 500, detail: null, body: 'Internal Server Error' };
  }
  const ms = (d: PyDateTime | null) => (d === null ? null : pyEpochMs(d));
  return {
    ok: true,
    body: {
      dag_run_id: dagRunId ? dagRunId : null,
      data_interval_start: ms(dis),
      data_interval_end: ms(die),
      logical_date: ms(get<PyDateTime>('logical_date')),
      run_after: runAfter ? pyEpochMs(runAfter) : now,
      run_after_from_body: runAfter !== null,
      run_after_naive: runAfter !== null && runAfter.offset_s === null,
      run_after_isoformat: runAfter ? pyIsoformat(runAfter) : pyIsoformatUtc(now),
      conf: get<Record<string, unknown>>('conf') ?? {},
      note: get<string>('note'),
      partition_key: get<string>('partition_key'),
    },
  };
}
