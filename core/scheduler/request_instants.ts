// Same-instant requests (docs/fidelity.md, "Same-instant requests"). A real server never gives two
// requests the same utcnow(): Airflow reads its clock per request with microsecond resolution and
// names a run without a logical date `manual__<run_after.isoformat()>`, microseconds included. So
// the k-th external event of one scenario instant (k = 0, 1, 2 … in file order) observes
// "now" = the instant + k µs. Windtunnel's instants stay whole milliseconds (every output instant
// is one; the oracle truncates Airflow's to them); only the text Airflow derives from the request
// time, the run id, carries the microseconds.
import type { Instant } from '../model/scenario.js';
import { pythonIsoformat } from '../time/instant.js';

interface Stamp { at: Instant; k: number; active: boolean }

/** Per simulation: the instant of the last event applied, its rank there, and whether one is applying. */
const stamps = new WeakMap<object, Stamp>();

/** Apply one external event at `at` (events reach this in time order, then file order). */
export function withRequestStamp<T>(sim: object, at: Instant, apply: () => T): T {
  const last = stamps.get(sim);
  const stamp: Stamp = last && last.at === at ? { at, k: last.k + 1, active: true } : { at, k: 0, active: true };
  stamps.set(sim, stamp);
  try {
    return apply();
  } finally {
    stamp.active = false;
  }
}

/** Microseconds the current event adds to "now": k while the k-th event of an instant applies, else 0. */
export function requestStampMicros(sim: object): number {
  const s = stamps.get(sim);
  return s?.active ? s.k : 0;
}

/**
 * Python's isoformat() of the request time: `ms` plus the current event's stamp. "…T10:05:00+00:00"
 * for the first event of an instant, "…T10:05:00.000001+00:00" for the second.
 */
export function requestIsoformat(sim: object, ms: Instant): string {
  const us = requestStampMicros(sim);
  if (us === 0) return pythonIsoformat(ms);
  const text = pythonIsoformat(ms);
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{6}))?\+00:00$/.exec(text)!;
  const micros = Number(m[2] ?? '0') + us;
  return `${m[1]}.${String(micros).padStart(6, '0')}+00:00`;
}
