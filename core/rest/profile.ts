// Which Airflow REST API v2 behaviour to reproduce. "3.0" is the 3.0.x line as of its last patches
// (3.0.2+ response fields); "3.1" is the 3.1.x line as of 3.1.8 (the last client spec read);
// "3.2" and "3.3" are 3.2.2 and 3.3.2 as installed. Airflow 2 runs are answered as 3.0.
import type { Profile } from '../model/scenario.js';

export type RestProfile = Exclude<Profile, '2'>;

export { atLeast } from '../model/profile_order.js';
