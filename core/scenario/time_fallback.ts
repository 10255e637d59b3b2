// Minimal stand-ins for core/time and core/timetables/make_timetable, used by time_bridge.ts only
// while those modules are missing. They validate; they do not schedule.
import { Temporal } from 'temporal-polyfill';
import type { Duration, Instant, ScheduleSpec } from '../model/scenario.js';
import { TimetableInvalid, type Timetable } from '../timetables/types.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export function parseInstant(text: string, defaultTz: string): Instant {
  const d = DATE.exec(text);
  try {
    if (d) return Temporal.PlainDate.from(text, { overflow: 'reject' }).toZonedDateTime('UTC').epochMilliseconds;
    const m = DATE_TIME.exec(text);
    if (m) {
      const iso = text.replace(' ', 'T');
      if (m[6]) return Temporal.Instant.from(iso).epochMilliseconds;
      return Temporal.PlainDateTime.from(iso, { overflow: 'reject' })
        .toZonedDateTime(defaultTz, { disambiguation: 'later' }).epochMilliseconds;
    }
  } catch {
    // fall through
  }
  throw new Error(`'${text}' is not an ISO 8601 instant (e.g. 2025-01-01 or 2025-01-01T00:00:00Z)`);
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

export function parseDuration(text: string): Duration {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    throw new Error(`'${text}' is not an ISO 8601 duration (e.g. PT10M, P1D)`);
  }
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  const ms = ((n(3) * 7 + n(4)) * 86_400 + n(5) * 3600 + n(6) * 60) * 1000 + Math.round(n(7) * 1000);
  return { months: n(1) * 12 + n(2), ms, iso: text };
}

export function isValidTimeZone(name: string): boolean {
  try {
    Temporal.ZonedDateTime.from({ timeZone: name, year: 2000, month: 1, day: 1 });
    return true;
  } catch {
    return false;
  }
}

const PRESETS = ['@hourly', '@daily', '@weekly', '@monthly', '@quarterly', '@yearly', '@annually', '@midnight'];
const FIELDS: [string, number, number][] = [['minute', 0, 59], ['hour', 0, 23], ['day of month', 1, 31], ['month', 1, 12], ['day of week', 0, 7]];

export function validateCron(expr: string): string | null {
  if (expr.startsWith('@')) return PRESETS.includes(expr) ? null : `unknown preset '${expr}'`;
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return `Exception on parsing crontab expression '${expr}': expected 5 fields, got ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const [name, lo, hi] = FIELDS[i];
    for (const item of parts[i].split(',')) {
      const mm = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(item);
      const words = /^[A-Za-z]{3}$/.test(item) && (i === 3 || i === 4);
      if (!mm && !words) return `invalid ${name} field '${parts[i]}' in '${expr}'`;
      if (mm && mm[1] !== '*') {
        for (const x of mm[1].split('-').map(Number)) {
          if (x < lo || x > hi) return `${name} value ${x} out of range ${lo}-${hi} in '${expr}'`;
        }
      }
    }
  }
  return null;
}

export function makeTimetable(spec: ScheduleSpec, opts: { timezone: string; create_cron_data_intervals: boolean }): Timetable {
  const kind = kindOf(spec, opts.create_cron_data_intervals);
  const positive = (d: Duration) => {
    if (d.months <= 0 && d.ms <= 0) throw new TimetableInvalid('schedule interval must be positive');
  };
  if (spec.kind === 'delta' || spec.kind === 'delta_trigger' || spec.kind === 'delta_data_interval') positive(spec.delta);
  const none = () => null;
  return {
    kind,
    summary: kind,
    can_be_scheduled: spec.kind !== 'null',
    periodic: !['null', 'once', 'continuous', 'assets'].includes(spec.kind),
    active_runs_limit: spec.kind === 'continuous' ? 1 : null,
    asset_condition: spec.kind === 'assets' || spec.kind === 'asset_or_time' ? spec.condition : null,
    next_dagrun_info: none,
    infer_manual_data_interval: (t: Instant) => ({ start: t, end: t }),
  };
}

function kindOf(spec: ScheduleSpec, dataIntervals: boolean): string {
  switch (spec.kind) {
    case 'null': return 'NullTimetable';
    case 'once': return 'OnceTimetable';
    case 'continuous': return 'ContinuousTimetable';
    case 'cron': return dataIntervals ? 'CronDataIntervalTimetable' : 'CronTriggerTimetable';
    case 'delta': return dataIntervals ? 'DeltaDataIntervalTimetable' : 'DeltaTriggerTimetable';
    case 'cron_trigger': return 'CronTriggerTimetable';
    case 'cron_data_interval': return 'CronDataIntervalTimetable';
    case 'delta_trigger': return 'DeltaTriggerTimetable';
    case 'delta_data_interval': return 'DeltaDataIntervalTimetable';
    case 'multiple_cron': return 'MultipleCronTriggerTimetable';
    case 'events': return 'EventsTimetable';
    case 'assets': return 'AssetTriggeredTimetable';
    case 'asset_or_time': return 'AssetOrTimeSchedule';
  }
}
