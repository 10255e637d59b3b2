// The Airflow profiles in release order, and the one comparison every version rule uses:
// a behaviour that arrived in Airflow X applies to every profile at least X.
import type { Profile } from './scenario.js';

export const PROFILE_ORDER: readonly Profile[] = ['2', '3.0', '3.1', '3.2', '3.3'];

/** True when `profile` is `min` or a later release. */
export function atLeast(profile: Profile, min: Profile): boolean {
  return PROFILE_ORDER.indexOf(profile) >= PROFILE_ORDER.indexOf(min);
}
