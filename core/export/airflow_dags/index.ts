// Scenario → Airflow 3.1 DAG files (2.11 for profile "2"): one Python file per DAG, replay_events.py for the events,
// windtunnel_replay.py (the runtime it imports, the same for every export), and an .airflowignore
// that keeps both out of the DAG processor. Pure text generation:
// the same scenario always gives the same bytes.
//
// `raw` is the scenario file parsed to plain data (rawScenarioDocument). With it, arguments are
// written where the file wrote them (default_args stay default_args) and every key of the file is
// traced to generated code or to a note; without it, the export works from the parsed scenario alone.
import { parseDocument } from 'yaml';
import type { Profile, Scenario } from '../../model/scenario.js';
import { parseScenario } from '../../scenario/parse.js';
import type { ScenarioError } from '../../api.js';
import { byText } from './python.js';
import { dagFile } from './dag_file.js';
import { REPLAY_FILE, replayFile } from './replay.js';
import { REPLAY_RUNTIME, REPLAY_RUNTIME_FILE } from './replay_runtime.js';
import { rawKeys, Tracer, type ExportNote, type KeyTrace } from './trace.js';

export type { ExportNote, KeyTrace } from './trace.js';
export { rawKeys, patternOf, groupNotes, pathList } from './trace.js';
export { CONTAINERS, KEY_MAP } from './key_map.js';

export interface ExportedFile {
  path: string;
  text: string;
}

export interface AirflowDagsExport {
  files: ExportedFile[];
  /** Everything expressed differently or not at all, in file order. */
  notes: ExportNote[];
  /** Where each key of the scenario file went. */
  trace: KeyTrace[];
}

type RawMap = Record<string, unknown>;
const isMap = (v: unknown): v is RawMap => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The scenario text as plain data, read with the same YAML rules as the parser (dates stay strings). */
export function rawScenarioDocument(text: string): unknown {
  return parseDocument(text, { version: '1.2', schema: 'core', merge: false, uniqueKeys: true }).toJS();
}

/** Parse a scenario file and export it. */
/** `profile` replaces the file's `airflow:` (export-dags --profile), as run --profile does. */
export function exportAirflowDagsFromText(text: string, file: string, profile?: Profile):
  { ok: true; export: AirflowDagsExport; scenario: Scenario } | { ok: false; errors: ScenarioError[] } {
  const parsed = parseScenario(text, file, { profile });
  if (!parsed.ok) return parsed;
  return { ok: true, export: exportAirflowDags(parsed.scenario, rawScenarioDocument(text)), scenario: parsed.scenario };
}

/** The file name for a DAG: `<dag_id>.py`, kept apart from the replay script and its runtime. */
export function dagFileName(dagId: string): string {
  const name = `${dagId}.py`;
  return name === REPLAY_FILE || name === REPLAY_RUNTIME_FILE ? `${dagId}_dag.py` : name;
}

export function exportAirflowDags(scenario: Scenario, raw?: unknown): AirflowDagsExport {
  const doc = isMap(raw) ? raw : undefined;
  const tracer = new Tracer();
  scenarioNotes(scenario, doc, tracer);

  const rawDags = Array.isArray(doc?.dags) ? (doc!.dags as unknown[]) : [];
  const tracedAssets = new Set<string>();
  const dagFiles: ExportedFile[] = [];
  scenario.dags.forEach((dag, index) => {
    const path = dagFileName(dag.dag_id);
    const rawDag = isMap(rawDags[index]) ? rawDags[index] as RawMap : undefined;
    dagFiles.push({ path, text: dagFile({ scenario, dag, index, raw: rawDag, file: path, tracer, tracedAssets }) });
  });
  scenario.assets.forEach((a, i) => {
    if (!tracedAssets.has(a.name)) tracer.remark(`assets[${i}]`, 'warning', `asset ${a.name} is used by no DAG: Airflow only knows assets that a parsed DAG mentions, so events on it are refused`);
    a.watchers.forEach((w, wi) => {
      if (!tracer.has(`assets[${i}].watchers[${wi}].name`)) {
        tracer.note(`assets[${i}].watchers[${wi}].name`, 'warning', `AssetWatcher ${w.name} on asset ${a.name}: no DAG is scheduled on ${a.name}, so Airflow would not run its trigger`);
        tracer.note(`assets[${i}].watchers[${wi}].queue`, 'info', `queue ${w.queue}: see the watcher ${w.name} note`);
      }
    });
  });
  const replay = replayFile(scenario, doc, tracer);
  // Every key of the file must have gone somewhere: anything untraced is a Windtunnel gap, said aloud.
  if (doc) {
    for (const k of rawKeys(doc)) {
      if (!tracer.has(k.path)) tracer.note(k.path, 'warning', `${k.path}: not exported (Windtunnel has no mapping for it yet)`);
    }
  }

  const files = [
    ...dagFiles,
    { path: REPLAY_FILE, text: replay },
    { path: REPLAY_RUNTIME_FILE, text: REPLAY_RUNTIME },
    { path: '.airflowignore', text: `# Not DAG files: run ${REPLAY_FILE} with python (see its header); it imports ${REPLAY_RUNTIME_FILE}.\n${REPLAY_FILE}\n${REPLAY_RUNTIME_FILE}\n` },
  ];
  files.sort((a, b) => byText(a.path, b.path));
  return { files, notes: tracer.notes, trace: tracer.traces };
}

/**
 * Scenario-wide keys that no DAG file argument carries. A key the file wrote gets one note (a
 * warning when Airflow cannot follow it); without the raw file, only the warnings are kept.
 */
function scenarioNotes(s: Scenario, doc: RawMap | undefined, tracer: Tracer): void {
  const has = (k: string) => doc !== undefined && Object.hasOwn(doc, k);
  const sub = (k: string, sk: string) => has(k) && isMap(doc![k]) && Object.hasOwn(doc![k] as RawMap, sk);
  const say = (path: string, written: boolean, level: 'info' | 'warning', message: string) => {
    if (written) tracer.note(path, level, message);
    else if (level === 'warning') tracer.remark(path, level, message);
  };
  const profile = s.airflow === '2'
    ? ['warning', 'profile "2": the DAG files target Airflow 2.11 (datasets, execution_date); replay_events.py still speaks Airflow 3\'s REST API v2'] as const
    : s.airflow === '3.0'
      ? ['info', 'profile "3.0": the files target Airflow 3.1 and also parse on 3.0; 3.1 differs in manual run ids (no random suffix)'] as const
      : ['info', `airflow: "${s.airflow}" is the target`] as const;
  say('airflow', has('airflow'), profile[0], profile[1]);
  if (has('rules') && !isMap(doc!.rules)) tracer.note('rules', 'info', 'rules is empty');
  say('rules.prior_run_order', sub('rules', 'prior_run_order'), s.rules.prior_run_order === 'run_after' ? 'warning' : 'info',
    s.rules.prior_run_order === 'run_after'
      ? 'rules.prior_run_order: run_after has no Airflow setting: Airflow orders previous-run lookups by logical_date'
      : 'rules.prior_run_order: logical_date is what Airflow does');
  const c = s.config;
  if (has('config') && !isMap(doc!.config)) tracer.note('config', 'info', 'config is empty');
  const cfg = (k: string, level: 'info' | 'warning', message: string) => say(`config.${k}`, sub('config', k), level, message);
  cfg('catchup_by_default', 'info', `config.catchup_by_default: ${c.catchup_by_default}: every DAG's catchup= is written explicitly`);
  cfg('create_cron_data_intervals', 'info', `config.create_cron_data_intervals: ${c.create_cron_data_intervals}: every schedule names its timetable class`);
  cfg('max_active_runs_per_dag', 'info', `config.max_active_runs_per_dag: ${c.max_active_runs_per_dag}: every DAG's max_active_runs= is written explicitly`);
  cfg('max_active_tasks_per_dag', 'info', `config.max_active_tasks_per_dag: ${c.max_active_tasks_per_dag}: every DAG's max_active_tasks= is written explicitly`);
  cfg('parallelism', c.parallelism === 32 ? 'info' : 'warning', c.parallelism === 32
    ? 'config.parallelism: 32 is Airflow\'s default'
    : `config.parallelism: ${c.parallelism} is deployment configuration: set AIRFLOW__CORE__PARALLELISM=${c.parallelism}`);
  cfg('default_timezone', c.default_timezone === 'UTC' ? 'info' : 'warning', c.default_timezone === 'UTC'
    ? 'config.default_timezone: UTC: every date is written with its zone'
    : `config.default_timezone: ${c.default_timezone}: every date is written with its zone; set AIRFLOW__CORE__DEFAULT_TIMEZONE=${c.default_timezone} so the UI and naive values agree`);
  if (has('clock') && !isMap(doc!.clock)) tracer.note('clock', 'info', 'clock is empty');
  for (const d of s.dags) {
    if (d.tasks.some((t) => t.operator === 'python' && t.duration.kind === 'uniform')) {
      tracer.remark('seed', 'warning', 'seed: {uniform: ...} durations are drawn per try from SCENARIO_SEED in Python, not from the simulator\'s sequence: the times differ', d.dag_id);
    }
  }
  if (has('seed')) {
    const first = s.dags.find((d) => d.tasks.some((t) => t.operator === 'python'));
    if (first) tracer.code('seed', dagFileName(first.dag_id), `SCENARIO_SEED = ${s.seed}`);
    else tracer.note('seed', 'info', 'seed: no task does simulated work, so nothing is drawn from it');
  }
  if (has('pools') && !isMap(doc!.pools)) tracer.note('pools', 'info', 'pools is empty');
  if (has('assets') && !Array.isArray(doc!.assets)) tracer.note('assets', 'info', 'assets is empty');
  if (has('dags') && !Array.isArray(doc!.dags)) tracer.note('dags', 'info', 'dags is empty');
  if (has('events') && !Array.isArray(doc!.events)) tracer.note('events', 'info', 'events is empty');
  if (has('description') && s.description.trim() === '') tracer.note('description', 'info', 'description is empty');
  if (has('lesson')) tracer.note('lesson', 'info', 'lesson: claims and guided steps are Windtunnel teaching material; Airflow has nothing to run for them');
}
