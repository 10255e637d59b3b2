// export-dags for `operator: sensor` tasks: a PythonSensor whose callable checks the scenario's
// condition on the clock (the virtual one under the oracle), an ExternalTaskSensor, or, for
// mode deferrable, DateTimeSensorAsync deferring with the sensor's timeout (DateTimeSensorAsync
// itself defers without one, so its trigger would never time out).
import type { Profile, TaskSpec } from '../../model/scenario.js';
import { SENSOR_DEFAULTS, sensorClassName, type SensorSpec } from '../../model/sensor.js';
import { formatInstant } from '../../time/instant.js';
import { pyInline, pyStr, pyTimedelta } from './python.js';

/** A target the deferrable form never reaches (succeeds_at: null). */
const NEVER = '9999-12-31T00:00:00+00:00';

export interface SensorCall {
  cls: string;
  args: string[];
  imports: string[];
}

const isoPy = (ms: number) => formatInstant(ms).replace(/Z$/, '+00:00');

export function sensorCall(t: TaskSpec, profile: Profile): SensorCall {
  const s = t.sensor!;
  const a2 = profile === '2';
  const cls = sensorClassName(s);
  const args: string[] = [];
  const imports: string[] = [];
  const c = s.condition;
  if (c.kind === 'external') {
    imports.push(a2 ? 'from airflow.sensors.external_task import ExternalTaskSensor' : 'from airflow.providers.standard.sensors.external_task import ExternalTaskSensor');
    args.push(`external_dag_id=${pyStr(c.external.dag_id)}`, `external_task_id=${c.external.task_id === null ? 'None' : pyStr(c.external.task_id)}`);
    args.push(`allowed_states=${pyInline(c.external.allowed_states)}`);
    if (c.external.failed_states.length > 0) args.push(`failed_states=${pyInline(c.external.failed_states)}`);
    if (c.external.execution_delta_ms !== null) args.push(`execution_delta=${pyTimedelta(c.external.execution_delta_ms)}`);
  } else if (s.mode === 'deferrable') {
    const target = c.kind === 'at' ? pyStr(isoPy(c.at)) : c.kind === 'after'
      ? pyStr(`{{ (dag_run.run_after + macros.timedelta(seconds=${c.ms / 1000})).isoformat() }}`) : pyStr(NEVER);
    args.push(`target_time=${target}`);
  } else {
    imports.push(a2 ? 'from airflow.sensors.python import PythonSensor' : 'from airflow.providers.standard.sensors.python import PythonSensor');
    args.push('python_callable=windtunnel_sensor_condition');
    const kw = c.kind === 'at' ? `{"at": ${pyStr(isoPy(c.at))}}` : c.kind === 'after' ? `{"after": ${c.ms / 1000}}` : '{}';
    args.push(`op_kwargs=${kw}`);
  }
  if (s.mode !== 'deferrable') args.push(`mode=${pyStr(s.mode)}`);
  args.push(...commonArgs(s));
  return { cls, args, imports };
}

function commonArgs(s: SensorSpec): string[] {
  const out: string[] = [];
  if (s.poke_interval_ms !== SENSOR_DEFAULTS.poke_interval_ms) out.push(`poke_interval=${pyTimedelta(s.poke_interval_ms)}`);
  if (s.timeout_ms !== SENSOR_DEFAULTS.timeout_ms) out.push(`timeout=${pyTimedelta(s.timeout_ms)}`);
  if (s.soft_fail) out.push('soft_fail=True');
  if (s.exponential_backoff) out.push('exponential_backoff=True');
  if (s.max_wait_ms !== null) out.push(`max_wait=${pyTimedelta(s.max_wait_ms)}`);
  return out;
}

/** The module-level code sensor tasks need in a DAG file, and its imports. */
export function sensorPrelude(tasks: readonly TaskSpec[], profile: Profile): { code: string[]; imports: string[] } {
  const a2 = profile === '2';
  const code: string[] = [];
  const imports = new Set<string>();
  const sensors = tasks.filter((t) => t.sensor);
  if (sensors.length > 0) imports.add('from datetime import timedelta'); // intervals and timeouts are timedeltas
  if (sensors.some((t) => t.sensor!.condition.kind !== 'external' && t.sensor!.mode !== 'deferrable')) {
    imports.add('import pendulum').add('from datetime import timedelta');
    code.push(CONDITION_FUNCTION);
  }
  if (sensors.some((t) => t.sensor!.mode === 'deferrable')) {
    imports.add('from datetime import timedelta');
    imports.add(a2 ? 'from airflow.sensors.date_time import DateTimeSensorAsync' : 'from airflow.providers.standard.sensors.date_time import DateTimeSensorAsync');
    imports.add(a2 ? 'from airflow.triggers.temporal import DateTimeTrigger' : 'from airflow.providers.standard.triggers.temporal import DateTimeTrigger');
    code.push(DEFERRABLE_CLASS);
  }
  return { code, imports: [...imports] };
}

const CONDITION_FUNCTION = `def windtunnel_sensor_condition(at=None, after=None, **context):
    """The scenario's sensor condition on the clock: true from \`at\`, or from \`after\` seconds past
    the run's run_after; neither: never true (the sensor times out)."""
    if at is None and after is None:
        return False
    if at is not None:
        target = pendulum.parse(at)
    else:
        run = context["dag_run"]
        # Airflow 2 runs have no run_after: their data interval ends when they are due.
        target = (getattr(run, "run_after", None) or run.data_interval_end) + timedelta(seconds=after)
    # pendulum.now rather than Airflow's timezone module (3.0's SDK has none); time-machine freezes both.
    return pendulum.now("UTC") >= target
`;

const DEFERRABLE_CLASS = `
class DateTimeSensorTimeoutAsync(DateTimeSensorAsync):
    """DateTimeSensorAsync whose trigger times out after the sensor's \`timeout\` (DateTimeSensorAsync
    defers without a timeout, so its trigger would wait forever)."""

    def execute(self, context):
        self.defer(
            trigger=DateTimeTrigger(moment=self._moment),
            method_name="execute_complete",
            timeout=timedelta(seconds=self.timeout),
        )
`;
