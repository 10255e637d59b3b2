// Python/pydantic datetimes for the REST layer: how pydantic 2 (speedate) parses a JSON value into a
// `datetime` in lax mode, how Python prints it (isoformat), and how pydantic serialises one in a
// FastAPI response. Pure arithmetic: no Date, so years 1..9999 and offsets behave as in Python.

import { civilFromDays as civilFromDaysInto, daysFromCivil, daysInMonth } from '../time/civil.js';

/** A Python datetime as pydantic builds it: wall-clock fields plus an optional fixed UTC offset. */
export interface PyDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** UTC offset in seconds; null for a naive datetime. */
  offset_s: number | null;
}

/**
 * The outcome of pydantic's lax datetime validation (before any AwareDatetime check).
 * `error` is speedate's text, used in msg and ctx.error.
 */
export type PyDateTimeParse =
  | { ok: true; value: PyDateTime }
  | { ok: false; type: 'datetime_type' }
  | { ok: false; type: 'datetime_parsing' | 'datetime_from_date_parsing'; error: string };

const E = {
  tooShort: 'input is too short',
  extra: 'unexpected extra characters at the end of the input',
  year: 'invalid character in year',
  dateSep: 'invalid date separator, expected `-`',
  month: 'invalid character in month',
  day: 'invalid character in day',
  monthRange: 'month value is outside expected range of 1-12',
  dayRange: 'day value is outside expected range',
  tooSmall: 'dates before 0000 are not supported as unix timestamps',
  tooLarge: 'dates after 9999 are not supported as unix timestamps',
  year0: 'year 0 is out of range',
} as const;

// speedate constants
const MS_WATERSHED = 20_000_000_000n;
const UNIX_0000 = -62_167_219_200n; // 0000-01-01T00:00:00Z
const UNIX_10000 = 253_402_300_800n; // 10000-01-01T00:00:00Z
const UNIX_0001 = -62_135_596_800n; // 0001-01-01T00:00:00Z: Python's datetime starts here
const I64_MAX = 9_223_372_036_854_775_807n;
const I64_MIN = -9_223_372_036_854_775_808n;


export { daysFromCivil };

/** Inverse of daysFromCivil, as an object (core/time/civil.ts has the allocation-free form). */
export function civilFromDays(z: number): { year: number; month: number; day: number } {
  const out = [0, 0, 0];
  civilFromDaysInto(z, out);
  return { year: out[0], month: out[1], day: out[2] };
}

function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

const digit = (b: number[], i: number): number | null => {
  const c = b[i];
  return c !== undefined && c >= 48 && c <= 57 ? c - 48 : null;
};

type DateParts = { year: number; month: number; day: number };
type Step<T> = { ok: true; value: T } | { ok: false; error: string };

/** speedate Date::parse_bytes_partial: the first 10 bytes as YYYY-MM-DD, range-checked. */
function parseDatePrefix(b: number[]): Step<DateParts> {
  if (b.length < 10) return { ok: false, error: E.tooShort };
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = digit(b, i);
    if (d === null) return { ok: false, error: E.year };
    year = year * 10 + d;
  }
  if (b[4] !== 45) return { ok: false, error: E.dateSep };
  const m1 = digit(b, 5), m2 = digit(b, 6);
  if (m1 === null || m2 === null) return { ok: false, error: E.month };
  if (b[7] !== 45) return { ok: false, error: E.dateSep };
  const d1 = digit(b, 8), d2 = digit(b, 9);
  if (d1 === null || d2 === null) return { ok: false, error: E.day };
  const month = m1 * 10 + m2, day = d1 * 10 + d2;
  if (month < 1 || month > 12) return { ok: false, error: E.monthRange };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, error: E.dayRange };
  return { ok: true, value: { year, month, day } };
}

type Clock = { hour: number; minute: number; second: number; microsecond: number; offset_s: number | null };

/** speedate's RFC 3339 datetime: date, separator (T t _ space), HH:MM[:SS[.f+]], then Z | ±HH[:]MM. */
function parseRfc3339(b: number[]): PyDateTime | null {
  const date = parseDatePrefix(b);
  if (!date.ok) return null;
  const sep = b[10];
  if (sep !== 84 && sep !== 116 && sep !== 32 && sep !== 95) return null;
  const time = parseTime(b, 11);
  if (!time) return null;
  return { ...date.value, ...time };
}

function two(b: number[], i: number): number | null {
  const a = digit(b, i), c = digit(b, i + 1);
  return a === null || c === null ? null : a * 10 + c;
}

function parseTime(b: number[], at: number): Clock | null {
  if (b.length - at < 5) return null;
  const hour = two(b, at);
  if (hour === null || hour > 23 || b[at + 2] !== 58) return null;
  const minute = two(b, at + 3);
  if (minute === null || minute > 59) return null;
  let pos = at + 5;
  let second = 0, microsecond = 0;
  if (b[pos] === 58) {
    const s = two(b, pos + 1);
    if (s === null || s > 59) return null;
    second = s;
    pos += 3;
    if (b[pos] === 46 || b[pos] === 44) {
      pos += 1;
      let n = 0;
      while (digit(b, pos) !== null) {
        if (n < 6) microsecond = microsecond * 10 + digit(b, pos)!;
        n += 1;
        pos += 1;
      }
      if (n === 0) return null;
      for (let i = n; i < 6; i++) microsecond *= 10;
    }
  }
  let offset_s: number | null = null;
  if (pos < b.length) {
    const c = b[pos];
    if (c === 90 || c === 122) {
      offset_s = 0;
      pos += 1;
    } else if (c === 43 || c === 45) {
      const h = two(b, pos + 1);
      if (h === null || h > 23) return null;
      pos += 3;
      if (b[pos] === 58) pos += 1;
      const m = two(b, pos);
      if (m === null || m > 59) return null;
      pos += 2;
      offset_s = (c === 45 ? -1 : 1) * (h * 3600 + m * 60);
    } else {
      return null;
    }
    if (pos < b.length) return null;
  }
  return { hour, minute, second, microsecond, offset_s };
}

type Num = { kind: 'int'; value: bigint } | { kind: 'float'; value: number } | null;

/** speedate float_parse_bytes: [+-]digits[.digits] (no exponent); ints beyond i64 do not parse. */
function parseNumber(s: string): Num {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null;
  if (m[3] === undefined) {
    const v = BigInt(m[1] + m[2]);
    return v > I64_MAX || v < I64_MIN ? null : { kind: 'int', value: v };
  }
  return { kind: 'float', value: Number(`${m[1]}${m[2] || '0'}.${m[3] || '0'}`) };
}

/** speedate DateTime::from_timestamp plus Python's year >= 1 rule. Error texts are speedate's/Python's. */
function fromTimestamp(ts: bigint, micro: number): Step<PyDateTime> {
  let seconds = ts;
  let extra = 0;
  const abs = ts < 0n ? -ts : ts;
  if (ts === I64_MIN) return { ok: false, error: E.tooSmall };
  if (abs > MS_WATERSHED) {
    seconds = ts / 1000n; // truncates toward zero, as Rust
    let ms = Number(ts % 1000n) * 1000;
    if (ms < 0) {
      seconds -= 1n;
      ms += 1_000_000;
    }
    extra = ms;
  }
  let total = micro + extra;
  if (total >= 1_000_000) {
    seconds += BigInt(Math.floor(total / 1_000_000));
    total %= 1_000_000;
  }
  if (seconds < UNIX_0000) return { ok: false, error: E.tooSmall };
  if (seconds >= UNIX_10000) return { ok: false, error: E.tooLarge };
  if (seconds < UNIX_0001) return { ok: false, error: E.year0 };
  const s = Number(seconds);
  const days = Math.floor(s / 86400);
  const rem = s - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    ok: true,
    value: {
      year, month, day,
      hour: Math.floor(rem / 3600), minute: Math.floor((rem % 3600) / 60), second: rem % 60,
      microsecond: total, offset_s: 0,
    },
  };
}

/** pydantic-core float_as_datetime (JSON numbers): the integer part goes through speedate's
 * watershed, while the fraction is |fract| in seconds (|f| <= 2e10) or in milliseconds (above). For a
 * negative non-integer this adds |fract| to floor(f), exactly as pydantic-core does (-1.25 -> -1.75 s). */
function floatTimestamp(f: number): Step<PyDateTime> {
  const floor = Math.floor(f);
  const scale = Math.abs(f) > 2e10 ? 1_000 : 1_000_000;
  const micro = Math.round(Math.abs(f - Math.trunc(f)) * scale);
  // Rust's `as i64` saturates.
  const ts = floor >= 9.223372036854776e18 ? I64_MAX : floor <= -9.223372036854776e18 ? I64_MIN : BigInt(floor);
  return fromTimestamp(ts, micro);
}

/** speedate's float string path ("1.5", "-20000000000.5"): milliseconds above 2e10, else seconds. */
function floatStringTimestamp(f: number): Step<PyDateTime> {
  const secs = Math.abs(f) > 2e10 ? f / 1000 : f;
  const floor = Math.floor(secs);
  const micro = Math.round((secs - floor) * 1_000_000);
  const ts = floor >= 9.223372036854776e15 ? I64_MAX : floor <= -9.223372036854776e15 ? I64_MIN : BigInt(floor);
  return fromTimestamp(ts, micro);
}

/**
 * pydantic 2 lax `datetime` validation of a JSON value (strings per speedate, numbers as unix
 * timestamps in seconds, or milliseconds above 2e10). On a string that is not a datetime, pydantic
 * retries it as a date: that is why nearly every string error is `datetime_from_date_parsing` with the
 * *date* parser's message.
 */
export function parsePyDateTime(input: unknown): PyDateTimeParse {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, type: 'datetime_parsing', error: E.tooLarge };
    const r = Number.isInteger(input) && Math.abs(input) < 9.2e18 ? fromTimestamp(BigInt(input), 0) : floatTimestamp(input);
    return r.ok ? r : { ok: false, type: 'datetime_parsing', error: r.error };
  }
  if (typeof input !== 'string') return { ok: false, type: 'datetime_type' };
  const b = utf8(input);
  const dt = parseRfc3339(b);
  if (dt) {
    if (dt.year === 0) return { ok: false, type: 'datetime_parsing', error: E.year0 };
    return { ok: true, value: dt };
  }
  const num = parseNumber(input);
  if (num) {
    const r = num.kind === 'int' ? fromTimestamp(num.value, 0) : floatStringTimestamp(num.value);
    if (r.ok) return r;
  }
  // Fallback: the whole input as a date (speedate Date::parse_bytes), midnight, naive.
  const date = parseDatePrefix(b);
  let error: string;
  if (date.ok && b.length === 10) {
    if (date.value.year === 0) return { ok: false, type: 'datetime_parsing', error: E.year0 };
    return { ok: true, value: { ...date.value, hour: 0, minute: 0, second: 0, microsecond: 0, offset_s: null } };
  } else if (date.ok) {
    error = E.extra;
  } else {
    error = date.error;
    if (num && num.kind === 'int') {
      // Date::from_timestamp on an integer string: only its range errors can remain here.
      const r = fromTimestamp(num.value, 0);
      if (!r.ok && r.error !== E.year0) error = r.error;
    }
  }
  return { ok: false, type: 'datetime_from_date_parsing', error };
}

/** Epoch milliseconds of a PyDateTime (a naive one is read as UTC); microseconds are floored to ms. */
export function pyEpochMs(dt: PyDateTime): number {
  const days = daysFromCivil(dt.year, dt.month, dt.day);
  const secs = days * 86400 + dt.hour * 3600 + dt.minute * 60 + dt.second - (dt.offset_s ?? 0);
  return secs * 1000 + Math.floor(dt.microsecond / 1000);
}

const p2 = (n: number): string => String(n).padStart(2, '0');
const p4 = (n: number): string => String(n).padStart(4, '0');

function offsetText(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  return `${sign}${p2(Math.floor(a / 3600))}:${p2(Math.floor((a % 3600) / 60))}`;
}

function wallText(dt: PyDateTime): string {
  const base = `${p4(dt.year)}-${p2(dt.month)}-${p2(dt.day)}T${p2(dt.hour)}:${p2(dt.minute)}:${p2(dt.second)}`;
  return dt.microsecond ? `${base}.${String(dt.microsecond).padStart(6, '0')}` : base;
}

/** Python's datetime.isoformat(): `2025-01-01T00:00:00.500000+00:00`; naive values have no offset. */
export function pyIsoformat(dt: PyDateTime): string {
  return dt.offset_s === null ? wallText(dt) : wallText(dt) + offsetText(dt.offset_s);
}

/** pydantic's JSON form of a datetime: like isoformat, but a zero offset is written `Z`. */
export function pydanticJson(dt: PyDateTime): string {
  if (dt.offset_s === null) return wallText(dt);
  return wallText(dt) + (dt.offset_s === 0 ? 'Z' : offsetText(dt.offset_s));
}

/** The UTC PyDateTime of an epoch-ms instant (what Airflow's UtcDateTime columns hold). */
export function utcPyDateTime(ms: number): PyDateTime {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86400);
  const rem = secs - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    year, month, day,
    hour: Math.floor(rem / 3600), minute: Math.floor((rem % 3600) / 60), second: rem % 60,
    microsecond: (ms - secs * 1000) * 1000, offset_s: 0,
  };
}

/** A UTC instant as Airflow's REST responses print it: `2025-01-01T00:00:00Z`, `…00.500000Z`. */
export function apiDateTime(ms: number): string;
export function apiDateTime(ms: number | null): string | null;
export function apiDateTime(ms: number | null): string | null {
  return ms === null ? null : pydanticJson(utcPyDateTime(ms));
}

/** A UTC instant as Python's isoformat prints it (`…+00:00`), as in generated run_ids. */
export function pyIsoformatUtc(ms: number): string {
  return pyIsoformat(utcPyDateTime(ms));
}
