// BackfillPostBody (POST /api/v2/backfills and /api/v2/backfills/dry_run), validated as FastAPI +
// pydantic do (airflow-core/src/airflow/api_fastapi/core_api/datamodels/backfills.py):
//
//   dag_id: str
//   from_date: datetime            # plain datetime: naive values pass; the route then applies
//   to_date: datetime              #   timezone.coerce_datetime (naive -> [core] default_timezone)
//   run_backwards: bool = False
//   dag_run_conf: dict = {}
//   reprocess_behavior: ReprocessBehavior = "none"     # enum 'failed', 'completed', 'none'
//   max_active_runs: int = 10      # no bounds
//   run_on_latest_version: bool = True                 # 3.1 (3.1.6+ client specs); 3.0: extra key
import { pyEpochMs, type PyDateTime } from './py_datetime.js';
import {
  checkBool, checkDateTime, checkDict, checkEnum, checkInt, checkStr, validateModelBody, validationFailure,
  type FieldSpec, type ValidationFailure,
} from './pydantic.js';
import { atLeast, type RestProfile } from './profile.js';

export const REPROCESS_BEHAVIORS = ['failed', 'completed', 'none'] as const;
export type ReprocessBehavior = (typeof REPROCESS_BEHAVIORS)[number];

export interface BackfillBody {
  dag_id: string;
  /** Epoch ms; for a naive value, its wall time read as UTC (see from_date_naive / from_date_wall). */
  from_date: number;
  to_date: number;
  /** Given without an offset: Airflow localises it in [core] default_timezone (coerce_datetime). */
  from_date_naive: boolean;
  to_date_naive: boolean;
  from_date_wall: PyDateTime;
  to_date_wall: PyDateTime;
  run_backwards: boolean;
  dag_run_conf: Record<string, unknown>;
  reprocess_behavior: ReprocessBehavior;
  max_active_runs: number;
  /** 3.1 only (default true); null under 3.0, which has no such field. */
  run_on_latest_version: boolean | null;
}

export type BackfillValidation = { ok: true; body: BackfillBody } | ValidationFailure;

function fields(profile: RestProfile): FieldSpec[] {
  const list: FieldSpec[] = [
    { name: 'dag_id', required: true, check: checkStr },
    { name: 'from_date', required: true, check: (v, loc) => checkDateTime(v, loc, false) },
    { name: 'to_date', required: true, check: (v, loc) => checkDateTime(v, loc, false) },
    { name: 'run_backwards', required: false, check: checkBool },
    { name: 'dag_run_conf', required: false, check: checkDict },
    { name: 'reprocess_behavior', required: false, check: (v, loc) => checkEnum(v, loc, REPROCESS_BEHAVIORS) },
    { name: 'max_active_runs', required: false, check: checkInt },
  ];
  if (atLeast(profile, '3.1')) list.push({ name: 'run_on_latest_version', required: false, check: checkBool });
  return list;
}

export function validateBackfillBody(body: unknown, profile: RestProfile): BackfillValidation {
  const r = validateModelBody(body, fields(profile));
  if (!r.ok) return validationFailure(r.errors);
  const v = <T>(k: string, dflt: T): T => (r.values.has(k) ? (r.values.get(k) as T) : dflt);
  const from = r.values.get('from_date') as PyDateTime;
  const to = r.values.get('to_date') as PyDateTime;
  return {
    ok: true,
    body: {
      dag_id: r.values.get('dag_id') as string,
      from_date: pyEpochMs(from),
      to_date: pyEpochMs(to),
      from_date_naive: from.offset_s === null,
      to_date_naive: to.offset_s === null,
      from_date_wall: from,
      to_date_wall: to,
      run_backwards: v('run_backwards', false),
      dag_run_conf: v<Record<string, unknown>>('dag_run_conf', {}),
      reprocess_behavior: v<ReprocessBehavior>('reprocess_behavior', 'none'),
      max_active_runs: v('max_active_runs', 10),
      run_on_latest_version: atLeast(profile, '3.1') ? v('run_on_latest_version', true) : null,
    },
  };
}
