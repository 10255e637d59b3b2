// Request-body validation for the REST API v2 routes, with pydantic's 422 error shapes
// ({type, loc, msg, input}); every problem is reported at once, as pydantic does.
import type { Profile } from '../model/scenario.js';
import type { DataInterval } from '../timetables/types.js';
import type { BackfillRequest } from './backfill.js';
import type { Simulation } from './simulation.js';

export interface PydanticError { type: string; loc: Array<string | number>; msg: string; input: unknown; ctx?: Record<string, unknown> }

type Fail = { ok: false; detail: PydanticError[] | string; message: string };

const AWARE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const NAIVE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

function fail(errors: PydanticError[]): Fail {
  return { ok: false, detail: errors, message: errors.map((e) => `${e.loc.join('.')}: ${e.msg}`).join('; ') };
}

function datetimeField(v: unknown, loc: Array<string | number>, errors: PydanticError[], aware: boolean): number | null {
  if (v === null) return null;
  if (typeof v !== 'string') {
    errors.push({ type: 'datetime_type', loc, msg: 'Input should be a valid datetime', input: v });
    return null;
  }
  if (AWARE.test(v)) return Date.parse(v.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (NAIVE.test(v)) {
    if (aware) {
      errors.push({ type: 'timezone_aware', loc, msg: 'Input should have timezone info', input: v });
      return null;
    }
    return Date.parse(v.length === 10 ? `${v}T00:00:00Z` : `${v.replace(' ', 'T')}Z`);
  }
  errors.push({ type: 'datetime_from_date_parsing', loc, msg: 'Input should be a valid datetime or date, invalid character in year', input: v, ctx: { error: 'invalid character in year' } });
  return null;
}

function objectBody(body: unknown): Record<string, unknown> | PydanticError[] {
  if (body === undefined || body === null) return [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }];
  if (typeof body !== 'object' || Array.isArray(body)) return [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body }];
  return body as Record<string, unknown>;
}

export interface TriggerBody {
  dag_run_id: string | null;
  logical_date: number | null;
  run_after: number | null;
  data_interval: DataInterval | null;
  conf: Record<string, unknown> | null;
  note: string | null;
}

const TRIGGER_FIELDS = ['dag_run_id', 'data_interval_start', 'data_interval_end', 'logical_date', 'run_after', 'conf', 'note'];

export function validateTriggerBody(raw: unknown, profile: Profile): { ok: true; body: TriggerBody } | Fail {
  const body = objectBody(raw);
  if (Array.isArray(body)) return fail(body);
  const errors: PydanticError[] = [];
  const at = (k: string) => ['body', k];
  if (typeof body.dag_run_id !== 'undefined' && body.dag_run_id !== null && typeof body.dag_run_id !== 'string') errors.push({ type: 'string_type', loc: at('dag_run_id'), msg: 'Input should be a valid string', input: body.dag_run_id });
  const dis = body.data_interval_start === undefined ? null : datetimeField(body.data_interval_start, at('data_interval_start'), errors, true);
  const die = body.data_interval_end === undefined ? null : datetimeField(body.data_interval_end, at('data_interval_end'), errors, true);
  if (!('logical_date' in body) && profile !== '2') errors.push({ type: 'missing', loc: at('logical_date'), msg: 'Field required', input: raw });
  const ld = body.logical_date === undefined ? null : datetimeField(body.logical_date, at('logical_date'), errors, true);
  const ra = body.run_after === undefined ? null : datetimeField(body.run_after, at('run_after'), errors, false);
  const confNullable = profile === '3.1';
  if (body.conf !== undefined && !(body.conf === null && confNullable) && (typeof body.conf !== 'object' || body.conf === null || Array.isArray(body.conf))) {
    errors.push({ type: 'dict_type', loc: at('conf'), msg: 'Input should be a valid dictionary', input: body.conf });
  }
  if (body.note !== undefined && body.note !== null && typeof body.note !== 'string') errors.push({ type: 'string_type', loc: at('note'), msg: 'Input should be a valid string', input: body.note });
  for (const k of Object.keys(body)) if (!TRIGGER_FIELDS.includes(k)) errors.push({ type: 'extra_forbidden', loc: at(k), msg: 'Extra inputs are not permitted', input: body[k] });
  if (errors.length === 0 && (dis === null) !== (die === null)) {
    errors.push({ type: 'value_error', loc: ['body'], msg: 'Value error, Either both data_interval_start and data_interval_end must be provided or both must be None', input: raw, ctx: { error: {} } });
  }
  if (errors.length) return fail(errors);
  return {
    ok: true,
    body: {
      dag_run_id: (body.dag_run_id as string | null | undefined) ?? null,
      logical_date: profile === '2' && body.logical_date === undefined ? null : ld,
      run_after: ra,
      data_interval: dis !== null && die !== null ? { start: dis, end: die } : null,
      conf: (body.conf as Record<string, unknown> | null | undefined) ?? {},
      note: (body.note as string | null | undefined) ?? null,
    },
  };
}

const BACKFILL_FIELDS = ['dag_id', 'from_date', 'to_date', 'run_backwards', 'dag_run_conf', 'reprocess_behavior', 'max_active_runs'];

export function validateBackfillBody(raw: unknown): { ok: true; body: BackfillRequest } | Fail {
  const body = objectBody(raw);
  if (Array.isArray(body)) return fail(body);
  const errors: PydanticError[] = [];
  const at = (k: string) => ['body', k];
  for (const k of ['dag_id', 'from_date', 'to_date']) if (!(k in body)) errors.push({ type: 'missing', loc: at(k), msg: 'Field required', input: raw });
  if ('dag_id' in body && typeof body.dag_id !== 'string') errors.push({ type: 'string_type', loc: at('dag_id'), msg: 'Input should be a valid string', input: body.dag_id });
  const from = 'from_date' in body ? datetimeField(body.from_date, at('from_date'), errors, false) : null;
  const to = 'to_date' in body ? datetimeField(body.to_date, at('to_date'), errors, false) : null;
  const rb = body.reprocess_behavior ?? 'none';
  if (!['none', 'failed', 'completed'].includes(String(rb))) errors.push({ type: 'enum', loc: at('reprocess_behavior'), msg: "Input should be 'failed', 'completed' or 'none'", input: rb, ctx: { expected: "'failed', 'completed' or 'none'" } });
  const mar = body.max_active_runs ?? 10;
  if (typeof mar !== 'number' || !Number.isInteger(mar)) errors.push({ type: 'int_type', loc: at('max_active_runs'), msg: 'Input should be a valid integer', input: mar });
  if (body.run_backwards !== undefined && typeof body.run_backwards !== 'boolean') errors.push({ type: 'bool_type', loc: at('run_backwards'), msg: 'Input should be a valid boolean', input: body.run_backwards });
  const conf = body.dag_run_conf ?? {};
  if (typeof conf !== 'object' || Array.isArray(conf) || conf === null) errors.push({ type: 'dict_type', loc: at('dag_run_conf'), msg: 'Input should be a valid dictionary', input: conf });
  for (const k of Object.keys(body)) if (!BACKFILL_FIELDS.includes(k)) errors.push({ type: 'extra_forbidden', loc: at(k), msg: 'Extra inputs are not permitted', input: body[k] });
  if (errors.length || from === null || to === null) return fail(errors);
  return { ok: true, body: { dag_id: String(body.dag_id), from_date: from, to_date: to, run_backwards: Boolean(body.run_backwards), dag_run_conf: conf as Record<string, unknown>, reprocess_behavior: rb as BackfillRequest['reprocess_behavior'], max_active_runs: mar as number } };
}

export function validateAssetEventBody(raw: unknown, sim: Simulation):
  | { ok: true; asset: string; asset_id: number; extra: Record<string, unknown> }
  | (Fail & { status: number }) {
  const body = objectBody(raw);
  if (Array.isArray(body)) return { ...fail(body), status: 422 };
  const errors: PydanticError[] = [];
  if (!('asset_id' in body)) errors.push({ type: 'missing', loc: ['body', 'asset_id'], msg: 'Field required', input: raw });
  else if (typeof body.asset_id !== 'number' || !Number.isInteger(body.asset_id)) errors.push({ type: 'int_parsing', loc: ['body', 'asset_id'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: body.asset_id });
  const extra = body.extra ?? {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) errors.push({ type: 'dict_type', loc: ['body', 'extra'], msg: 'Input should be a valid dictionary', input: extra });
  for (const k of Object.keys(body)) if (!['asset_id', 'extra'].includes(k)) errors.push({ type: 'extra_forbidden', loc: ['body', k], msg: 'Extra inputs are not permitted', input: body[k] });
  if (errors.length) return { ...fail(errors), status: 422 };
  const id = body.asset_id as number;
  const name = [...sim.assetIds.entries()].find(([, v]) => v === id)?.[0];
  if (!name) return { ok: false, status: 404, detail: `Asset with ID: \`${id}\` was not found`, message: `Asset with ID: \`${id}\` was not found` };
  return { ok: true, asset: name, asset_id: id, extra: extra as Record<string, unknown> };
}
