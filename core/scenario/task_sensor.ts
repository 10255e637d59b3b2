// The scenario key `sensor:` of an `operator: sensor` task (model/sensor.ts). Each value is
// checked at its own node; Airflow's own refusals (a negative interval) come with its wording.
import type { Instant } from '../model/scenario.js';
import { SENSOR_DEFAULTS, type SensorCondition, type SensorMode, type SensorSpec } from '../model/sensor.js';
import { EXTERNAL_TASK_KEYS, SENSOR_KEYS } from './schema.js';
import { isMap } from 'yaml';
import type { Fields, Reader, Val } from './reader.js';

const MODES: readonly SensorMode[] = ['poke', 'reschedule', 'deferrable'];
/** States an ExternalTaskSensor may wait for (TaskInstanceState and DagRunState values). */
const STATES = ['success', 'failed', 'skipped', 'upstream_failed', 'running', 'queued', 'up_for_retry', 'removed'] as const;

export interface SensorReadHelpers {
  /** A fixed (timedelta) duration in ms, reported at the node when not one. */
  fixedMs(v: Val, what: string): number | undefined;
  instant(v: Val): Instant | undefined;
}

export function readTaskSensor(r: Reader, f: Fields, h: SensorReadHelpers): SensorSpec | undefined {
  const v = f.get('sensor');
  if (!v) return undefined;
  const s = r.fields(v, SENSOR_KEYS, 'a sensor mapping {mode, poke_interval, timeout, soft_fail, succeeds_at | external}');
  if (!s) return undefined;
  const spec: SensorSpec = { ...SENSOR_DEFAULTS, condition: { kind: 'never' } };
  let x: Val | undefined;
  if ((x = s.get('mode'))) { const m = r.oneOf(x, MODES, 'a sensor mode:'); if (m) spec.mode = m; }
  if ((x = s.get('poke_interval'))) { const ms = h.fixedMs(x, 'poke_interval'); if (ms !== undefined) spec.poke_interval_ms = ms; }
  if ((x = s.get('timeout'))) { const ms = h.fixedMs(x, 'timeout'); if (ms !== undefined) spec.timeout_ms = ms; }
  if ((x = s.get('max_wait'))) spec.max_wait_ms = r.isNull(x) ? null : h.fixedMs(x, 'max_wait') ?? null;
  for (const k of ['soft_fail', 'exponential_backoff'] as const) {
    if ((x = s.get(k))) { const b = r.bool(x); if (b !== undefined) spec[k] = b; }
  }
  const at = s.get('succeeds_at');
  const ext = s.get('external');
  if (at && ext) { r.error(ext, "a sensor waits on 'succeeds_at' or on 'external', not both"); return undefined; }
  if (!at && !ext) {
    r.error(v, "a sensor needs 'succeeds_at' (an instant, {after: duration} from the run's run_after, or null: never) or 'external' {dag_id, ...}");
    return undefined;
  }
  const cond = at ? condition(r, at, h) : external(r, ext!, h);
  if (!cond) return undefined;
  spec.condition = cond;
  if (spec.mode === 'deferrable' && cond.kind === 'external') {
    r.error(s.keyOf('mode') ?? v, 'a deferrable ExternalTaskSensor (WorkflowTrigger) is not modelled: use mode poke or reschedule');
    return undefined;
  }
  return spec;
}

function condition(r: Reader, v: Val, h: SensorReadHelpers): SensorCondition | undefined {
  if (r.isNull(v)) return { kind: 'never' };
  if (isMap(v.node)) {
    const f = r.fields(v, ['after'], 'an instant, {after: duration} or null');
    if (!f) return undefined;
    const a = r.required(f, 'after', 'a duration after the run\'s run_after');
    if (!a) return undefined;
    const ms = h.fixedMs(a, 'after');
    return ms === undefined ? undefined : { kind: 'after', ms };
  }
  const t = h.instant(v);
  return t === undefined ? undefined : { kind: 'at', at: t };
}

function external(r: Reader, v: Val, h: SensorReadHelpers): SensorCondition | undefined {
  const f = r.fields(v, EXTERNAL_TASK_KEYS, 'an external mapping {dag_id, task_id, allowed_states, failed_states, execution_delta}');
  if (!f) return undefined;
  const d = r.required(f, 'dag_id');
  const dag_id = d ? r.str(d, 'a dag_id') : undefined;
  if (dag_id === undefined) return undefined;
  let task_id: string | null = null;
  let x: Val | undefined;
  if ((x = f.get('task_id'))) { const t = r.strOrNull(x, 'a task_id or null (the run itself)'); if (t === undefined) return undefined; task_id = t; }
  const states = (k: 'allowed_states' | 'failed_states', dflt: string[]): string[] | undefined => {
    const sv = f.get(k);
    if (!sv || r.isNull(sv)) return dflt;
    const list = r.strList(sv, 'a list of states');
    if (!list) return undefined;
    for (const { value, at } of list) {
      if (!(STATES as readonly string[]).includes(value)) { r.error(at, `'${value}' is not a state: one of ${STATES.join(', ')}`); return undefined; }
    }
    return list.map((e) => e.value);
  };
  const allowed_states = states('allowed_states', ['success']);
  const failed_states = states('failed_states', []);
  if (!allowed_states || !failed_states) return undefined;
  let execution_delta_ms: number | null = null;
  if ((x = f.get('execution_delta')) && !r.isNull(x)) { const ms = h.fixedMs(x, 'execution_delta'); if (ms === undefined) return undefined; execution_delta_ms = ms; }
  return { kind: 'external', external: { dag_id, task_id, allowed_states, failed_states, execution_delta_ms } };
}

/** `sensor:` belongs to `operator: sensor` and that operator needs it; a sensor's pokes take no time. */
export function checkSensorTask(r: Reader, f: Fields, at: Val, operator: string): boolean {
  const block = f.get('sensor');
  if (operator === 'sensor' && !block) {
    r.error({ offset: at.offset, path: [...at.path, 'sensor'] }, "missing required key 'sensor' (operator sensor needs sensor: {mode, poke_interval, succeeds_at | external})");
    return false;
  }
  if (operator !== 'sensor' && block) {
    r.error(f.keyOf('sensor')!, `'sensor' is only for operator: sensor (this task's operator is ${operator})`);
    return false;
  }
  for (const k of ['duration', 'returns', 'outcome', 'expand', 'expand_kwargs'] as const) {
    if (operator === 'sensor' && f.has(k)) {
      r.error(f.keyOf(k)!, `'${k}' is not read for operator: sensor (its pokes take no time; sensor.succeeds_at or sensor.external decides)`);
      return false;
    }
  }
  return true;
}
