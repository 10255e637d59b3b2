// One Airflow 3.1 DAG file for one scenario DAG (Airflow 2.11 for profile "2": the real-Airflow
// oracle loads them there): assets, the DAG with its arguments, every task with its BaseOperator
// arguments, and the dependencies. Arguments the scenario gave explicitly
// are always written; others only where they differ from what Airflow would use anyway.
import type { AssetSpec, DagSpec, Scenario, TaskSpec, TriggerSpec } from '../../model/scenario.js';
import { dagFileTarget } from './target.js';
import { AIRFLOW2_TRIGGER_RULE_ALIASES, TASK_DEFAULTS, TRIGGER_DEFAULTS } from '../../scenario/defaults.js';
import { parseDuration } from '../../time/duration.js';
import { parseInstant } from '../../time/instant.js';
import {
  commentBlock, importBlock, wrap, INDENT, pyBool, pyDatetimeExpr, pyIdentifier, pyInline, pyLiteral, pySeconds, pyStr, pyTimedelta,
} from './python.js';
import { conditionNames, scheduleCode, type ScheduleParts } from './schedule.js';
import { noteLines, type Tracer } from './trace.js';
import { WORK_FUNCTION, WORK_IMPORTS } from './work.js';
import { sensorCall, sensorPrelude } from './sensor_export.js';
import { doesWork, FLOW_FUNCTIONS, flowArguments, flowImport, flowOperator, roleLines } from './task_flow.js';
import { mappedKwargs } from '../../model/task_expand.js';
import { ignoreFirstDependsOnPastDefault } from '../../scenario/ignore_first_default.js';
import { blockOrder, hasXComMapping, taskflowImport, xcomMappedTail } from './xcom_map.js';

type RawMap = Record<string, unknown>;
const isMap = (v: unknown): v is RawMap => v !== null && typeof v === 'object' && !Array.isArray(v);

/** BaseOperator arguments a scenario task maps onto one to one. */
const NATIVE_KEYS = [
  'trigger_rule', 'depends_on_past', 'wait_for_downstream', 'ignore_first_depends_on_past', 'retries', 'retry_delay',
  'retry_exponential_backoff', 'max_retry_delay', 'pool', 'pool_slots', 'priority_weight', 'weight_rule',
  'max_active_tis_per_dag', 'max_active_tis_per_dagrun', 'outlets', 'start_date', 'end_date', 'execution_timeout',
] as const;
type NativeKey = (typeof NATIVE_KEYS)[number];

/** Keys that only drive the simulated work: they become windtunnel_work's op_kwargs. */
const WORK_KEYS = ['duration', 'outcome', 'returns', 'templates'] as const;

const TRIGGER_ARGS: [keyof TriggerSpec, string][] = [
  ['dag_id', 'trigger_dag_id'], ['trigger_run_id', 'trigger_run_id'], ['conf', 'conf'], ['logical_date', 'logical_date'],
  ['reset_dag_run', 'reset_dag_run'], ['wait_for_completion', 'wait_for_completion'], ['poke_interval_ms', 'poke_interval'],
  ['allowed_states', 'allowed_states'], ['failed_states', 'failed_states'], ['skip_when_already_exists', 'skip_when_already_exists'],
  ['fail_when_dag_is_paused', 'fail_when_dag_is_paused'],
];
const TRIGGER_RAW_KEY: Partial<Record<keyof TriggerSpec, string>> = { poke_interval_ms: 'poke_interval' };

export interface DagFileInput {
  scenario: Scenario;
  dag: DagSpec;
  index: number;
  raw: RawMap | undefined;
  file: string;
  tracer: Tracer;
  /** Assets already traced to some file (each asset key is traced once). */
  tracedAssets: Set<string>;
}

export function dagFile(input: DagFileInput): string {
  const { scenario, dag, index, raw, file, tracer } = input;
  const base = `dags[${index}]`;
  const a2 = scenario.airflow === '2';
  const imports = new Set<string>(['from __future__ import annotations', a2 ? 'from airflow import DAG' : 'from airflow.sdk import DAG']);
  const names = new Set<string>(['DAG', 'Asset', 'AssetAll', 'AssetAny', 'AssetWatcher', 'AssetOrTimeSchedule', 'pendulum', 'timedelta', 'relativedelta',
    'random', 'time', 'os', 'dag', 'PythonOperator', 'EmptyOperator', 'TriggerDagRunOperator', 'AirflowException', 'AirflowSkipException',
    'windtunnel_work', 'windtunnel_branch', 'windtunnel_condition', 'BranchPythonOperator', 'ShortCircuitOperator', 'SCENARIO_SEED', 'FALSE_TEXTS', 'DOC_MD', 'QUEUES', 'MessageQueueTrigger', 'CronTriggerTimetable',
    'CronDataIntervalTimetable', 'DeltaTriggerTimetable', 'DeltaDataIntervalTimetable', 'MultipleCronTriggerTimetable', 'EventsTimetable',
    'Dataset', 'DatasetAll', 'DatasetAny', 'DatasetOrTimeSchedule']);
  const tz = dag.timezone;
  const code = (key: string, snippet: string) => tracer.code(`${base}.${key}`, file, snippet);
  const note = (key: string, level: 'info' | 'warning', message: string) => tracer.note(`${base}.${key}`, level, message, dag.dag_id);
  const rawHas = (k: string) => raw !== undefined && Object.hasOwn(raw, k);

  // ----- assets this DAG mentions: its schedule's (with their watchers) and its tasks' outlets -----
  const scheduleAssets = dag.schedule.kind === 'assets' || dag.schedule.kind === 'asset_or_time' ? conditionNames(dag.schedule.condition) : [];
  const outletAssets: string[] = [];
  for (const t of dag.tasks) for (const o of t.outlets) if (!outletAssets.includes(o) && !scheduleAssets.includes(o)) outletAssets.push(o);
  const assetVars = new Map<string, string>();
  const assetLines: string[] = [];
  const queueLines: string[] = [];
  for (const name of [...scheduleAssets, ...outletAssets]) {
    const ai = scenario.assets.findIndex((a) => a.name === name);
    const spec = scenario.assets[ai];
    const v = pyIdentifier(name, names, '_asset');
    assetVars.set(name, v);
    const watchers = scheduleAssets.includes(name) ? spec.watchers : [];
    if (a2 && watchers.length > 0) note('schedule', 'warning', `asset ${name}: Airflow 2.11 has no AssetWatcher; its queue messages have no equivalent`);
    assetLines.push(a2 ? datasetDefinition(spec, v, imports) : assetDefinition(spec, v, watchers, queueLines, imports));
    if (!input.tracedAssets.has(name)) {
      input.tracedAssets.add(name);
      tracer.code(`assets[${ai}].name`, file, `name=${pyStr(spec.name)}`);
      if (spec.uri !== spec.name) tracer.code(`assets[${ai}].uri`, file, `uri=${pyStr(spec.uri)}`);
    }
    spec.watchers.forEach((w, wi) => {
      const wp = `assets[${ai}].watchers[${wi}]`;
      if (!scheduleAssets.includes(name) || tracer.has(`${wp}.name`)) return;
      tracer.code(`${wp}.name`, file, `AssetWatcher(name=${pyStr(w.name)}`);
      tracer.code(`${wp}.queue`, file, `QUEUES[${pyStr(w.queue)}]`);
    });
  }
  if (!a2 && scheduleAssets.some((n) => scenario.assets.find((a) => a.name === n)!.watchers.length > 0)) {
    tracer.remark(`${base}.schedule`, 'warning', 'AssetWatcher queues: each MessageQueueTrigger needs the URI of a real queue (set the WINDTUNNEL_QUEUE_* environment variables in QUEUES before deploying)', dag.dag_id);
  }

  // ----- schedule -----
  const sched = scheduleCode(dag.schedule, {
    timezone: tz, create_cron_data_intervals: scenario.config.create_cron_data_intervals, assetVar: (n) => assetVars.get(n)!,
    airflow2: a2, unsupported: (m) => note('schedule', 'warning', m),
  }, INDENT, `${INDENT}schedule=`.length);
  for (const i of sched.imports) imports.add(i);
  traceSchedule(tracer, file, `${base}.schedule`, raw?.schedule, sched.parts, dag.dag_id);

  // ----- the DAG's arguments -----
  const args: string[] = [];
  const arg = (name: string, value: string) => { args.push(`${INDENT}${name}=${value},`); return `${name}=${value}`; };
  code('dag_id', arg('dag_id', pyStr(dag.dag_id)));
  for (const l of wrap(sched.comment, 80)) args.push(`${INDENT}# ${l}`);
  arg('schedule', sched.code);
  if (dag.start_date !== null || dag.end_date !== null) imports.add('import pendulum');
  if (dag.start_date !== null) {
    const s = arg('start_date', pyDatetimeExpr(dag.start_date, tz));
    if (rawHas('start_date')) code('start_date', s);
  } else if (rawHas('start_date')) note('start_date', 'info', 'start_date: null: the DAG has no start_date');
  if (dag.end_date !== null) {
    const s = arg('end_date', pyDatetimeExpr(dag.end_date, tz));
    if (rawHas('end_date')) code('end_date', s);
  } else if (rawHas('end_date')) note('end_date', 'info', 'end_date: null: the DAG has no end_date');
  if (rawHas('timezone')) {
    const where = dag.start_date !== null ? (tz === 'UTC' ? 'tz="UTC"' : `.in_timezone(${pyStr(tz)})`) : /timezone=/.test(sched.code) ? `timezone=${pyStr(tz)}` : null;
    if (where) code('timezone', where);
    else note('timezone', 'info', `timezone ${tz}: the DAG has no start_date and no cron schedule, so nothing uses its time zone`);
  }
  const catchup = arg('catchup', pyBool(dag.catchup));
  if (rawHas('catchup')) code('catchup', catchup);
  const paused = arg('is_paused_upon_creation', pyBool(dag.paused));
  if (rawHas('paused')) code('paused', paused);
  const mar = arg('max_active_runs', String(dag.max_active_runs));
  if (rawHas('max_active_runs')) code('max_active_runs', mar);
  const mat = arg('max_active_tasks', String(dag.max_active_tasks));
  if (rawHas('max_active_tasks')) code('max_active_tasks', mat);
  if (dag.max_consecutive_failed_dag_runs !== 0 || rawHas('max_consecutive_failed_dag_runs')) {
    code('max_consecutive_failed_dag_runs', arg('max_consecutive_failed_dag_runs', String(dag.max_consecutive_failed_dag_runs)));
  }
  if (dag.dagrun_timeout_ms !== null) {
    imports.add('from datetime import timedelta');
    code('dagrun_timeout', arg('dagrun_timeout', pyTimedelta(dag.dagrun_timeout_ms)));
  } else if (rawHas('dagrun_timeout')) code('dagrun_timeout', arg('dagrun_timeout', 'None'));
  if (Object.keys(dag.params).length > 0 || rawHas('params')) {
    const head = `${INDENT}params=`;
    const text = `params=${pyLiteral(dag.params, INDENT, head.length)}`;
    args.push(`${INDENT}${text},`);
    code('params', text);
  }

  // default_args: the Airflow-native keys as written; the simulated-work keys are resolved per task.
  const da = isMap(raw?.default_args) ? raw!.default_args as RawMap : undefined;
  const daCodes = new Map<NativeKey, string>();
  if (da) {
    const lines: string[] = [];
    for (const [k, v] of Object.entries(da)) {
      const path = `default_args.${k}`;
      if ((NATIVE_KEYS as readonly string[]).includes(k)) {
        const c = nativeCode(k as NativeKey, rawNative(k as NativeKey, v, scenario), tz, assetVars, imports);
        daCodes.set(k as NativeKey, c);
        const entry = `${pyStr(k)}: ${c}`;
        lines.push(`${INDENT}${INDENT}${entry},`);
        code(path, entry);
      } else if (k === 'trigger' && isMap(v)) {
        for (const tk of Object.keys(v)) note(`${path}.${tk}`, 'info', `default_args.trigger.${tk}: written as an argument of each TriggerDagRunOperator`);
      } else if (k === 'templates' && isMap(v)) {
        for (const tk of Object.keys(v)) note(`${path}.${tk}`, 'info', `default_args.templates.${tk}: written into each work task's op_kwargs["templates"]`);
      } else {
        note(path, 'info', `default_args.${k}: a simulated-work key, written into each task's op_kwargs`);
      }
    }
    if (lines.length > 0) args.push(`${INDENT}default_args={`, ...lines, `${INDENT}},`);
  } else if (rawHas('default_args')) note('default_args', 'info', 'default_args is empty');
  args.push(`${INDENT}tags=[${pyStr('windtunnel')}, ${pyStr(scenario.name)}],`);
  if (scenario.description.trim() !== '') args.push(`${INDENT}doc_md=DOC_MD,`);

  // ----- tasks -----
  const rawTasks = Array.isArray(raw?.tasks) ? (raw!.tasks as unknown[]) : [];
  const taskVars = new Map<string, string>();
  if (hasXComMapping(dag.tasks)) { names.add('task'); imports.add(taskflowImport(a2)); }
  for (const t of dag.tasks) taskVars.set(t.task_id, pyIdentifier(t.task_id, names));
  const taskBlocks: string[] = [];
  let anyWork = false;
  for (const ti of blockOrder(dag.tasks)) {
    const t = dag.tasks[ti];
    const rt = isMap(rawTasks[ti]) ? rawTasks[ti] as RawMap : undefined;
    const tpath = `tasks[${ti}]`;
    const block = taskBlock({ scenario, dag, task: t, rawTask: rt, path: tpath, base, file, tracer, daCodes, da, assetVars, imports, v: taskVars.get(t.task_id)!, taskVars });
    if (doesWork(t)) anyWork = true;
    taskBlocks.push(block);
  }
  if (rawHas('tasks') && !Array.isArray(raw!.tasks)) note('tasks', 'info', 'the DAG has no tasks');
  if (anyWork) for (const i of WORK_IMPORTS) imports.add(a2 ? airflow2Import(i) : i);
  for (const i of sensorPrelude(dag.tasks, scenario.airflow).imports) imports.add(i);

  const deps: string[] = [];
  dag.tasks.forEach((t, ti) => {
    if (t.upstream.length === 0) {
      if (rawTasks[ti] && isMap(rawTasks[ti]) && Object.hasOwn(rawTasks[ti] as RawMap, 'upstream')) note(`tasks[${ti}].upstream`, 'info', 'upstream is empty');
      return;
    }
    const ups = t.upstream.map((u) => taskVars.get(u)!);
    const line = ups.length === 1 ? `${ups[0]} >> ${taskVars.get(t.task_id)}` : `[${ups.join(', ')}] >> ${taskVars.get(t.task_id)}`;
    deps.push(`${INDENT}${line}`);
    code(`tasks[${ti}].upstream`, line);
  });

  // ----- assemble -----
  const out: string[] = [];
  out.push(header(scenario, dag, sched.comment, tracer));
  out.push('');
  out.push(importBlock(imports));
  out.push('');
  if (anyWork) {
    out.push(`SCENARIO_SEED = ${scenario.seed}`);
    out.push('');
  }
  if (scenario.description.trim() !== '') {
    out.push(docMd(scenario.description));
    out.push('');
  }
  if (queueLines.length > 0) {
    out.push('# The message queues AssetWatchers listen on. Point each at a real queue before deploying');
    out.push('# (an SQS queue URL, kafka://broker/topic, redis+pubsub://host:6379/0/channel, ...).');
    out.push('QUEUES = {');
    out.push(...queueLines);
    out.push('}');
    out.push('');
  }
  if (anyWork) {
    out.push('');
    out.push(WORK_FUNCTION);
    if (dag.tasks.some((t) => flowOperator(t))) out.push('', FLOW_FUNCTIONS);
  }
  const sensors = sensorPrelude(dag.tasks, scenario.airflow);
  if (sensors.code.length > 0) out.push('', ...sensors.code);
  if (assetLines.length > 0) {
    out.push('');
    out.push(...assetLines);
    out.push('');
  }
  out.push('');
  out.push('with DAG(');
  out.push(...args);
  out.push(') as dag:');
  if (taskBlocks.length === 0) out.push(`${INDENT}pass`);
  out.push(taskBlocks.join('\n\n'));
  if (deps.length > 0) {
    out.push('');
    out.push(...deps);
  }
  const roles = roleLines(dag, taskVars);
  for (const r of roles) {
    const i = dag.tasks.findIndex((t) => t.task_id === r.task_id);
    code(`tasks[${i}].${dag.tasks[i].role}`, r.line.trim());
    if (dag.tasks[i].on_failure_fail_dagrun !== undefined) code(`tasks[${i}].on_failure_fail_dagrun`, r.line.trim());
  }
  if (roles.length > 0) {
    out.push('');
    out.push(...roles.map((r) => r.line));
  }
  return out.join('\n').replace(/\n{4,}/g, '\n\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------

function assetDefinition(spec: AssetSpec, v: string, watchers: AssetSpec['watchers'], queueLines: string[], imports: Set<string>): string {
  imports.add('from airflow.sdk import Asset');
  const args = [`name=${pyStr(spec.name)}`];
  if (spec.uri !== spec.name) args.push(`uri=${pyStr(spec.uri)}`);
  if (watchers.length === 0) return `${v} = Asset(${args.join(', ')})`;
  imports.add('from airflow.sdk import AssetWatcher');
  imports.add('import os');
  imports.add('from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger');
  for (const w of watchers) {
    const env = `WINDTUNNEL_QUEUE_${w.queue.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    const line = `${INDENT}${pyStr(w.queue)}: os.environ.get(${pyStr(env)}, ${pyStr(w.queue)}),`;
    if (!queueLines.includes(line)) queueLines.push(line);
  }
  const ws = watchers.map((w) => `${INDENT}${INDENT}AssetWatcher(name=${pyStr(w.name)}, trigger=MessageQueueTrigger(queue=QUEUES[${pyStr(w.queue)}])),`);
  return [`${v} = Asset(`, ...args.map((a) => `${INDENT}${a},`), `${INDENT}watchers=[`, ...ws, `${INDENT}],`, ')'].join('\n');
}

/** Airflow 2.11 knows assets as datasets, identified by their URI alone. */
function datasetDefinition(spec: AssetSpec, v: string, imports: Set<string>): string {
  imports.add('from airflow.datasets import Dataset');
  return `${v} = Dataset(${pyStr(spec.uri)})`;
}

/** An Airflow 3 import line as Airflow 2.11 spells it (the standard provider's operators were core). */
function airflow2Import(line: string): string {
  return line.replace('from airflow.providers.standard.operators.', 'from airflow.operators.');
}

function traceSchedule(tracer: Tracer, file: string, path: string, raw: unknown, parts: ScheduleParts, dag_id: string): void {
  if (raw === undefined) return;
  if (!isMap(raw)) { tracer.code(path, file, parts.form); return; }
  for (const [k, v] of Object.entries(raw)) {
    const p = `${path}.${k}`;
    if (k === 'interval' && parts.interval) tracer.code(p, file, parts.interval);
    else if (k === 'run_immediately' && parts.run_immediately) tracer.code(p, file, parts.run_immediately);
    else if (k === 'restrict_to_events' && parts.restrict_to_events) tracer.code(p, file, parts.restrict_to_events);
    else if (k === 'or_schedule' && parts.or_schedule) traceSchedule(tracer, file, p, v, parts.or_schedule, dag_id);
    else tracer.code(p, file, parts.form);
  }
}

/** A native value as the parsed TaskSpec holds it, from a raw default_args entry (already validated). */
function rawNative(k: NativeKey, v: unknown, scenario: Scenario): unknown {
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

function nativeCode(k: NativeKey, v: unknown, tz: string, assetVars: Map<string, string>, imports: Set<string>): string {
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

function taskBlock(x: TaskInput): string {
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
    arg(`python_callable=${flow?.callable ?? 'windtunnel_work'}`);
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

function header(scenario: Scenario, dag: DagSpec, schedComment: string, tracer: Tracer): string {
  const lines: string[] = [];
  lines.push(...wrap(`${dagFileTarget(scenario.airflow)} DAG file for "${dag.dag_id}", generated by \`windtunnel export-dags\` from the Windtunnel scenario "${scenario.name}" (format 1, profile "${scenario.airflow}"). Regenerate it rather than edit it.`, 86));
  lines.push('');
  lines.push(...wrap(`Schedule: ${schedComment.replace(/^schedule: /, '')}.`, 86));
  lines.push(...wrap("Work tasks sleep for their scenario duration and return their `returns` value; the scenario's events (triggers, REST calls, asset events, backfills, pauses) are in replay_events.py.", 86));
  const notes = tracer.notes.filter((n) => n.level === 'warning' && !n.path.startsWith('events') && !n.path.startsWith('assets') && (n.dag_id === null || n.dag_id === dag.dag_id));
  if (notes.length > 0) {
    lines.push('');
    lines.push('Not expressible in this file (reported, not dropped):');
    lines.push(...noteLines(notes));
  }
  return commentBlock(lines.join('\n'));
}

function docMd(description: string): string {
  const text = description.replace(/\s+$/, '') + '\n';
  const parts = text.split(/(?<=\n)/);
  return `DOC_MD = (\n${parts.map((l) => `${INDENT}${pyStr(l)}\n`).join('')})`;
}
