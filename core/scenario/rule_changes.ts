// The rule changes between Airflow profiles that change runs, in plain words, each with the row of
// docs/airflow-versions.md that sources it. Compare mode lists the ones between two profiles and
// names, for each run that differs, the changes that can explain it.
import type { Profile } from '../model/scenario.js';
import type { DagRunOut } from '../model/output.js';
import { PROFILE_ORDER } from '../model/profile_order.js';

export interface RuleChange {
  /** The first profile with the new behaviour. */
  since: Profile;
  /** One sentence: what changed, in Airflow users' words. */
  words: string;
  /** The docs/airflow-versions.md row. */
  row: number;
  /** Run fields the change can alter (`run` = the run exists on one side only). */
  fields: readonly string[];
  /** Which runs it can touch. */
  applies: (r: DagRunOut) => boolean;
}

const any = (): boolean => true;
const manual = (r: DagRunOut): boolean => r.run_type === 'manual' || r.run_type === 'operator_triggered';
const rest = (r: DagRunOut): boolean => r.triggered_by === 'rest_api' || r.triggered_by === 'ui';

export const RULE_CHANGES: readonly RuleChange[] = [
  {
    since: '3.0', row: 2, fields: ['run', 'run_id', 'logical_date', 'data_interval_start', 'data_interval_end'], applies: manual,
    words: 'Airflow 3 lets manual, REST and asset-triggered runs have no logical date; the unique (dag_id, logical_date) key ignores them, so runs at the same instant can coexist.',
  },
  {
    since: '3.0', row: 16, fields: ['run', 'run_id', 'logical_date', 'data_interval_start', 'data_interval_end', 'run_after', 'start_date', 'end_date', 'state'], applies: (r) => r.run_type === 'scheduled',
    words: 'Airflow 3 turned catchup off by default and reads cron strings as CronTriggerTimetable (runs at the tick, zero-length interval) instead of CronDataIntervalTimetable.',
  },
  {
    since: '3.1', row: 2, fields: ['run', 'run_id'], applies: manual,
    words: 'A REST or CLI run without a logical date is named manual__<run_after> with no random suffix (3.0 added one), so two at the same instant collide on run_id.',
  },
  {
    since: '3.2', row: 3, fields: ['run', 'run_id', 'run_after', 'start_date', 'end_date', 'state'], applies: rest,
    words: 'A REST trigger with a logical date keeps the request time (or the body\'s run_after) as run_after and in its run id; Windtunnel\'s 3.1 used the data interval end.',
  },
  {
    since: '3.2', row: 14, fields: ['run', 'start_date', 'end_date', 'state'], applies: any,
    words: 'max_consecutive_failed_dag_runs looks at the newest runs by run_after, runs without a logical date included (before: by logical date).',
  },
  {
    since: '3.2', row: 13, fields: ['state', 'end_date'], applies: any,
    words: 'xcom_pull(dag_id=other, include_prior_dates=True) finds nothing unless the other DAG has a run with the caller\'s run id.',
  },
  {
    since: '3.2', row: 21, fields: ['run', 'run_type', 'triggered_by', 'state', 'start_date', 'end_date'], applies: (r) => r.run_type === 'backfill',
    words: 'Backfills: a range is refused only when both ends are in the future, and a re-processed run takes the backfill\'s conf.',
  },
  {
    since: '3.3', row: 5, fields: ['run_type'], applies: (r) => r.triggered_by === 'operator',
    words: 'Runs made by TriggerDagRunOperator have run_type operator_triggered (their run id still starts manual__).',
  },
  {
    since: '3.3', row: 29, fields: ['state', 'end_date'], applies: any,
    words: 'Every template context has partition_key and partition_date; before 3.3 naming them fails with UndefinedError.',
  },
];

/** The changes that separate two profiles (either order): since in (older, newer]. */
export function ruleChangesBetween(a: Profile, b: Profile): RuleChange[] {
  const [lo, hi] = [PROFILE_ORDER.indexOf(a), PROFILE_ORDER.indexOf(b)].sort((x, y) => x - y);
  return RULE_CHANGES.filter((c) => {
    const i = PROFILE_ORDER.indexOf(c.since);
    return i > lo && i <= hi;
  });
}

/**
 * The changes between the profiles that can explain one differing run: they touch a field that
 * differs (or the run's existence) and apply to the run on either side.
 */
export function explainDifference(changes: readonly RuleChange[], fields: readonly string[], a: DagRunOut | null, b: DagRunOut | null): RuleChange[] {
  const touched = a && b ? fields : ['run'];
  return changes.filter((c) => c.fields.some((f) => touched.includes(f)) && ((a !== null && c.applies(a)) || (b !== null && c.applies(b))));
}
