// Which Airflow release the exported files are written for: each profile's own release from 3.1
// on (3.0 scenarios are written as 3.1 files, which also parse on 3.0), Airflow 2.11 for "2".
import type { Profile } from '../../model/scenario.js';
import { atLeast } from '../../model/profile_order.js';

/** The release the DAG files target, e.g. "Airflow 3.3". */
export function dagFileTarget(profile: Profile): string {
  if (profile === '2') return 'Airflow 2.11';
  return atLeast(profile, '3.2') ? `Airflow ${profile}` : 'Airflow 3.1';
}

/** The release replay_events.py talks to: REST API v2 exists from 3.0, so "2" replays against 3.1. */
export function replayTarget(profile: Profile): string {
  return atLeast(profile, '3.2') ? `Airflow ${profile}` : 'Airflow 3.1';
}
