// A schedule written as one string (the CLI's --schedule, the UI's preview box) → ScheduleSpec:
// "None"/"null" → no schedule, "@once", "@continuous", an ISO duration ("PT1H", "P1D") → a delta,
// anything else → a cron expression or preset (validated when the timetable is built).
import type { ScheduleSpec } from '../model/scenario.js';
import { parseDuration } from '../time/duration.js';

export function scheduleSpecFromText(text: string): ScheduleSpec {
  const s = text.trim();
  if (s === '' || s === 'None' || s === 'null' || s === '~') return { kind: 'null' };
  if (s === '@once') return { kind: 'once' };
  if (s === '@continuous') return { kind: 'continuous' };
  if (/^[+-]?P/i.test(s) && !/\s/.test(s)) return { kind: 'delta', delta: parseDuration(s) };
  return { kind: 'cron', cron: s };
}
