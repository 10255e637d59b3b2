// One task of an exported DAG file: its operator call with the BaseOperator arguments the scenario
// maps onto one to one (written when given explicitly or when they differ from Airflow's default),
// the trigger operator's arguments, and the work function's op_kwargs.
import { AIRFLOW2_TRIGGER_RULE_ALIASES, TASK_DEFAULTS, TRIGGER_DEFAULTS } from '../../scenario/defaults.js';
import type { DagSpec, Scenario, TaskSpec, TriggerSpec } from '../../model/scenario.js';
import { INDENT, pyDatetimeExpr, pyInline, pyLiteral, pySeconds, pyStr, pyTimedelta } from './python.js';
import type { Tracer } from './trace.js';
import { flowArguments, flowImport, flowOperator } from './task_flow.js';
import { ignoreFirstDependsOnPastDefault } from '../../scenario/ignore_first_default.js';
import { mappedKwargs } from '../../model/task_expand.js';
import { parseDuration } from '../../time/duration.js';
import { parseInstant } from '../../time/instant.js';
import { sensorCall } from './sensor_export.js';
import { xcomMappedTail } from './xcom_map.js';
import { aliasAdds, hasAliasOutlets, outletsWithAliases } from './alias_outlets.js';

export type RawMap = Record<string, unknown>;
export const isMap = (v: unknown): v is RawMap => v !== null && typeof v === 'object' && !Array.isArray(v);

/** BaseOperator arguments a scenario task maps onto one to one. */
export const NATIVE_KEYS = [
  'trigger_rule', 'depends_on_past', 'wait_for_downstream', 'ignore_first_depends_on_past', 'retries', 'retry_delay',
  'retry_exponential_backoff', 'max_retry_delay', 'pool', 'pool_slots', 'priority_weight', 'weight_rule',
  'max_active_tis_per_dag', 'max_active_tis_per_dagrun', 'outlets', 'start_date', 'end_date', 'execution_timeout',
] as const;
export type NativeKey = (typeof NATIVE_KEYS)[number];

/** Keys that only drive the simulated work: they become windtunnel_work's op_kwargs. */
const WORK_KEYS = ['duration', 'outcome', 'returns', 'templates'] as const;

const TRIGGER_ARGS: [keyof TriggerSpec, string][] = [
  ['dag_id', 'trigger_dag_id'], ['trigger_run_id', 'trigger_run_id'], ['conf', 'conf'], ['logical_date', 'logical_date'],
  ['reset_dag_run', 'reset_dag_run'], ['wait_for_completion', 'wait_for_completion'], ['poke_interval_ms', 'poke_interval'],
  ['allowed_states', 'allowed_states'], ['failed_states', 'failed_states'], ['skip_when_already_exists', 'skip_when_already_exists'],
  ['fail_when_dag_is_paused', 'fail_when_dag_is_paused'],
];
const TRIGGER_RAW_KEY: Partial<Record<keyof TriggerSpec, string>> = { poke_interval_ms: 'poke_interval' };
/** A native value as the parsed TaskSpec holds it, from a raw default_args entry (already validated). */
export function rawNative(k: NativeKey, v: unknown, scenario: Scenario): unknown {
  switch (k) {
    case 'retry_delay': return parseDuration(String(v)).ms;
    case 'max_retry_delay':
    case 'execution_timeout': return v === null ? null : parseDuration(String(v)).ms;
    case 'start_date':
    case 'end_date': return v === null ? null : parseInstant(String(v), scenario.config.default_timezone);
    case 'trigger_rule': return Object.hasOwn(AIRFLOW2_TRIGGER_RULE_ALIASES, String(v)) ? AIRFLOW2_TRIGGER_RULE_ALIASES[String(v)] : v;
    case 'outlets': return Array.isArray(v) ? [...new Set(v.map(String))] : [];
    default: return v;
  }
}

function taskNative(k: NativeKey, t: TaskSpec): unknown {
  switch (k) {
    case 'retry_delay': return t.retry_delay_ms;
    case 'max_retry_delay': return t.max_retry_delay_ms;
    case 'execution_timeout': return t.execution_timeout_ms;
    default: return t[k];
  }
}

const AIRFLOW_DEFAULT: Record<NativeKey, unknown> = {
  trigger_rule: TASK_DEFAULTS.trigger_rule, depends_on_past: false, wait_for_downstream: false, ignore_first_depends_on_past: false,
  retries: 0, retry_delay: TASK_DEFAULTS.retry_delay_ms, retry_exponential_backoff: false, max_retry_delay: null, pool: TASK_DEFAULTS.pool,
  pool_slots: 1, priority_weight: 1, weight_rule: TASK_DEFAULTS.weight_rule, max_active_tis_per_dag: null, max_active_tis_per_dagrun: null,
  outlets: [], start_date: null, end_date: null, execution_timeout: null,
};

export function nativeCode(k: NativeKey, v: unknown, tz: string, assetVars: Map<string, string>, imports: Set<string>): string {
  switch (k) {
    case 'retry_delay':
    case 'max_retry_delay':
    case 'execution_timeout':
      if (v === null) return 'None';
      imports.add('from datetime import timedelta');
      return pyTimedelta(v as number);
    case 'start_date':
    case 'end_date':
      if (v === null) return 'None';
      imports.add('import pendulum');
      return pyDatetimeExpr(v as number, tz);
    case 'outlets':
      return `[${(v as string[]).map((n) => assetVars.get(n) ?? pyStr(n)).join(', ')}]`;
    default:
      return pyInline(v);
  }
}

interface TaskInput {
  scenario: Scenario;
  dag: DagSpec;
  task: TaskSpec;
  rawTask: RawMap | undefined;
  path: string;
  base: string;
  file: string;
  tracer: Tracer;
  daCodes: Map<NativeKey, string>;
  da: RawMap | undefined;
  assetVars: Map<string, string>;
  imports: Set<string>;
  v: string;
  taskVars: ReadonlyMap<string, string>;
}

export function taskBlock(x: TaskInput): string {
  const { task: t, rawTask: rt, tracer, file } = x;
  const p = `${x.base}.${x.path}`;
  const has = (k: string) => rt !== undefined && Object.hasOwn(rt, k);
  const code = (k: string, snippet: string) => tracer.code(`${p}.${k}`, file, snippet);
  const note = (k: string, level: 'info' | 'warning', message: string) => tracer.note(`${p}.${k}`, level, message, x.dag.dag_id);
  const I2 = INDENT + INDENT;
  const lines: string[] = [];
  const arg = (s: string) => { lines.push(`${I2}${s},`); return s; };

  const flow = flowOperator(t);
  if (flow) x.imports.add(flowImport(flow.cls, x.scenario.airflow === '2'));
  const sensor = t.sensor ? sensorCall(t, x.scenario.airflow) : null;
  if (sensor) for (const i of sensor.imports) x.imports.add(i);
  const cls = sensor ? sensor.cls : flow ? flow.cls : t.operator === 'empty' ? 'EmptyOperator' : t.operator === 'trigger_dagrun' ? 'TriggerDagRunOperator' : 'PythonOperator';
  const ops = x.scenario.airflow === '2' ? 'airflow.operators' : 'airflow.providers.standard.operators';
  if (t.operator === 'empty') x.imports.add(`from ${ops}.empty import EmptyOperator`);
  if (t.operator === 'trigger_dagrun') x.imports.add(`from ${ops}.trigger_dagrun import TriggerDagRunOperator`);
  // A mapped task is Operator.partial(<shared arguments>).expand(op_kwargs=[<one dict per map index>]).
  const overXCom = t.expand?.kind === 'expand_xcom' ? t.expand : null;
  const head = overXCom ? `${x.v} = task(` : t.expand ? `${x.v} = ${cls}.partial(` : `${x.v} = ${cls}(`;
  const work: Record<string, unknown> = {};
  if (has('operator')) code('operator', head);
  code('task_id', arg(`task_id=${pyStr(t.task_id)}`));

  // The simulated work.
  if (sensor) {
    for (const a of sensor.args) arg(a);
    if (has('sensor')) code('sensor', sensor.args[0]);
  } else if (t.operator === 'python' || flow) {
    arg(`python_callable=${flow?.callable ?? (hasAliasOutlets(t) ? 'windtunnel_alias_work' : 'windtunnel_work')}`);
    const kw: string[] = [];
    const entry = (k: string, value: unknown) => {
      work[k] = value;
      const prefix = `${I2}${INDENT}${pyStr(k)}: `;
      const s = `${pyStr(k)}: ${pyLiteral(value, I2 + INDENT, prefix.length)}`;
      kw.push(`${I2}${INDENT}${s},`);
      return s;
    };
    const d = t.duration.kind === 'fixed' ? t.duration.ms / 1000 : [t.duration.min_ms / 1000, t.duration.max_ms / 1000];
    const ds = entry('duration', d);
    if (has('duration')) code('duration', ds);
    const o = t.outcome;
    if (o.kind !== 'success' || has('outcome')) {
      const s = entry('outcome', o.kind === 'fail_tries' ? { fail_tries: o.tries } : o.kind === 'fail_if' ? { fail_if: o.template } : o.kind);
      if (has('outcome')) code('outcome', s);
    }
    if (t.returns !== null || has('returns')) {
      const s = entry('returns', t.returns_list ?? t.returns); // a list is returned as a list
      if (has('returns')) code('returns', s);
    }
    if (Object.keys(t.templates).length > 0) {
      entry('templates', t.templates);
      for (const [k, v] of Object.entries(t.templates)) if (isMap(rt?.templates) && Object.hasOwn(rt!.templates as RawMap, k)) code(`templates.${k}`, `${pyStr(k)}: ${pyStr(v)}`);
    } else if (has('templates')) note('templates', 'info', 'templates is empty');
    const fa = flowArguments(t);
    for (const [k, v] of fa.kwargs) code(k === 'choose' ? 'branch' : k, entry(k, v));
    for (const a of fa.args) code('ignore_downstream_trigger_rules', arg(a));
    if (hasAliasOutlets(t)) code('alias_outlets', entry('alias_adds', aliasAdds(t, x.scenario)));
    if (!t.expand) lines.push(`${I2}op_kwargs={`, ...kw, `${I2}},`);
  } else {
    const what = t.operator === 'empty' ? 'EmptyOperator does no work in Airflow' : 'TriggerDagRunOperator does no work of its own in Airflow (it ends when it has triggered, or when the run ends with wait_for_completion)';
    for (const k of WORK_KEYS) {
      if (!has(k)) continue;
      if (k === 'templates' && isMap(rt!.templates)) {
        for (const f of Object.keys(rt!.templates as RawMap)) note(`templates.${f}`, 'warning', `${x.dag.dag_id}.${t.task_id}: templates.${f}: ${what}; extra templated fields need a custom operator`);
      } else note(k, 'warning', `${x.dag.dag_id}.${t.task_id}: ${k}: ${what}, so the simulated ${k} has no equivalent`);
    }
  }

  // TriggerDagRunOperator's own arguments.
  if (t.trigger) {
    const rtrig = isMap(rt?.trigger) ? rt!.trigger as RawMap : {};
    const datrig = isMap(x.da?.trigger) ? x.da!.trigger as RawMap : {};
    for (const [key, pyName] of TRIGGER_ARGS) {
      const rawKey = TRIGGER_RAW_KEY[key] ?? key;
      const explicitTask = Object.hasOwn(rtrig, rawKey);
      const explicit = explicitTask || Object.hasOwn(datrig, rawKey);
      const value = t.trigger[key];
      const dflt = (TRIGGER_DEFAULTS as Record<string, unknown>)[key];
      let c: string | null;
      switch (key) {
        case 'dag_id': c = pyStr(value as string); break;
        case 'logical_date': c = value === undefined ? null : value === null ? 'None' : pyStr(value as string); break;
        case 'poke_interval_ms': c = explicit || value !== dflt ? pySeconds(value as number) : null; break;
        case 'conf':
          if (typeof value === 'string') {
            c = pyStr(value);
            tracer.remark(`${p}.trigger.conf`, 'warning', `${x.dag.dag_id}.${t.task_id}: trigger.conf is one template string: recent apache-airflow-providers-standard releases json.loads the rendered text; older ones need render_template_as_native_obj=True on the DAG`, x.dag.dag_id);
          } else {
            const nonEmpty = value !== null && typeof value === 'object' && Object.keys(value as object).length > 0;
            c = explicit || nonEmpty ? pyLiteral(value, I2, `${I2}conf=`.length) : null;
          }
          break;
        default: c = explicit || JSON.stringify(value) !== JSON.stringify(dflt) ? pyInline(value) : null;
      }
      if (c === null) continue;
      if (key === 'fail_when_dag_is_paused' && x.scenario.airflow === '2') {
        // Airflow 2.11's TriggerDagRunOperator has no such argument (it refuses unknown ones).
        if (value === true) note('trigger.fail_when_dag_is_paused', 'warning', `${x.dag.dag_id}.${t.task_id}: fail_when_dag_is_paused does not exist in Airflow 2.11`);
        else if (explicitTask) note('trigger.fail_when_dag_is_paused', 'info', 'fail_when_dag_is_paused: false is what Airflow 2.11 does');
        continue;
      }
      const s = arg(`${pyName}=${c}`);
      if (explicitTask) code(`trigger.${rawKey}`, s);
      if (key === 'fail_when_dag_is_paused' && value === true) {
        tracer.remark(`${p}.trigger.fail_when_dag_is_paused`, 'warning', `${x.dag.dag_id}.${t.task_id}: fail_when_dag_is_paused needs Airflow 3.2+ (the operator reads the target DAG through the execution API); on 3.0/3.1 providers refuse it`, x.dag.dag_id);
      }
    }
  } else if (has('trigger')) note('trigger', 'info', 'trigger is only read for operator: trigger_dagrun');

  // BaseOperator arguments.
  for (const k of NATIVE_KEYS) {
    const rawKey = k;
    const needs = new Set<string>();
    const c = nativeCode(k, taskNative(k, t), x.dag.timezone, x.assetVars, needs);
    const dflt = k === 'ignore_first_depends_on_past' ? ignoreFirstDependsOnPastDefault(x.scenario.airflow) : AIRFLOW_DEFAULT[k];
    const inherited = x.daCodes.get(k) ?? nativeCode(k, dflt, x.dag.timezone, x.assetVars, new Set());
    const explicit = has(rawKey);
    if (k === 'outlets' && hasAliasOutlets(t)) {
      x.imports.add('from airflow.sdk import AssetAlias');
      x.imports.add('from airflow.sdk import Asset');
      for (const i of needs) x.imports.add(i);
      const s = arg(`outlets=${outletsWithAliases(c, t)}`);
      if (explicit) code(rawKey, s);
      continue;
    }
    if (!explicit && c === inherited) continue;
    for (const i of needs) x.imports.add(i);
    const s = arg(`${k}=${c}`);
    if (explicit) code(rawKey, s);
  }

  if (overXCom) {
    const tail = xcomMappedTail(work, overXCom.arg, x.taskVars.get(overXCom.task_id)!);
    code('expand', `.expand(${overXCom.arg}=${x.taskVars.get(overXCom.task_id)}.output)`);
    return `${INDENT}${head}\n${lines.join('\n')}\n${tail}`;
  }
  if (t.expand) {
    const perIndex = mappedKwargs(t.expand).map((kw) => ({ ...work, ...kw }));
    const list = pyLiteral(perIndex, INDENT, `${INDENT}).expand(op_kwargs=`.length);
    code(t.expand.kind, `.expand(op_kwargs=${list})`);
    return `${INDENT}${head}\n${lines.join('\n')}\n${INDENT}).expand(op_kwargs=${list})`;
  }
  return `${INDENT}${head}\n${lines.join('\n')}\n${INDENT})`;
}
