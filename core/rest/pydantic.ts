// pydantic 2 lax-mode field validation as FastAPI applies it to a JSON request body, with the error
// items FastAPI returns in a 422 `{"detail": [...]}`: keys type, loc, msg, input, ctx (ctx only where
// pydantic sets it; FastAPI drops `url`). Texts are pydantic-core's, checked against pydantic 2.13.
import { parsePyDateTime, type PyDateTime } from './py_datetime.js';

export type Loc = (string | number)[];

export interface ValidationErrorItem {
  type: string;
  loc: Loc;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: ValidationErrorItem };

const item = (type: string, loc: Loc, msg: string, input: unknown, ctx?: Record<string, unknown>): ValidationErrorItem =>
  ctx === undefined ? { type, loc, msg, input } : { type, loc, msg, input, ctx };
const bad = <T>(error: ValidationErrorItem): Checked<T> => ({ ok: false, error });
const good = <T>(value: T): Checked<T> => ({ ok: true, value });

/** A JSON object as Python sees a dict (not null, not an array). */
export function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const errors = {
  /** A required field (or a required body) that is absent. */
  missing: (loc: Loc, input: unknown) => item('missing', loc, 'Field required', input),
  extraForbidden: (loc: Loc, input: unknown) => item('extra_forbidden', loc, 'Extra inputs are not permitted', input),
  /** The body is not a JSON object (models validate with from_attributes=True in Airflow). */
  modelAttributesType: (loc: Loc, input: unknown) =>
    item('model_attributes_type', loc, 'Input should be a valid dictionary or object to extract fields from', input),
  /** A `ValueError` raised by a model validator; FastAPI encodes the exception in ctx as `{}`. */
  valueError: (loc: Loc, message: string, input: unknown) =>
    item('value_error', loc, `Value error, ${message}`, input, { error: {} }),
  timezoneAware: (loc: Loc, input: unknown) => item('timezone_aware', loc, 'Input should have timezone info', input),
  greaterThanEqual: (loc: Loc, input: unknown, ge: number) =>
    item('greater_than_equal', loc, `Input should be greater than or equal to ${ge}`, input, { ge }),
};

/** `str` (lax): only strings; numbers and booleans are not coerced. */
export function checkStr(v: unknown, loc: Loc): Checked<string> {
  return typeof v === 'string' ? good(v) : bad(item('string_type', loc, 'Input should be a valid string', v));
}

/** `dict`. */
export function checkDict(v: unknown, loc: Loc): Checked<Record<string, unknown>> {
  return isDict(v) ? good(v) : bad(item('dict_type', loc, 'Input should be a valid dictionary', v));
}

const I64_LIMIT = 9_223_372_036_854_775_807;

/**
 * `int` (lax): ints, booleans (True -> 1), floats without a fractional part, and strings such as
 * " 12 ", "+5", "1_000", "5.00". A JSON number is read as Python reads it: integral -> int.
 */
export function checkInt(v: unknown, loc: Loc): Checked<number> {
  if (typeof v === 'boolean') return good(v ? 1 : 0);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return bad(item('finite_number', loc, 'Input should be a finite number', v));
    if (!Number.isInteger(v)) return bad(item('int_from_float', loc, 'Input should be a valid integer, got a number with a fractional part', v));
    if (Math.abs(v) > I64_LIMIT) return bad(item('int_parsing_size', loc, 'Unable to parse input string as an integer, exceeded maximum size', v));
    return good(v === 0 ? 0 : v);
  }
  if (typeof v === 'string') {
    const s = v.trim();
    if (/^[+-]?\d+(?:_\d+)*(?:\.0+)?$/.test(s)) {
      const n = Number(s.replace(/_/g, '').replace(/\.0+$/, ''));
      return good(n === 0 ? 0 : n);
    }
    return bad(item('int_parsing', loc, 'Input should be a valid integer, unable to parse string as an integer', v));
  }
  return bad(item('int_type', loc, 'Input should be a valid integer', v));
}

const TRUE_STRINGS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_STRINGS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** `bool` (lax): booleans, 0/1, and the strings pydantic accepts (case-insensitive, not trimmed). */
export function checkBool(v: unknown, loc: Loc): Checked<boolean> {
  if (typeof v === 'boolean') return good(v);
  const parsing = () => bad<boolean>(item('bool_parsing', loc, 'Input should be a valid boolean, unable to interpret input', v));
  if (typeof v === 'number') {
    if (v === 0 || v === 1) return good(v === 1);
    return Number.isInteger(v) ? parsing() : bad(item('bool_type', loc, 'Input should be a valid boolean', v));
  }
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (TRUE_STRINGS.has(s)) return good(true);
    if (FALSE_STRINGS.has(s)) return good(false);
    return parsing();
  }
  return bad(item('bool_type', loc, 'Input should be a valid boolean', v));
}

/** A `str` Enum: the value must be one of `values` exactly; the message lists them as pydantic does. */
export function checkEnum<T extends string>(v: unknown, loc: Loc, values: readonly T[]): Checked<T> {
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return good(v as T);
  const expected = enumExpected(values);
  return bad(item('enum', loc, `Input should be ${expected}`, v, { expected }));
}

/** pydantic's list of expected enum values: `'a', 'b' or 'c'`. */
export function enumExpected(values: readonly string[]): string {
  const q = values.map((x) => `'${x}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/** `datetime` (lax) or, with `aware`, `AwareDatetime` (a naive value fails with timezone_aware). */
export function checkDateTime(v: unknown, loc: Loc, aware: boolean): Checked<PyDateTime> {
  const r = parsePyDateTime(v);
  if (r.ok) {
    if (aware && r.value.offset_s === null) return bad(errors.timezoneAware(loc, v));
    return good(r.value);
  }
  if (r.type === 'datetime_type') return bad(item('datetime_type', loc, 'Input should be a valid datetime', v));
  const prefix = r.type === 'datetime_parsing' ? 'Input should be a valid datetime' : 'Input should be a valid datetime or date';
  return bad(item(r.type, loc, `${prefix}, ${r.error}`, v, { error: r.error }));
}

/** Wraps a checker for `X | None` fields (pydantic's nullable schema: null passes, errors are X's). */
export function nullable<T>(check: (v: unknown, loc: Loc) => Checked<T>): (v: unknown, loc: Loc) => Checked<T | null> {
  return (v, loc) => (v === null ? good(null) : check(v, loc));
}

/** One declared field of a model: `required` has no default; `check` validates a present value. */
export interface FieldSpec {
  name: string;
  required: boolean;
  check: (v: unknown, loc: Loc) => Checked<unknown>;
}

export type ModelResult =
  | { ok: true; values: Map<string, unknown>; present: Set<string>; input: Record<string, unknown> }
  | { ok: false; errors: ValidationErrorItem[] };

/**
 * Validate a FastAPI JSON body against a StrictBaseModel (extra="forbid", from_attributes=True):
 * an absent or null body is `missing` at ["body"]; a non-object is model_attributes_type; then every
 * declared field in declaration order, then every unknown key in input order. All errors at once.
 * Model validators (mode="after") are the caller's, and run only when this succeeds.
 */
export function validateModelBody(body: unknown, fields: readonly FieldSpec[]): ModelResult {
  if (body === undefined || body === null) return { ok: false, errors: [errors.missing(['body'], null)] };
  if (!isDict(body)) return { ok: false, errors: [errors.modelAttributesType(['body'], body)] };
  const out: ValidationErrorItem[] = [];
  const values = new Map<string, unknown>();
  const present = new Set<string>();
  const has = (k: string) => Object.prototype.hasOwnProperty.call(body, k) && body[k] !== undefined;
  for (const f of fields) {
    if (!has(f.name)) {
      if (f.required) out.push(errors.missing(['body', f.name], body));
      continue;
    }
    present.add(f.name);
    const r = f.check(body[f.name], ['body', f.name]);
    if (r.ok) values.set(f.name, r.value);
    else out.push(r.error);
  }
  const declared = new Set(fields.map((f) => f.name));
  for (const k of Object.keys(body)) {
    if (!declared.has(k) && body[k] !== undefined) out.push(errors.extraForbidden(['body', k], body[k]));
  }
  return out.length ? { ok: false, errors: out } : { ok: true, values, present, input: body };
}

/** The response FastAPI sends for a RequestValidationError: 422 `{"detail": [...]}`. */
export interface ValidationFailure {
  ok: false;
  status: 422;
  detail: ValidationErrorItem[];
  body: { detail: ValidationErrorItem[] };
}

export function validationFailure(detail: ValidationErrorItem[]): ValidationFailure {
  return { ok: false, status: 422, detail, body: { detail } };
}
