// Scenario files (YAML or JSON) → a validated, defaulted Scenario, or every error in the file with its
// line, column and key path. See /work/shared/scenario-format.md for the contract.
//
// Reading happens in one pass over the YAML syntax tree: each value is checked at its own node, a value
// that fails becomes `undefined` and later checks that need it are skipped, so one mistake never hides
// another and never cascades into follow-up noise.
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { ParseResult, ScenarioError } from '../api.js';
import type {
  AirflowConfig, AssetCondition, AssetSpec, AssetWatcherSpec, DagSpec, Duration, Instant, PriorRunOrder, Profile,
  Scenario, ScenarioEvent, ScheduleSpec, TaskDuration, TaskExpand, TaskOutcome, TaskSpec, TriggerRule, TriggerSpec, WeightRule,
} from '../model/scenario.js';
import {
  AIRFLOW2_TRIGGER_RULE_ALIASES, BACKFILL_MAX_ACTIVE_RUNS, DAG_DEFAULTS, DAG_RUN_STATES, DEFAULT_POOL,
  DEFAULT_POOL_SLOTS, DEFAULT_PRIOR_RUN_ORDER, DEFAULT_PROFILE, DEFAULT_SEED, FORMAT_VERSION, HTTP_METHODS,
  KEY_MAX_LENGTH, KEY_PATTERN, MARK_RUN_STATES, MARK_TASK_STATES, NAME_PATTERN, OPERATORS, PRIOR_RUN_ORDERS,
  PROFILE_CONFIG, PROFILES, REPROCESS_BEHAVIORS, TASK_DEFAULTS, TRIGGER_DEFAULTS, TRIGGER_RULES, TRIGGER_VIAS,
  WEIGHT_RULES,
} from './defaults.js';
import { describe, Reader, suggest, type Fields, type Issue, type Val } from './reader.js';
import {
  ASSET_KEYS, CLOCK_KEYS, CONFIG_KEYS, DAG_KEYS, DEFAULT_ARGS_KEYS, EVENT_FIELDS, EVENT_KEYS, EVENT_KINDS,
  OUTCOME_FORMS, RULES_KEYS, SCHEDULE_FORM_KEYS, SCHEDULE_FORMS, SCHEDULE_OPTION_KEYS, TASK_KEYS, TOP_KEYS, TRIGGER_KEYS, WATCHER_KEYS,
  type EventKind, type ScheduleForm,
} from './schema.js';
import { buildTimetable, cronProblem, isCalendar, readDuration, readInstant, timeZoneValid } from './time_bridge.js';
import { templateProblems } from '../templates/static_check.js';
import { checkXComSources, linkXComExpands, readTaskExpand } from './task_expand.js';
import { checkSensorTask, readTaskSensor } from './task_sensor.js';
import type { SensorSpec } from '../model/sensor.js';
import { checkTaskFlow, readTaskFlow } from './task_flow.js';
import { readAliasOutlets } from './task_alias_outlets.js';
import { aliasCondition } from './alias_condition.js';
import { readReturnsList, returnsFields } from './task_returns.js';
import { ignoreFirstDependsOnPastDefault } from './ignore_first_default.js';
import { yamlMessage } from './yaml_message.js';

/** Larger inputs are refused before parsing: yaml reads about 0.5 MB/s, so this bounds a parse to seconds. */
export const MAX_SOURCE_CHARS = 4_000_000;

/** For "did you mean" on misspelt presets (Airflow's cron_presets, croniter's aliases, and the two specials). */
const PRESETS = ['@once', '@continuous', '@hourly', '@daily', '@weekly', '@monthly', '@quarterly', '@yearly', '@annually', '@midnight'];

/** `FILE:LINE:COL key.path: message` (or `FILE:LINE:COL: message` when there is no key path). */
export function formatError(e: ScenarioError): string {
  return e.path ? `${e.file}:${e.line}:${e.col} ${e.path}: ${e.message}` : `${e.file}:${e.line}:${e.col}: ${e.message}`;
}

/** Options: `profile` replaces the file's `airflow:` (the key is still checked), as `run --profile` does;
 * `strictTemplates` makes a template that cannot render (templateProblems) an error, as `validate`
 * wants, instead of a warning (in Airflow the task fails when it renders). */
export interface ParseOptions { profile?: Profile; strictTemplates?: boolean }

export function parseScenario(text: string, file: string, opts: ParseOptions = {}): ParseResult {
  try {
    return parse(text, file, opts);
  } catch (e) {
    // Nothing below should throw; if it does, the caller still gets an error value, never an exception.
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '', message: `internal error while reading the scenario: ${why}` }] };
  }
}

function parse(text: string, file: string, opts: ParseOptions): ParseResult {
  if (typeof text !== 'string') {
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '', message: 'scenario text is not a string' }] };
  }
  if (text.length > MAX_SOURCE_CHARS) {
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '', message: `file too large (${text.length} characters; the limit is ${MAX_SOURCE_CHARS})` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter, prettyErrors: false, version: '1.2', schema: 'core', merge: false, uniqueKeys: true, strict: true,
  });
  const at = (offset: number) => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line, col: p.col };
  };
  const located = (issues: readonly Issue[]): ScenarioError[] => issues
    .map((i, n) => ({ i, n }))
    .sort((a, b) => a.i.offset - b.i.offset || a.n - b.n)
    .map(({ i }) => ({ file, ...at(i.offset), path: i.path, message: i.message }));

  const syntax: Issue[] = [...doc.errors, ...doc.warnings].map((e) => ({
    offset: e.pos[0], path: '', message: yamlMessage(e.message, e.code),
  }));
  if (syntax.length > 0) return { ok: false, errors: located(syntax) };

  const r = new Reader(doc);
  const lineOf = (offset: number) => at(offset).line;
  const scenario = new ScenarioParser(r, lineOf, opts.profile, opts.strictTemplates).read();
  if (r.errors.length > 0 || scenario === undefined) {
    const errors = located(r.errors);
    if (errors.length === 0) errors.push({ file, line: 1, col: 1, path: '', message: 'invalid scenario' });
    return { ok: false, errors };
  }
  return { ok: true, scenario, warnings: located(r.warnings) };
}

// ---------------------------------------------------------------------------------------------------

interface TaskParts {
  operator?: TaskSpec['operator'];
  duration?: TaskDuration;
  outcome?: TaskOutcome;
  returns?: string | unknown[] | null;
  templates?: Record<string, string>;
  trigger_rule?: TriggerRule;
  depends_on_past?: boolean;
  wait_for_downstream?: boolean;
  ignore_first_depends_on_past?: boolean;
  retries?: number;
  retry_delay_ms?: number;
  retry_exponential_backoff?: boolean;
  max_retry_delay_ms?: number | null;
  execution_timeout_ms?: number | null;
  pool?: string;
  pool_slots?: number;
  priority_weight?: number;
  weight_rule?: WeightRule;
  max_active_tis_per_dag?: number | null;
  max_active_tis_per_dagrun?: number | null;
  outlets?: string[];
  trigger?: Partial<TriggerSpec>;
  start_date?: Instant | null;
  end_date?: Instant | null;
}

interface TaskDraft {
  at: Val;
  task_id?: string;
  upstream: { value: string; at: Val }[];
  parts: TaskParts;
  fields: Fields;
  expand?: TaskExpand;
  sensor?: SensorSpec;
}

/** A reference to a dag from a TriggerDagRunOperator, checked once all dag_ids are known. */
interface DagRef { dag_id: string; at: Val }

class ScenarioParser {
  private profile: Profile = DEFAULT_PROFILE;
  private config: AirflowConfig = { ...PROFILE_CONFIG[DEFAULT_PROFILE] };
  /** The zone naive date-times are read in; UTC while config.default_timezone is invalid. */
  private tz = 'UTC';
  private pools = new Map<string, number>();
  private assets = new Map<string, AssetSpec>();
  private queues = new Set<string>();
  private dagIds = new Map<string, number>();
  private triggerRefs: DagRef[] = [];
  private clock: { start?: Instant; end?: Instant } = {};

  constructor(private readonly r: Reader, private readonly lineOf: (offset: number) => number, private readonly profileOverride?: Profile, private readonly strictTemplates = false) {}

  /** Every string in a value the operator renders deeply (a trigger's conf), told at the value. */
  private templatesIn(v: Val, value: unknown): void {
    if (typeof value === 'string') this.template(v, value);
    else if (value && typeof value === 'object') for (const x of Object.values(value)) this.templatesIn(v, x);
  }

  /** A template that cannot render (a syntax error, an attribute the sandbox always refuses), told where it is written. */
  private template(v: Val, source: string): void {
    for (const problem of templateProblems(source)) {
      if (this.strictTemplates) this.r.error(v, `template: ${problem}`);
      else this.r.warn(v, `template: ${problem} (the task fails when it renders)`);
    }
  }

  read(): Scenario | undefined {
    const r = this.r;
    const root = r.root();
    if (!root) {
      r.error({ offset: 0, path: [] }, 'empty file: expected a scenario mapping (windtunnel: 1, name: ..., clock: ...)');
      return undefined;
    }
    const top = r.fields(root, TOP_KEYS, 'a scenario mapping (windtunnel: 1, name: ..., clock: ...)');
    if (!top) return undefined;

    const version = r.required(top, 'windtunnel', 'the format version, 1');
    if (version) {
      const n = r.int(version);
      if (n !== undefined && n !== FORMAT_VERSION) r.error(version, `unsupported format version ${n} (this Windtunnel reads version ${FORMAT_VERSION})`);
    }

    let name: string | undefined;
    const nameV = r.required(top, 'name');
    if (nameV) {
      name = r.str(nameV);
      if (name !== undefined && !NAME_PATTERN.test(name)) {
        r.error(nameV, `name '${name}' must match [A-Za-z0-9_.-]+`);
      }
    }
    const descV = top.get('description');
    const description = descV === undefined || r.isNull(descV) ? '' : r.str(descV) ?? '';

    const profV = top.get('airflow');
    if (profV) this.profile = this.readProfile(profV) ?? DEFAULT_PROFILE;
    if (this.profileOverride) this.profile = this.profileOverride;

    let prior_run_order: PriorRunOrder = DEFAULT_PRIOR_RUN_ORDER;
    const rulesV = top.get('rules');
    if (rulesV && !r.isNull(rulesV)) {
      const rf = r.fields(rulesV, RULES_KEYS);
      const pro = rf?.get('prior_run_order');
      if (pro) prior_run_order = r.oneOf(pro, PRIOR_RUN_ORDERS) ?? prior_run_order;
    }

    this.config = this.readConfig(top.get('config'));
    this.tz = timeZoneValid(this.config.default_timezone) ? this.config.default_timezone : 'UTC';

    const clockV = r.required(top, 'clock', 'start and end of the simulation');
    if (clockV) this.readClock(clockV);

    let seed = DEFAULT_SEED;
    const seedV = top.get('seed');
    if (seedV && !r.isNull(seedV)) seed = r.int(seedV, { min: 0, max: 0xffffffff }) ?? seed;

    this.readPools(top.get('pools'));
    const assets = this.readAssets(top.get('assets'));

    const dags: DagSpec[] = [];
    const dagsV = top.get('dags');
    if (dagsV && !r.isNull(dagsV)) {
      const items = r.list(dagsV, 'a list of dags');
      if (items) {
        for (const item of items) {
          const dag = this.readDag(item);
          if (dag) dags.push(dag);
        }
      }
    }
    for (const ref of this.triggerRefs) {
      if (!this.dagIds.has(ref.dag_id)) {
        r.warn(ref.at, `no dag '${ref.dag_id}' in this scenario: the task will fail at run time (DagNotFound)`);
      }
    }

    const events: ScenarioEvent[] = [];
    const eventsV = top.get('events');
    if (eventsV && !r.isNull(eventsV)) {
      const items = r.list(eventsV, 'a list of events');
      for (const item of items ?? []) {
        const ev = this.readEvent(item);
        if (ev) events.push(ev);
      }
    }

    if (r.errors.length > 0 || name === undefined || this.clock.start === undefined || this.clock.end === undefined) {
      return undefined;
    }
    const pools: Record<string, number> = {};
    for (const [k, v] of this.pools) Object.defineProperty(pools, k, { value: v, enumerable: true, writable: true, configurable: true });
    return {
      windtunnel: 1,
      name,
      description,
      airflow: this.profile,
      rules: { prior_run_order },
      config: this.config,
      clock: { start: this.clock.start, end: this.clock.end },
      seed,
      pools,
      assets,
      dags,
      events,
    };
  }

  // ----- top level -----

  private readProfile(v: Val): Profile | undefined {
    const r = this.r;
    const node = v.node as { value?: unknown; source?: string };
    // `airflow: 3.1` unquoted is a YAML number; read it by its source text (3.0 would lose its ".0").
    const text = typeof node.value === 'string' ? node.value
      : typeof node.value === 'number' ? (typeof node.source === 'string' ? node.source : String(node.value)) : undefined;
    if (text !== undefined && (PROFILES as readonly string[]).includes(text)) return text as Profile;
    r.error(v, `${text !== undefined ? `'${text}'` : describe(v.node)} is not an Airflow profile: use ${PROFILES.slice(0, -1).map((p) => `"${p}"`).join(', ')} or "${PROFILES[PROFILES.length - 1]}"`);
    return undefined;
  }

  private readConfig(v: Val | undefined): AirflowConfig {
    const r = this.r;
    const config: AirflowConfig = { ...PROFILE_CONFIG[this.profile] };
    if (!v || r.isNull(v)) return config;
    const f = r.fields(v, CONFIG_KEYS);
    if (!f) return config;
    for (const key of ['catchup_by_default', 'create_cron_data_intervals'] as const) {
      const x = f.get(key);
      if (x) config[key] = r.bool(x) ?? config[key];
    }
    for (const key of ['max_active_runs_per_dag', 'max_active_tasks_per_dag'] as const) {
      const x = f.get(key);
      if (x) config[key] = r.int(x, { min: 0 }) ?? config[key];
    }
    const par = f.get('parallelism');
    if (par) config.parallelism = r.int(par, { min: 1 }) ?? config.parallelism;
    const tz = f.get('default_timezone');
    if (tz) {
      const name = r.str(tz, 'a time zone name');
      if (name !== undefined) {
        if (timeZoneValid(name)) config.default_timezone = name;
        else r.error(tz, `unknown time zone '${name}'`);
      }
    }
    return config;
  }

  private readClock(v: Val): void {
    const r = this.r;
    const f = r.fields(v, CLOCK_KEYS, 'a mapping {start, end}');
    if (!f) return;
    const s = r.required(f, 'start');
    const e = r.required(f, 'end');
    if (s) this.clock.start = this.instant(s);
    if (e) this.clock.end = this.instant(e);
    if (e && this.clock.start !== undefined && this.clock.end !== undefined && this.clock.end <= this.clock.start) {
      r.error(e, 'clock.end must be after clock.start');
      this.clock.end = undefined;
    }
  }

  private readPools(v: Val | undefined): void {
    const r = this.r;
    this.pools.set(DEFAULT_POOL, DEFAULT_POOL_SLOTS);
    if (!v || r.isNull(v)) return;
    for (const { key, keyVal, val } of r.entries(v, 'a mapping of pool name to slots') ?? []) {
      if (key === '') { r.error(keyVal, 'pool name must not be empty'); continue; }
      const slots = r.int(val, { min: 0 });
      if (slots !== undefined) this.pools.set(key, slots);
    }
  }

  private readAssets(v: Val | undefined): AssetSpec[] {
    const r = this.r;
    const out: AssetSpec[] = [];
    if (!v || r.isNull(v)) return out;
    const uris = new Map<string, string>();
    const firstAt = new Map<string, number>();
    for (const item of r.list(v, 'a list of assets') ?? []) {
      const f = r.fields(item, ASSET_KEYS, 'an asset {name, uri, watchers}');
      if (!f) continue;
      const nameV = r.required(f, 'name');
      const name = nameV ? r.str(nameV) : undefined;
      if (nameV && name === '') r.error(nameV, 'asset name must not be empty');
      const uriV = f.get('uri');
      let uri = name;
      if (uriV && !r.isNull(uriV)) {
        uri = r.str(uriV);
        if (uri === '') r.error(uriV, 'asset uri must not be empty');
      }
      const watchers: AssetWatcherSpec[] = [];
      const wV = f.get('watchers');
      if (wV && !r.isNull(wV)) {
        const names = new Set<string>();
        for (const w of r.list(wV, 'a list of watchers') ?? []) {
          const wf = r.fields(w, WATCHER_KEYS, 'a watcher {name, queue}');
          if (!wf) continue;
          const wn = r.required(wf, 'name');
          const wq = r.required(wf, 'queue');
          const wname = wn ? r.str(wn) : undefined;
          const queue = wq ? r.str(wq) : undefined;
          if (wq && queue === '') r.error(wq, 'queue name must not be empty');
          if (wn && wname !== undefined && names.has(wname)) r.error(wn, `duplicate watcher name '${wname}' in this asset`);
          if (wname !== undefined) names.add(wname);
          if (wname !== undefined && queue) {
            watchers.push({ name: wname, queue });
            this.queues.add(queue);
          }
        }
      }
      if (name === undefined || name === '' || uri === undefined || uri === '') continue;
      if (this.assets.has(name)) {
        r.error(nameV!, `duplicate asset name '${name}' (first declared at line ${firstAt.get(name)})`);
        continue;
      }
      if (uris.has(uri)) {
        r.warn(uriV ?? nameV!, `asset '${name}' has the same uri as asset '${uris.get(uri)}'`);
      }
      uris.set(uri, name);
      firstAt.set(name, this.lineOf(nameV!.offset));
      const spec: AssetSpec = { name, uri, watchers };
      this.assets.set(name, spec);
      out.push(spec);
    }
    return out;
  }

  // ----- values -----

  private instant(v: Val, what = 'an ISO 8601 instant'): Instant | undefined {
    const r = this.r;
    const text = r.str(v, what);
    if (text === undefined) return undefined;
    const res = readInstant(text, this.tz);
    if (!res.ok) { r.error(v, res.message); return undefined; }
    return res.value;
  }

  private instantOrNull(v: Val): Instant | null | undefined {
    if (this.r.isNull(v)) return null;
    return this.instant(v, 'an ISO 8601 instant or null');
  }

  private duration(v: Val): Duration | undefined {
    const r = this.r;
    const text = r.str(v, 'an ISO 8601 duration (e.g. PT10M)');
    if (text === undefined) return undefined;
    const res = readDuration(text);
    if (!res.ok) { r.error(v, res.message); return undefined; }
    return res.value;
  }

  /** A duration without calendar months (Airflow wants a timedelta there). */
  private fixedMs(v: Val, what: string): number | undefined {
    const d = this.duration(v);
    if (d === undefined) return undefined;
    if (isCalendar(d)) {
      this.r.error(v, `${what} must be a fixed duration (a timedelta): '${d.iso}' has calendar months or years`);
      return undefined;
    }
    if (d.ms < 0) {
      this.r.error(v, `${what} must not be negative`);
      return undefined;
    }
    return d.ms;
  }

  private fixedMsOrNull(v: Val, what: string): number | null | undefined {
    if (this.r.isNull(v)) return null;
    return this.fixedMs(v, what);
  }

  /** Airflow's validate_key (dag_id, task_id). */
  private key(v: Val): string | undefined {
    const r = this.r;
    const k = r.str(v);
    if (k === undefined) return undefined;
    if (k.length > KEY_MAX_LENGTH) {
      r.error(v, `The key has to be less than ${KEY_MAX_LENGTH} characters`);
      return undefined;
    }
    if (!KEY_PATTERN.test(k)) {
      r.error(v, `The key '${k}' has to be made of alphanumeric characters, dashes, dots and underscores exclusively`);
      return undefined;
    }
    return k;
  }

  // ----- dags -----

  private readDag(v: Val): DagSpec | undefined {
    const r = this.r;
    const f = r.fields(v, DAG_KEYS, 'a dag mapping {dag_id, schedule, tasks, ...}');
    if (!f) return undefined;
    let ok = true;
    const idV = r.required(f, 'dag_id');
    const dag_id = idV ? this.key(idV) : undefined;
    if (dag_id === undefined) ok = false;
    else if (this.dagIds.has(dag_id)) {
      r.error(idV!, `duplicate dag_id '${dag_id}' (first defined at line ${this.dagIds.get(dag_id)})`);
      ok = false;
    } else {
      this.dagIds.set(dag_id, this.lineOf(idV!.offset));
    }

    let timezone = this.config.default_timezone;
    const tzV = f.get('timezone');
    if (tzV && !r.isNull(tzV)) {
      const name = r.str(tzV, 'a time zone name');
      if (name !== undefined && timeZoneValid(name)) timezone = name;
      else { if (name !== undefined) r.error(tzV, `unknown time zone '${name}'`); ok = false; }
    }

    const get = <T>(key: string, read: (x: Val) => T | undefined, dflt: T): T => {
      const x = f.get(key);
      if (!x) return dflt;
      const val = read(x);
      if (val === undefined) { ok = false; return dflt; }
      return val;
    };
    let start_date = get<Instant | null>('start_date', (x) => this.instantOrNull(x), null);
    const end_date = get<Instant | null>('end_date', (x) => this.instantOrNull(x), null);
    const catchup = get('catchup', (x) => r.bool(x), this.config.catchup_by_default);
    const paused = get('paused', (x) => r.bool(x), DAG_DEFAULTS.paused);
    const max_active_runs = get('max_active_runs', (x) => r.int(x, { min: 0 }), this.config.max_active_runs_per_dag);
    const max_active_tasks = get('max_active_tasks', (x) => r.int(x, { min: 0 }), this.config.max_active_tasks_per_dag);
    const max_consecutive_failed_dag_runs = get('max_consecutive_failed_dag_runs', (x) => r.int(x, { min: 0 }), DAG_DEFAULTS.max_consecutive_failed_dag_runs);
    const dagrun_timeout_ms = get<number | null>('dagrun_timeout', (x) => this.fixedMsOrNull(x, 'dagrun_timeout'), null);
    const params = get<Record<string, unknown>>('params', (x) => r.jsonObject(x), {});

    let defaults: TaskParts = {};
    let defaultArgsFields: Fields | undefined;
    const daV = f.get('default_args');
    if (daV && !r.isNull(daV)) {
      defaultArgsFields = r.fields(daV, DEFAULT_ARGS_KEYS, 'a mapping of task defaults');
      if (defaultArgsFields) {
        const before = r.errors.length;
        defaults = this.readTaskParts(defaultArgsFields);
        if (r.errors.length > before) ok = false;
      } else ok = false;
    }
    // Airflow 3 takes the dag's start_date from default_args when the dag has none (_default_start_date).
    if (start_date === null && defaults.start_date != null) start_date = defaults.start_date;
    if (start_date !== null && end_date !== null && end_date < start_date) {
      r.warn(f.get('end_date')!, 'end_date is before start_date: no run will be scheduled');
    }

    const scheduleV = f.get('schedule');
    let schedule: ScheduleSpec = { kind: 'null' };
    let schedule_text = 'None';
    if (scheduleV) {
      const before = r.errors.length;
      const s = this.readSchedule(scheduleV, false);
      if (s === undefined || r.errors.length > before) ok = false;
      else {
        schedule = s;
        schedule_text = scheduleText(r.json(scheduleV));
      }
    }

    const tasks = this.readTasks(f, dag_id, defaults, defaultArgsFields);
    if (tasks === undefined) ok = false;

    if (!ok || dag_id === undefined || tasks === undefined) return undefined;

    // What Airflow's DAG constructor checks once the timetable exists (task-sdk definitions/dag.py).
    const built = buildTimetable(schedule, { timezone, create_cron_data_intervals: this.config.create_cron_data_intervals });
    const at = scheduleV ?? idV!;
    if (!built.ok) {
      r.error(at, built.message);
      return undefined;
    }
    const tt = built.value;
    if (tt.active_runs_limit !== null && tt.active_runs_limit < max_active_runs) {
      const mar = f.get('max_active_runs');
      const name = tt.kind;
      const hint = mar ? '' : ` (max_active_runs defaults to config.max_active_runs_per_dag = ${max_active_runs}; set max_active_runs: ${tt.active_runs_limit})`;
      r.error(mar ?? at, `Invalid max_active_runs: ${name} requires max_active_runs <= ${tt.active_runs_limit}${hint}`);
      return undefined;
    }
    // Airflow counts the dag's start_date or default_args' (task start_dates do not help).
    if (tt.can_be_scheduled && catchup && start_date === null) {
      const cV = f.get('catchup');
      const hint = cV ? '' : ` (catchup defaults to config.catchup_by_default = true in profile "${this.profile}")`;
      r.error(cV ?? at, `start_date is required when catchup=True${hint}`);
      return undefined;
    }

    return {
      dag_id, schedule, start_date, end_date, timezone, catchup, paused, max_active_runs, max_active_tasks,
      max_consecutive_failed_dag_runs, dagrun_timeout_ms, params, tasks, schedule_text,
    };
  }

  // ----- schedules -----

  private readSchedule(v: Val, nested: boolean): ScheduleSpec | undefined {
    const r = this.r;
    const node = v.node as { value?: unknown };
    if (r.isNull(v)) {
      if (nested) { r.error(v, 'or_schedule must be a time-based schedule, not null'); return undefined; }
      return { kind: 'null' };
    }
    if (typeof node.value === 'string') {
      const s = node.value;
      if (s === '@once') return { kind: 'once' };
      if (s === '@continuous') return { kind: 'continuous' };
      return this.cron(v) === undefined ? undefined : { kind: 'cron', cron: s };
    }
    if (isSeqLike(v)) {
      r.error(v, 'a list is not a schedule: write assets as {assets: [a, b]}');
      return undefined;
    }
    if (!isMapLike(v)) {
      r.error(v, `expected a schedule (null, a cron string or preset, or a mapping such as {delta: PT1H}), got ${describe(v.node)}`);
      return undefined;
    }
    const allKeys = [...SCHEDULE_FORM_KEYS, ...SCHEDULE_OPTION_KEYS];
    const f = r.fields(v, allKeys, 'a schedule mapping');
    if (!f) return undefined;
    const forms = f.keys().filter((k): k is ScheduleForm => (SCHEDULE_FORM_KEYS as string[]).includes(k));
    if (forms.length === 0) {
      r.error(v, `a schedule mapping needs one of: ${SCHEDULE_FORM_KEYS.join(', ')}`);
      return undefined;
    }
    if (forms.length > 1) {
      r.error(f.keyOf(forms[1])!, `a schedule has one form: both '${forms[0]}' and '${forms[1]}' given`);
      return undefined;
    }
    const form = forms[0];
    let ok = true;
    for (const k of f.keys()) {
      if (k === form || (SCHEDULE_FORMS[form] as readonly string[]).includes(k)) continue;
      r.error(f.keyOf(k)!, `unknown key '${k}' for a {${form}: ...} schedule`);
      ok = false;
    }
    const main = f.get(form)!;
    const interval = (): Duration | undefined => {
      const x = f.get('interval');
      if (!x) return { months: 0, ms: 0, iso: 'PT0S' };
      return this.duration(x);
    };
    const runImmediately = (): boolean | Duration | undefined => {
      const x = f.get('run_immediately');
      if (!x) return false;
      const n = x.node as { value?: unknown };
      if (typeof n.value === 'boolean') return n.value;
      if (typeof n.value === 'string') return this.duration(x);
      r.error(x, `expected true, false or a duration, got ${describe(x.node)}`);
      return undefined;
    };
    let spec: ScheduleSpec | undefined;
    switch (form) {
      case 'delta': {
        const d = this.duration(main);
        spec = d && { kind: 'delta', delta: d };
        break;
      }
      case 'delta_data_interval': {
        const d = this.duration(main);
        spec = d && { kind: 'delta_data_interval', delta: d };
        break;
      }
      case 'delta_trigger': {
        const d = this.duration(main);
        const i = interval();
        spec = d && i && { kind: 'delta_trigger', delta: d, interval: i };
        break;
      }
      case 'cron_data_interval': {
        const c = this.cron(main);
        spec = c === undefined ? undefined : { kind: 'cron_data_interval', cron: c };
        break;
      }
      case 'cron_trigger': {
        const c = this.cron(main);
        const i = interval();
        const ri = runImmediately();
        spec = c !== undefined && i && ri !== undefined ? { kind: 'cron_trigger', cron: c, interval: i, run_immediately: ri } : undefined;
        break;
      }
      case 'multiple_cron': {
        const items = r.list(main, 'a list of cron expressions');
        const crons: string[] = [];
        let good = items !== undefined;
        for (const it of items ?? []) {
          const c = this.cron(it);
          if (c === undefined) good = false; else crons.push(c);
        }
        if (items && items.length === 0) { r.error(main, 'multiple_cron needs at least one cron expression'); good = false; }
        const i = interval();
        const ri = runImmediately();
        spec = good && i && ri !== undefined ? { kind: 'multiple_cron', crons, interval: i, run_immediately: ri } : undefined;
        break;
      }
      case 'events': {
        const items = r.list(main, 'a list of instants');
        const events: Instant[] = [];
        let good = items !== undefined;
        for (const it of items ?? []) {
          const t = this.instant(it);
          if (t === undefined) good = false; else events.push(t);
        }
        if (items && items.length === 0) { r.error(main, 'events needs at least one instant'); good = false; }
        let restrict = false;
        const rx = f.get('restrict_to_events');
        if (rx) { const b = r.bool(rx); if (b === undefined) good = false; else restrict = b; }
        spec = good ? { kind: 'events', events, restrict_to_events: restrict } : undefined;
        break;
      }
      case 'assets': {
        if (nested) { r.error(main, 'or_schedule must be a time-based schedule: asset schedules cannot be nested'); return undefined; }
        const condition = this.condition(main, 0);
        const orV = f.get('or_schedule');
        if (orV) {
          const inner = this.readSchedule(orV, true);
          if (inner && (inner.kind === 'null' || inner.kind === 'assets' || inner.kind === 'asset_or_time')) {
            r.error(orV, 'or_schedule must be a time-based schedule');
            return undefined;
          }
          spec = condition && inner && { kind: 'asset_or_time', condition, timetable: inner };
        } else {
          spec = condition && { kind: 'assets', condition };
        }
        break;
      }
    }
    return ok ? spec : undefined;
  }

  private cron(v: Val): string | undefined {
    const r = this.r;
    const s = r.str(v, 'a cron expression or preset');
    if (s === undefined) return undefined;
    if (s === '@once' || s === '@continuous') {
      r.error(v, `'${s}' is not a cron expression here`);
      return undefined;
    }
    const problem = cronProblem(s);
    if (problem) {
      // croniter's message for a misspelt preset is about column counts: name the preset first.
      const preset = /^@\w*$/.test(s) ? `unknown preset '${s}'${suggest(s, PRESETS)}; Airflow says: ` : '';
      r.error(v, `${preset}${problem}`);
      return undefined;
    }
    return s;
  }

  private condition(v: Val, depth: number): AssetCondition | undefined {
    const r = this.r;
    if (depth > 32) { r.error(v, 'asset condition nested too deeply'); return undefined; }
    const node = v.node as { value?: unknown };
    if (typeof node.value === 'string') {
      const name = node.value;
      if (!this.assets.has(name)) {
        r.error(v, `unknown asset '${name}'${this.assets.size ? ` (declared: ${[...this.assets.keys()].join(', ')})` : ' (declare it under assets:)'}`);
        return undefined;
      }
      return { kind: 'asset', name };
    }
    if (isMapLike(v)) {
      const alias = aliasCondition(r, v, this.profile);
      if (alias !== null) return alias;
      const f = r.fields(v, ['all', 'any'], 'an asset condition {all: [...]}, {any: [...]} or {alias: name}');
      if (!f) return undefined;
      const ks = f.keys();
      if (ks.length !== 1) {
        r.error(v, ks.length === 0 ? 'an asset condition needs all: or any:' : "an asset condition has either 'all' or 'any', not both");
        return undefined;
      }
      const kind = ks[0] as 'all' | 'any';
      const of = this.conditionList(f.get(kind)!, depth);
      return of && { kind, of };
    }
    if (isSeqLike(v)) {
      const of = this.conditionList(v, depth);
      return of && { kind: 'all', of };
    }
    r.error(v, `expected an asset name, a list of assets, {all: [...]} or {any: [...]}, got ${describe(v.node)}`);
    return undefined;
  }

  private conditionList(v: Val, depth: number): AssetCondition[] | undefined {
    const r = this.r;
    const items = r.list(v, 'a list of assets or conditions');
    if (!items) return undefined;
    if (items.length === 0) { r.error(v, 'an asset condition needs at least one asset'); return undefined; }
    const out: AssetCondition[] = [];
    let ok = true;
    for (const it of items) {
      const c = this.condition(it, depth + 1);
      if (c) out.push(c); else ok = false;
    }
    return ok ? out : undefined;
  }

  // ----- tasks -----

  private readTasks(f: Fields, dag_id: string | undefined, defaults: TaskParts, defaultArgs: Fields | undefined): TaskSpec[] | undefined {
    const r = this.r;
    const tv = f.get('tasks');
    if (!tv || r.isNull(tv)) {
      r.warn(tv ?? f.self, `dag '${dag_id ?? '?'}' has no tasks`);
      return [];
    }
    const items = r.list(tv, 'a list of tasks');
    if (!items) return undefined;
    let ok = true;
    const drafts: TaskDraft[] = [];
    const ids = new Map<string, number>();
    for (const item of items) {
      const tf = r.fields(item, TASK_KEYS, 'a task mapping {task_id, ...}');
      if (!tf) { ok = false; continue; }
      const before = r.errors.length;
      const idV = r.required(tf, 'task_id');
      let task_id = idV ? this.key(idV) : undefined;
      if (task_id !== undefined && ids.has(task_id)) {
        r.error(idV!, `Task id '${task_id}' has already been added to the DAG (first at line ${ids.get(task_id)})`);
        task_id = undefined;
      } else if (task_id !== undefined) ids.set(task_id, this.lineOf(idV!.offset));
      const upV = tf.get('upstream');
      let upstream: { value: string; at: Val }[] = [];
      if (upV && !r.isNull(upV)) upstream = r.strList(upV, 'a list of task_ids') ?? [];
      const parts = this.readTaskParts(tf);
      const expand = readTaskExpand(r, tf);
      if (r.errors.length > before) ok = false;
      const sensor = readTaskSensor(r, tf, { fixedMs: (v, w) => this.fixedMs(v, w), instant: (v) => this.instant(v) });
      drafts.push({ at: item, task_id, upstream, parts, fields: tf, expand, sensor });
    }
    // References and cycles, once every task_id is known.
    for (const d of drafts) {
      const seen = new Set<string>();
      d.upstream = d.upstream.filter((u) => {
        if (!ids.has(u.value)) {
          r.error(u.at, `unknown task '${u.value}' in upstream${ids.size ? ` (tasks: ${[...ids.keys()].join(', ')})` : ''}`);
          ok = false;
          return false;
        }
        if (seen.has(u.value)) return false;
        seen.add(u.value);
        return true;
      });
    }
    if (!linkXComExpands(r, drafts, ids)) ok = false;
    if (!this.checkCycles(drafts, dag_id)) ok = false;

    const tasks: TaskSpec[] = [];
    for (const d of drafts) {
      const t = this.finishTask(d, defaults, defaultArgs);
      if (t === undefined) ok = false; else tasks.push(t);
    }
    if (ok && !checkXComSources(r, tasks, drafts)) ok = false;
    if (ok && !checkTaskFlow(r, tasks, (id) => drafts.find((d) => d.task_id === id)?.fields)) ok = false;
    return ok ? tasks : undefined;
  }

  private checkCycles(drafts: TaskDraft[], dag_id: string | undefined): boolean {
    const byId = new Map<string, TaskDraft>();
    for (const d of drafts) if (d.task_id !== undefined) byId.set(d.task_id, d);
    // Iterative DFS along upstream edges; a back edge closes a cycle.
    const color = new Map<string, 1 | 2>();
    let ok = true;
    for (const root of byId.keys()) {
      if (color.has(root)) continue;
      const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
      color.set(root, 1);
      while (stack.length > 0) {
        const top = stack[stack.length - 1];
        const d = byId.get(top.id)!;
        if (top.next >= d.upstream.length) {
          color.set(top.id, 2);
          stack.pop();
          continue;
        }
        const edge = d.upstream[top.next++];
        const c = color.get(edge.value);
        if (c === undefined) {
          color.set(edge.value, 1);
          stack.push({ id: edge.value, next: 0 });
        } else if (c === 1) {
          // The stack from edge.value to top.id runs against the arrows: reverse it for run order.
          const from = stack.findIndex((s) => s.id === edge.value);
          const ring = stack.slice(from).map((s) => s.id).reverse();
          this.r.error(edge.at, `Cycle detected in DAG: ${dag_id ?? '?'}: ${[...ring, ring[0]].join(' -> ')}`);
          ok = false;
        }
      }
    }
    return ok;
  }

  /** The keys tasks and default_args share, each read at its own node. */
  private readTaskParts(f: Fields): TaskParts {
    const r = this.r;
    const p: TaskParts = {};
    const x = (k: string) => f.get(k);
    let v: Val | undefined;
    if ((v = x('operator'))) p.operator = r.oneOf(v, OPERATORS, 'an operator:');
    if ((v = x('duration'))) p.duration = this.taskDuration(v);
    if ((v = x('outcome'))) p.outcome = this.outcome(v);
    if ((v = x('returns'))) {
      // A list is returned as a list (what an expansion over this task's XCom maps over).
      if (isSeq(v.node)) p.returns = readReturnsList(r, v, (at, text) => this.template(at, text));
      else { p.returns = r.strOrNull(v, 'a template string, a list or null'); if (p.returns) this.template(v, p.returns); }
    }
    if ((v = x('templates'))) {
      if (r.isNull(v)) p.templates = {};
      else {
        const entries = r.entries(v, 'a mapping of field name to template');
        if (entries) {
          const out: Record<string, string> = {};
          for (const e of entries) {
            const s = r.str(e.val, 'a template string');
            if (s !== undefined) Object.defineProperty(out, e.key, { value: s, enumerable: true, writable: true, configurable: true });
            if (s !== undefined) this.template(e.val, s);
          }
          p.templates = out;
        }
      }
    }
    if ((v = x('trigger_rule'))) p.trigger_rule = this.triggerRule(v);
    for (const k of ['depends_on_past', 'wait_for_downstream', 'ignore_first_depends_on_past', 'retry_exponential_backoff'] as const) {
      if ((v = x(k))) p[k] = r.bool(v);
    }
    if ((v = x('retries'))) p.retries = r.int(v, { min: 0 });
    if ((v = x('retry_delay'))) p.retry_delay_ms = this.fixedMs(v, 'retry_delay');
    if ((v = x('max_retry_delay'))) p.max_retry_delay_ms = this.fixedMsOrNull(v, 'max_retry_delay');
    if ((v = x('execution_timeout'))) p.execution_timeout_ms = this.fixedMsOrNull(v, 'execution_timeout');
    if ((v = x('pool'))) {
      const name = r.str(v, 'a pool name');
      if (name !== undefined && !this.pools.has(name)) {
        r.error(v, `unknown pool '${name}' (pools: ${[...this.pools.keys()].join(', ')})`);
      } else p.pool = name;
    }
    if ((v = x('pool_slots'))) {
      const n = r.int(v);
      if (n !== undefined && n < 1) r.error(v, `pool_slots cannot be less than 1, got ${n}`);
      else p.pool_slots = n;
    }
    if ((v = x('priority_weight'))) p.priority_weight = r.int(v);
    if ((v = x('weight_rule'))) p.weight_rule = r.oneOf(v, WEIGHT_RULES, 'a weight_rule:');
    for (const k of ['max_active_tis_per_dag', 'max_active_tis_per_dagrun'] as const) {
      if ((v = x(k))) p[k] = r.intOrNull(v, { min: 0 });
    }
    if ((v = x('outlets'))) {
      if (r.isNull(v)) p.outlets = [];
      else {
        const list = r.strList(v, 'a list of asset names');
        if (list) {
          const names: string[] = [];
          let good = true;
          for (const { value, at } of list) {
            if (!this.assets.has(value)) {
              r.error(at, `unknown asset '${value}'${this.assets.size ? ` (declared: ${[...this.assets.keys()].join(', ')})` : ' (declare it under assets:)'}`);
              good = false;
            } else if (!names.includes(value)) names.push(value);
          }
          if (good) p.outlets = names;
        }
      }
    }
    if ((v = x('trigger'))) p.trigger = this.triggerParts(v);
    if ((v = x('start_date'))) p.start_date = this.instantOrNull(v);
    if ((v = x('end_date'))) p.end_date = this.instantOrNull(v);
    return p;
  }

  private taskDuration(v: Val): TaskDuration | undefined {
    const r = this.r;
    if (isMapLike(v)) {
      const f = r.fields(v, ['uniform'], 'a duration or {uniform: [min, max]}');
      if (!f) return undefined;
      const u = r.required(f, 'uniform', '[min, max]');
      if (!u) return undefined;
      const items = r.list(u, 'a list [min, max]');
      if (!items) return undefined;
      if (items.length !== 2) { r.error(u, `uniform takes two durations [min, max], got ${items.length}`); return undefined; }
      const lo = this.fixedMs(items[0], 'duration');
      const hi = this.fixedMs(items[1], 'duration');
      if (lo === undefined || hi === undefined) return undefined;
      if (lo > hi) { r.error(u, 'uniform [min, max]: min is greater than max'); return undefined; }
      return { kind: 'uniform', min_ms: lo, max_ms: hi };
    }
    const ms = this.fixedMs(v, 'duration');
    return ms === undefined ? undefined : { kind: 'fixed', ms };
  }

  private outcome(v: Val): TaskOutcome | undefined {
    const r = this.r;
    const node = v.node as { value?: unknown };
    if (typeof node.value === 'string') {
      const s = r.oneOf(v, ['success', 'failed', 'skipped'] as const, 'an outcome:');
      return s && { kind: s };
    }
    if (isMapLike(v)) {
      const f = r.fields(v, OUTCOME_FORMS, 'an outcome {fail_tries: N} or {fail_if: "..."}');
      if (!f) return undefined;
      const ks = f.keys();
      if (ks.length !== 1) {
        r.error(v, ks.length === 0 ? 'an outcome mapping needs fail_tries or fail_if' : "an outcome has either 'fail_tries' or 'fail_if', not both");
        return undefined;
      }
      if (ks[0] === 'fail_tries') {
        const n = r.int(f.get('fail_tries')!, { min: 0 });
        return n === undefined ? undefined : { kind: 'fail_tries', tries: n };
      }
      const t = r.str(f.get('fail_if')!, 'a template string');
      if (t !== undefined) this.template(f.get('fail_if')!, t);
      return t === undefined ? undefined : { kind: 'fail_if', template: t };
    }
    r.error(v, `expected success, failed, skipped, {fail_tries: N} or {fail_if: "..."}, got ${describe(v.node)}`);
    return undefined;
  }

  private triggerRule(v: Val): TriggerRule | undefined {
    const r = this.r;
    const s = r.str(v, 'a trigger rule');
    if (s === undefined) return undefined;
    const allowed = TRIGGER_RULES[this.profile];
    if ((allowed as readonly string[]).includes(s)) return s as TriggerRule;
    const alias = Object.hasOwn(AIRFLOW2_TRIGGER_RULE_ALIASES, s) ? AIRFLOW2_TRIGGER_RULE_ALIASES[s] : undefined;
    if (alias && this.profile === '2') {
      r.warn(v, `${s} Trigger Rule is deprecated. Please use \`${alias}\`.`);
      return alias;
    }
    if (alias) {
      r.error(v, `trigger rule '${s}' was removed in Airflow 3: use '${alias}'`);
    } else if (s === 'all_done_min_one_success') {
      r.error(v, `trigger rule 'all_done_min_one_success' needs Airflow 3.1 (profile is "${this.profile}")`);
    } else {
      r.error(v, `'${s}' is not a trigger rule: one of ${allowed.join(', ')}`);
    }
    return undefined;
  }

  private triggerParts(v: Val): Partial<TriggerSpec> | undefined {
    const r = this.r;
    const f = r.fields(v, TRIGGER_KEYS, 'a trigger mapping {dag_id, conf, ...}');
    if (!f) return undefined;
    const before = r.errors.length;
    const t: Partial<TriggerSpec> = {};
    let x: Val | undefined;
    if ((x = f.get('dag_id'))) {
      const id = r.str(x, 'a dag_id');
      if (id !== undefined) {
        this.template(x, id);
        if (id === '') r.error(x, 'dag_id must not be empty');
        else {
          t.dag_id = id;
          if (!id.includes('{{') && !id.includes('{%')) this.triggerRefs.push({ dag_id: id, at: x });
        }
      }
    }
    if ((x = f.get('conf'))) {
      if (r.isNull(x)) t.conf = {};
      else {
        const n = x.node as { value?: unknown };
        // A mapping, or one template string that renders to one.
        t.conf = typeof n.value === 'string' ? n.value : r.jsonObject(x);
        this.templatesIn(x, t.conf);
      }
    }
    if ((x = f.get('logical_date'))) {
      if (r.isNull(x)) t.logical_date = null;
      else {
        const s = r.str(x, 'an instant, a template or null');
        if (s !== undefined) this.template(x, s);
        if (s !== undefined && !s.includes('{{') && !s.includes('{%')) {
          const res = readInstant(s, this.tz);
          if (!res.ok) r.error(x, res.message);
        }
        if (s !== undefined) t.logical_date = s;
      }
    }
    if ((x = f.get('trigger_run_id'))) { const s = r.strOrNull(x); if (s !== undefined) t.trigger_run_id = s; if (s) this.template(x, s); }
    for (const k of ['wait_for_completion', 'reset_dag_run', 'skip_when_already_exists', 'fail_when_dag_is_paused'] as const) {
      if ((x = f.get(k))) { const b = r.bool(x); if (b !== undefined) t[k] = b; }
    }
    if ((x = f.get('poke_interval'))) {
      const ms = this.fixedMs(x, 'poke_interval');
      if (ms !== undefined) t.poke_interval_ms = ms;
    }
    for (const k of ['allowed_states', 'failed_states'] as const) {
      if ((x = f.get(k))) {
        const list = r.strList(x, 'a list of dag run states');
        if (list) {
          const states: string[] = [];
          for (const { value, at } of list) {
            if ((DAG_RUN_STATES as readonly string[]).includes(value)) states.push(value);
            else r.error(at, `'${value}' is not a DagRunState: one of ${DAG_RUN_STATES.join(', ')}`);
          }
          t[k] = states;
        }
      }
    }
    return r.errors.length > before ? undefined : t;
  }

  /** Task keys over default_args over Airflow's defaults, then the checks that need the whole task. */
  private finishTask(d: TaskDraft, defaults: TaskParts, defaultArgs: Fields | undefined): TaskSpec | undefined {
    const r = this.r;
    const p = d.parts;
    if (d.task_id === undefined) return undefined;
    const pick = <K extends keyof TaskParts>(k: K): TaskParts[K] => (d.fields.has(keyName(k)) ? p[k] : defaults[k]);
    const operator = p.operator ?? TASK_DEFAULTS.operator as TaskSpec['operator'];
    let trigger: TriggerSpec | null = null;
    const ownTrigger = d.fields.get('trigger');
    if (operator === 'trigger_dagrun') {
      // Airflow's default_args feed the operator's own arguments key by key.
      const merged: Partial<TriggerSpec> = { ...(defaults.trigger ?? {}), ...(p.trigger ?? {}) };
      if (ownTrigger && p.trigger === undefined) return undefined;
      if (defaultArgs?.has('trigger') && defaults.trigger === undefined) return undefined;
      if (!ownTrigger && !defaults.trigger) {
        r.error({ offset: d.at.offset, path: [...d.at.path, 'trigger'] }, "missing required key 'trigger' (operator trigger_dagrun needs trigger: {dag_id: ...})");
        return undefined;
      }
      if (merged.dag_id === undefined) {
        const at = ownTrigger ?? d.at;
        r.error({ offset: at.offset, path: [...at.path, ...(ownTrigger ? [] : ['trigger']), 'dag_id'] }, "missing required key 'dag_id'");
        return undefined;
      }
      trigger = {
        dag_id: merged.dag_id,
        conf: merged.conf ?? {},
        logical_date: merged.logical_date,
        trigger_run_id: merged.trigger_run_id ?? TRIGGER_DEFAULTS.trigger_run_id,
        wait_for_completion: merged.wait_for_completion ?? TRIGGER_DEFAULTS.wait_for_completion,
        poke_interval_ms: merged.poke_interval_ms ?? TRIGGER_DEFAULTS.poke_interval_ms,
        allowed_states: merged.allowed_states ?? [...TRIGGER_DEFAULTS.allowed_states],
        failed_states: merged.failed_states ?? [...TRIGGER_DEFAULTS.failed_states],
        reset_dag_run: merged.reset_dag_run ?? TRIGGER_DEFAULTS.reset_dag_run,
        skip_when_already_exists: merged.skip_when_already_exists ?? TRIGGER_DEFAULTS.skip_when_already_exists,
        fail_when_dag_is_paused: merged.fail_when_dag_is_paused ?? TRIGGER_DEFAULTS.fail_when_dag_is_paused,
      };
    } else if (ownTrigger) {
      r.error(d.fields.keyOf('trigger')!, `'trigger' is only for operator: trigger_dagrun (this task's operator is ${operator})`);
      return undefined;
    }

    const pool = pick('pool') ?? TASK_DEFAULTS.pool;
    const pool_slots = pick('pool_slots') ?? TASK_DEFAULTS.pool_slots;
    const wait_for_downstream = pick('wait_for_downstream') ?? TASK_DEFAULTS.wait_for_downstream;
    const task: TaskSpec = {
      task_id: d.task_id,
      operator,
      upstream: d.upstream.map((u) => u.value),
      duration: pick('duration') ?? { kind: 'fixed', ms: TASK_DEFAULTS.duration_ms },
      outcome: pick('outcome') ?? { kind: 'success' },
      ...returnsFields(pick('returns')),
      templates: pick('templates') ?? {},
      trigger_rule: pick('trigger_rule') ?? TASK_DEFAULTS.trigger_rule,
      // BaseOperator: wait_for_downstream implies depends_on_past.
      depends_on_past: wait_for_downstream || (pick('depends_on_past') ?? TASK_DEFAULTS.depends_on_past),
      wait_for_downstream,
      ignore_first_depends_on_past: pick('ignore_first_depends_on_past') ?? ignoreFirstDependsOnPastDefault(this.profile),
      retries: pick('retries') ?? TASK_DEFAULTS.retries,
      retry_delay_ms: pick('retry_delay_ms') ?? TASK_DEFAULTS.retry_delay_ms,
      retry_exponential_backoff: pick('retry_exponential_backoff') ?? TASK_DEFAULTS.retry_exponential_backoff,
      max_retry_delay_ms: pick('max_retry_delay_ms') ?? TASK_DEFAULTS.max_retry_delay_ms,
      execution_timeout_ms: pick('execution_timeout_ms') ?? TASK_DEFAULTS.execution_timeout_ms,
      pool,
      pool_slots,
      priority_weight: pick('priority_weight') ?? TASK_DEFAULTS.priority_weight,
      weight_rule: pick('weight_rule') ?? TASK_DEFAULTS.weight_rule,
      max_active_tis_per_dag: pick('max_active_tis_per_dag') ?? TASK_DEFAULTS.max_active_tis_per_dag,
      max_active_tis_per_dagrun: pick('max_active_tis_per_dagrun') ?? TASK_DEFAULTS.max_active_tis_per_dagrun,
      outlets: pick('outlets') ?? [],
      trigger,
      start_date: pick('start_date') ?? null,
      end_date: pick('end_date') ?? null,
      ...(d.expand ? { expand: d.expand } : {}),
      ...(d.sensor ? { sensor: d.sensor } : {}),
    };
    if (!readTaskFlow(r, d.fields, task, (at, text) => this.template(at, text))) return undefined;
    if (!readAliasOutlets(r, d.fields, task, this.assets, this.profile)) return undefined;
    if (!checkSensorTask(r, d.fields, d.at, operator)) return undefined;
    if (d.expand && operator !== 'python') {
      r.error(d.fields.keyOf(d.expand.kind)!, `a mapped ${operator} task is not modelled: map a python task (its work arguments are the map's op_kwargs)`);
      return undefined;
    }
    const slots = this.pools.get(pool);
    if (slots !== undefined && pool_slots > slots) {
      const at = d.fields.get('pool_slots') ?? d.fields.get('pool') ?? defaultArgs?.get('pool_slots') ?? d.at;
      r.warn(at, `pool_slots ${pool_slots} is more than pool '${pool}' has (${slots}): the task can never run`);
    }
    return task;
  }

  // ----- events -----

  private readEvent(v: Val): ScenarioEvent | undefined {
    const r = this.r;
    const f = r.fields(v, EVENT_KEYS, `an event {at, <${EVENT_KINDS.join('|')}>}`);
    if (!f) return undefined;
    const atV = r.required(f, 'at');
    const at = atV ? this.instant(atV) : undefined;
    if (atV && at !== undefined && this.clock.start !== undefined && at < this.clock.start) {
      r.error(atV, 'event is before clock.start');
    } else if (atV && at !== undefined && this.clock.end !== undefined && at > this.clock.end) {
      r.warn(atV, 'event is after clock.end: it will not happen');
    }
    const kinds = f.keys().filter((k): k is EventKind => (EVENT_KINDS as readonly string[]).includes(k));
    if (kinds.length === 0) {
      r.error(v, `an event needs one of: ${EVENT_KINDS.join(', ')}`);
      return undefined;
    }
    if (kinds.length > 1) {
      r.error(f.keyOf(kinds[1])!, `one action per event: both '${kinds[0]}' and '${kinds[1]}' given`);
      return undefined;
    }
    const kind = kinds[0];
    const body = f.get(kind)!;
    if (kind === 'pause' || kind === 'unpause') {
      const id = r.str(body, 'a dag_id');
      if (id === undefined || at === undefined) return undefined;
      return { kind, at, dag_id: id };
    }
    const ff = r.fields(body, EVENT_FIELDS[kind], `a ${kind} mapping`);
    if (!ff) return undefined;
    const before = r.errors.length;
    const reqStr = (k: string): string => {
      const x = r.required(ff, k);
      return (x && r.str(x)) ?? '';
    };
    const opt = (k: string) => ff.get(k);
    let ev: ScenarioEvent | undefined;
    switch (kind) {
      case 'trigger': {
        const dag_id = reqStr('dag_id');
        const confV = opt('conf');
        const conf = confV ? r.jsonObject(confV) ?? {} : {};
        let logical_date: Instant | null | undefined;
        const ld = opt('logical_date');
        if (ld) logical_date = this.instantOrNull(ld);
        const ridV = opt('run_id');
        const run_id = ridV ? r.strOrNull(ridV) ?? null : null;
        const viaV = opt('via');
        const via = viaV ? r.oneOf(viaV, TRIGGER_VIAS, 'a trigger via:') ?? 'cli' : 'cli';
        ev = { kind, at: at!, trigger: { dag_id, conf, logical_date, run_id, via } };
        break;
      }
      case 'api': {
        const mV = r.required(ff, 'method');
        const method = mV ? r.oneOf(mV, HTTP_METHODS, 'an HTTP method:') : undefined;
        const pV = r.required(ff, 'path');
        const path = pV ? r.str(pV) : undefined;
        if (pV && path !== undefined && !path.startsWith('/')) r.error(pV, `path must start with '/' (e.g. /api/v2/dags/my_dag/dagRuns)`);
        const bV = opt('body');
        const body = bV ? r.json(bV) : undefined;
        ev = { kind, at: at!, api: { method: method ?? 'GET', path: path ?? '', body } };
        break;
      }
      case 'message': {
        const qV = r.required(ff, 'queue');
        const queue = qV ? r.str(qV) : undefined;
        if (qV && queue !== undefined && !this.queues.has(queue)) {
          r.warn(qV, `no asset watcher listens on queue '${queue}': the message has no effect`);
        }
        const plV = opt('payload');
        const payload = plV ? r.json(plV) : null;
        ev = { kind, at: at!, message: { queue: queue ?? '', payload } };
        break;
      }
      case 'asset_event': {
        const aV = r.required(ff, 'asset');
        const asset = aV ? r.str(aV) : undefined;
        if (aV && asset !== undefined && !this.assets.has(asset)) {
          r.warn(aV, `unknown asset '${asset}': the event will be rejected (404)`);
        }
        const xV = opt('extra');
        const extra = xV ? r.jsonObject(xV) ?? {} : {};
        ev = { kind, at: at!, asset_event: { asset: asset ?? '', extra } };
        break;
      }
      case 'backfill': {
        const dag_id = reqStr('dag_id');
        const fV = r.required(ff, 'from_date');
        const tV = r.required(ff, 'to_date');
        const from_date = fV ? this.instant(fV) : undefined;
        const to_date = tV ? this.instant(tV) : undefined;
        const rbV = opt('reprocess_behavior');
        const reprocess_behavior = rbV ? r.oneOf(rbV, REPROCESS_BEHAVIORS, 'a reprocess_behavior:') : 'none';
        const marV = opt('max_active_runs');
        const max_active_runs = marV ? r.int(marV, { min: 1 }) : BACKFILL_MAX_ACTIVE_RUNS;
        const rwV = opt('run_backwards');
        const run_backwards = rwV ? r.bool(rwV) : false;
        const cV = opt('dag_run_conf');
        const dag_run_conf = cV ? r.jsonObject(cV) : {};
        if (from_date !== undefined && to_date !== undefined && reprocess_behavior !== undefined && max_active_runs !== undefined
          && run_backwards !== undefined && dag_run_conf !== undefined) {
          ev = { kind, at: at!, backfill: { dag_id, from_date, to_date, reprocess_behavior, max_active_runs, run_backwards, dag_run_conf } };
        }
        break;
      }
      case 'clear': {
        const dag_id = reqStr('dag_id');
        const run_id = reqStr('run_id');
        const tV = opt('task_ids');
        let task_ids: string[] | null = null;
        if (tV && !r.isNull(tV)) task_ids = (r.strList(tV, 'a list of task_ids') ?? []).map((s) => s.value);
        const flag = (key: string) => { const v = opt(key); return v ? r.bool(v) ?? false : false; };
        const only_failed = flag('only_failed');
        const [upstream, downstream, future, past] = [flag('upstream'), flag('downstream'), flag('future'), flag('past')];
        // dag_run_state: queued (default) re-queues finished runs; null leaves run states alone.
        const sV = opt('dag_run_state');
        const dag_run_state = !sV ? 'queued' : r.isNull(sV) ? null : r.oneOf(sV, ['queued'] as const, 'a state for cleared runs (queued or null):') ?? null;
        ev = { kind, at: at!, clear: { dag_id, run_id, task_ids, only_failed, upstream, downstream, future, past, dag_run_state } };
        break;
      }
      case 'mark': {
        const dag_id = reqStr('dag_id');
        const run_id = reqStr('run_id');
        const tV = opt('task_id');
        const task_id = tV ? r.strOrNull(tV) ?? null : null;
        const sV = r.required(ff, 'state');
        let state: string | undefined;
        if (sV) {
          state = task_id === null
            ? r.oneOf(sV, MARK_RUN_STATES, 'a state for a dag run:')
            : r.oneOf(sV, MARK_TASK_STATES, 'a state for a task instance:');
        }
        // map_index: PATCH .../taskInstances/{task_id}/{map_index} (one instance of a mapped task).
        const mV = opt('map_index');
        const map_index = mV ? r.int(mV, { min: 0 }) : undefined;
        if (mV && task_id === null) r.error(mV, 'map_index needs a task_id');
        ev = { kind, at: at!, mark: { dag_id, run_id, task_id, state: state ?? '', ...(map_index !== undefined ? { map_index } : {}) } };
        break;
      }
    }
    if (r.errors.length > before || at === undefined) return undefined;
    return ev;
  }
}

function keyName(k: keyof TaskParts): string {
  switch (k) {
    case 'retry_delay_ms': return 'retry_delay';
    case 'max_retry_delay_ms': return 'max_retry_delay';
    case 'execution_timeout_ms': return 'execution_timeout';
    default: return k;
  }
}

function isMapLike(v: Val): boolean {
  return isMap(v.node);
}

function isSeqLike(v: Val): boolean {
  return isSeq(v.node);
}

/** A compact one-line rendering of a schedule value, for summaries. */
function scheduleText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value;
  return compact(value);
}

function compact(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return /^[A-Za-z0-9_@.:/+-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(compact).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${compact(v)}`).join(', ')}}`;
  }
  return String(value);
}
