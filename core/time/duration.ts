// ISO 8601 durations as Airflow uses them: a timedelta (fixed milliseconds) or, when written with
// years or months, a dateutil relativedelta (calendar months plus fixed time). Airflow adds both
// to UTC datetimes, so days are always 86,400,000 ms and months move the UTC calendar date.
import type { Duration } from '../model/scenario.js';
import { daysInMonth, msFromWall, wallFromMs } from './civil.js';

export type { Duration };

/** timedelta(0): the default `interval` of the trigger timetables. */
export const ZERO_DURATION: Duration = Object.freeze({ months: 0, ms: 0, iso: 'PT0S' });

const ISO_DURATION = /^([+-])?P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,9}))?S)?)?$/;

/**
 * Parse "PT10M", "P1D", "P1M", "P1Y2M3DT4H5M6.5S", "PT0S", "-P1D" (a leading sign applies to the
 * whole duration). Years count as 12 months and weeks as 7 days. Throws a clear Error otherwise.
 */
export function parseDuration(text: string): Duration {
  const s = text.trim();
  const m = ISO_DURATION.exec(s.toUpperCase());
  if (!m) throw new Error(`invalid duration '${text}': expected ISO 8601 such as PT10M, P1D, P1M or PT0S`);
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const months = n(2) * 12 + n(3);
  const fraction = m[9] === undefined ? 0 : Number(m[9].padEnd(3, '0').slice(0, 3));
  const ms = ((n(4) * 7 + n(5)) * 24 * 3600 + n(6) * 3600 + n(7) * 60 + n(8)) * 1000 + fraction;
  const sign = m[1] === '-' ? -1 : 1;
  // `+ 0` turns -0 into 0 so that equality and formatting stay simple.
  return { months: sign * months + 0, ms: sign * ms + 0, iso: s };
}

/** True when the duration is a relativedelta in Airflow terms: written with years or months. */
export function isCalendarDuration(d: Duration): boolean {
  return d.months !== 0 || /^[+-]?P[^T]*[YM]/i.test(d.iso);
}

/** t + d in UTC: calendar months first (day clamped to the month's length, as relativedelta does), then fixed time. */
export function addDuration(t: number, d: Duration): number {
  if (d.months === 0) return t + d.ms;
  const w = wallFromMs(t);
  const index = w.year * 12 + (w.month - 1) + d.months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(w.day, daysInMonth(year, month));
  return msFromWall({ ...w, year, month, day }) + d.ms;
}

/** t - d in UTC (relativedelta subtracts by adding its negation). */
export function subDuration(t: number, d: Duration): number {
  return addDuration(t, { months: -d.months, ms: -d.ms, iso: d.iso });
}

/**
 * Airflow's validate(): `now + delta <= now` is an error. Evaluated at a fixed instant so that a
 * duration mixing signs (which ISO text cannot express anyway) still gets a deterministic answer.
 */
export function isPositive(d: Duration): boolean {
  const ref = 946_684_800_000; // 2000-01-01T00:00:00Z
  return addDuration(ref, d) > ref;
}

/** relativedelta's normalised fields (dateutil's _fix carries each unit into the next, keeping the sign). */
export interface RelativeDeltaFields {
  years: number; months: number; days: number; hours: number; minutes: number; seconds: number; microseconds: number;
}

export function relativeDeltaFields(d: Duration): RelativeDeltaFields {
  const ms = Math.sign(d.ms), mo = Math.sign(d.months);
  let rest = Math.abs(d.ms);
  const days = Math.floor(rest / 86_400_000); rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000); rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000); rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000); rest -= seconds * 1000;
  const am = Math.abs(d.months);
  return {
    years: mo * Math.floor(am / 12) + 0, months: mo * (am % 12) + 0,
    days: ms * days + 0, hours: ms * hours + 0, minutes: ms * minutes + 0, seconds: ms * seconds + 0,
    microseconds: ms * rest * 1000 + 0,
  };
}

/** Python's "{:+g}" for an integer. */
function plusG(v: number): string {
  const sign = v < 0 ? '-' : '+';
  const a = Math.abs(v);
  if (a < 1e6) return `${sign}${a}`;
  const [mant, exp] = a.toExponential(5).split('e');
  const m = mant!.replace(/\.?0+$/, '');
  const e = Number(exp);
  return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

function timedeltaParts(msTotal: number): { days: number; seconds: number; microseconds: number } {
  const days = Math.floor(msTotal / 86_400_000);
  const rest = msTotal - days * 86_400_000;
  const seconds = Math.floor(rest / 1000);
  return { days, seconds, microseconds: (rest - seconds * 1000) * 1000 };
}

/**
 * repr() of the Python object Airflow would hold, as its validate() messages print it:
 * "datetime.timedelta(days=-1)", "datetime.timedelta(0)", "relativedelta(months=+1)", "relativedelta()".
 */
export function formatPythonDelta(d: Duration): string {
  if (isCalendarDuration(d)) {
    const f = relativeDeltaFields(d);
    const parts = (['years', 'months', 'days', 'hours', 'minutes', 'seconds', 'microseconds'] as const)
      .filter((k) => f[k] !== 0)
      .map((k) => `${k}=${plusG(f[k])}`);
    return `relativedelta(${parts.join(', ')})`;
  }
  const p = timedeltaParts(d.ms);
  const parts: string[] = [];
  if (p.days !== 0) parts.push(`days=${p.days}`);
  if (p.seconds !== 0) parts.push(`seconds=${p.seconds}`);
  if (p.microseconds !== 0) parts.push(`microseconds=${p.microseconds}`);
  return `datetime.timedelta(${parts.length ? parts.join(', ') : '0'})`;
}

/**
 * str() of that Python object, which is what Delta timetables show as their summary:
 * "1:00:00", "1 day, 0:00:00", "-1 day, 23:00:00", "0:00:00.500000", "relativedelta(months=+1)".
 */
export function pythonDeltaStr(d: Duration): string {
  if (isCalendarDuration(d)) return formatPythonDelta(d);
  const p = timedeltaParts(d.ms);
  const h = Math.floor(p.seconds / 3600);
  const mi = Math.floor((p.seconds % 3600) / 60);
  const s = p.seconds % 60;
  let out = `${h}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  if (p.microseconds !== 0) out += `.${String(p.microseconds).padStart(6, '0')}`;
  if (p.days !== 0) out = `${p.days} day${Math.abs(p.days) === 1 ? '' : 's'}, ${out}`;
  return out;
}
