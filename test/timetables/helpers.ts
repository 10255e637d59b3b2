// Shared test helpers: instants from text, and DagRunInfo values in readable form.
import { formatInstant, parseInstant } from '../../core/time/instant.js';
import { parseDuration } from '../../core/time/duration.js';
import type { DagRunInfo, DataInterval, TimeRestriction } from '../../core/timetables/types.js';

/** An instant from ISO text; naive text is UTC, as Airflow's tests write pendulum.DateTime(..., tzinfo=utc). */
export const t = (s: string): number => parseInstant(s, 'UTC');
export const d = parseDuration;

export function exact(s: string): { run_after: string; start: string; end: string } {
  return { run_after: formatInstant(t(s)), start: formatInstant(t(s)), end: formatInstant(t(s)) };
}

export function interval(start: string, end: string): { run_after: string; start: string; end: string } {
  return { run_after: formatInstant(t(end)), start: formatInstant(t(start)), end: formatInstant(t(end)) };
}

/** A DagRunInfo as text, also checking logical_date = data_interval.start. */
export function show(info: DagRunInfo | null): { run_after: string; start: string; end: string } | null {
  if (info === null) return null;
  if (info.logical_date !== info.data_interval.start) throw new Error('logical_date must equal data_interval.start');
  return { run_after: formatInstant(info.run_after), start: formatInstant(info.data_interval.start), end: formatInstant(info.data_interval.end) };
}

export function di(start: string, end: string = start): DataInterval {
  return { start: t(start), end: t(end) };
}

export function restriction(earliest: string | null, latest: string | null, catchup: boolean): TimeRestriction {
  return { earliest: earliest === null ? null : t(earliest), latest: latest === null ? null : t(latest), catchup };
}

export function showInterval(i: DataInterval): { start: string; end: string } {
  return { start: formatInstant(i.start), end: formatInstant(i.end) };
}
