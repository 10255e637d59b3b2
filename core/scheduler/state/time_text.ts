// Instants as text, the two ways the simulation writes them: SQL columns and log lines.
import type { Instant } from '../../model/scenario.js';
import { formatInstant } from '../../time/instant.js';

/** SQL's text for an instant. A run's dates repeat across its rows and updates: each is formatted once. */
const dbTimes = new Map<Instant, string>();
export const dbTime = (ms: Instant | null): string | null => {
  if (ms === null) return null;
  let text = dbTimes.get(ms);
  if (text === undefined) {
    if (dbTimes.size >= 4096) dbTimes.clear();
    dbTimes.set(ms, (text = new Date(ms).toISOString()));
  }
  return text;
};

/** Instants in log text: the output's format (2025-01-01T00:00:00Z). */
export const iso = (ms: Instant | null): string => (ms === null ? 'None' : formatInstant(ms));
