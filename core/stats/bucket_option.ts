// `--bucket`: a fixed ISO 8601 duration of at least a second (a calendar month is not a fixed size).
import { isCalendarDuration, parseDuration } from '../time/duration.js';

/** A bucket size given by hand may cut the clock finer than the chosen one, up to this many buckets. */
export const MAX_BUCKETS_GIVEN = 10_000;

export function parseBucket(text: string): { ms: number } | { error: string } {
  let d;
  try { d = parseDuration(text); } catch (err) { return { error: (err as Error).message }; }
  if (isCalendarDuration(d)) return { error: `'${text}' has months or years, which are not a fixed size: give days or less (P7D, PT1H)` };
  if (d.ms < 1000) return { error: `'${text}' is shorter than a second` };
  return { ms: d.ms };
}
