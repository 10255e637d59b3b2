// One Airflow 3.1 DAG file for one scenario DAG (Airflow 2.11 for profile "2": the real-Airflow
// oracle loads them there): assets, the DAG with its arguments, every task with its BaseOperator
// arguments, and the dependencies. Arguments the scenario gave explicitly
// are always written; others only where they differ from what Airflow would use anyway.
import type { DagSpec, Scenario } from '../../model/scenario.js';
import { FLOW_FUNCTIONS, doesWork, flowOperator, roleLines } from './task_flow.js';
import { INDENT, commentBlock, importBlock, pyBool, pyDatetimeExpr, pyIdentifier, pyLiteral, pyStr, pyTimedelta, wrap } from './python.js';
import { NATIVE_KEYS, type NativeKey, type RawMap, isMap, nativeCode, rawNative, taskBlock } from './task_block.js';
import { type ScheduleParts, conditionNames, scheduleCode } from './schedule.js';
import { type Tracer, noteLines } from './trace.js';
import { WORK_FUNCTION, WORK_IMPORTS } from './work.js';
import { ALIAS_FUNCTION, hasAliasOutlets } from './alias_outlets.js';
import { assetDefinition, datasetDefinition } from './asset_definition.js';
import { blockOrder, hasXComMapping, taskflowImport } from './xcom_map.js';
import { dagFileTarget } from './target.js';
import { sensorPrelude } from './sensor_export.js';

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
    if (dag.tasks.some(hasAliasOutlets)) out.push('', ALIAS_FUNCTION);
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
