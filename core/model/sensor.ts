// A sensor task (`operator: sensor`): how it pokes and when its condition becomes true.
// Airflow's BaseSensorOperator (task-sdk bases/sensor.py) with a condition the scenario states.
/** Epoch milliseconds (UTC), as scenario.ts's Instant (not imported: scenario.ts imports this file). */
type Instant = number;

/**
 * poke: one try holds its worker slot and pokes every poke_interval; reschedule: each poke is a short
 * run of the same try, up_for_reschedule in between; deferrable: the try defers at once on a trigger
 * that the triggerer fires when the condition holds (a DateTimeTrigger), timing out after `timeout`.
 */
export type SensorMode = 'poke' | 'reschedule' | 'deferrable';

/** When the poked condition holds: at an instant, a duration after the run's run_after, or never. */
export type SensorCondition =
  | { kind: 'at'; at: Instant }
  | { kind: 'after'; ms: number }
  | { kind: 'never' }
  /** ExternalTaskSensor: another DAG's run (or one of its tasks) at this run's logical date. */
  | { kind: 'external'; external: ExternalTaskSpec };

export interface ExternalTaskSpec {
  dag_id: string;
  /** null: the external run's own state (no external_task_ids). */
  task_id: string | null;
  allowed_states: string[];
  failed_states: string[];
  /** Looks at logical date - execution_delta; null: the same logical date. */
  execution_delta_ms: number | null;
}

export interface SensorSpec {
  mode: SensorMode;
  poke_interval_ms: number;
  /** Seconds-exact; Airflow's default is [sensors] default_timeout, 7 days. */
  timeout_ms: number;
  soft_fail: boolean;
  exponential_backoff: boolean;
  max_wait_ms: number | null;
  condition: SensorCondition;
}

export const SENSOR_DEFAULTS = {
  mode: 'poke' as SensorMode,
  poke_interval_ms: 60_000,
  timeout_ms: 7 * 24 * 3600_000,
  soft_fail: false,
  exponential_backoff: false,
  max_wait_ms: null as number | null,
};

/** The Airflow class export-dags writes for a sensor (the task_instance.operator column). */
export function sensorClassName(s: SensorSpec): string {
  if (s.condition.kind === 'external') return 'ExternalTaskSensor';
  return s.mode === 'deferrable' ? 'DateTimeSensorTimeoutAsync' : 'PythonSensor';
}
