// Which Airflow REST API v2 behaviour to reproduce. "3.0" is the 3.0.x line as of its last patches
// (3.0.2+ response fields); "3.1" is the 3.1.x line as of 3.1.8 (the last client spec read).
export type RestProfile = '3.0' | '3.1';
