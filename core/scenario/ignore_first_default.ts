// The default of a task's ignore_first_depends_on_past differs by Airflow version: 2.11 reads the
// config option scheduler.ignore_first_depends_on_past_by_default, True unless set (A2.11/models/
// abstractoperator.py:67, A2.11/config_templates/config.yml:2517-2527); 3.x hard-codes False
// (A3.0 and A3.3/sdk/definitions/_internal/abstractoperator.py:66/63).
import type { Profile } from '../model/scenario.js';

export const ignoreFirstDependsOnPastDefault = (profile: Profile): boolean => profile === '2';
