// `windtunnel export-dags`: goldens for every lesson, every file compiles (py_compile), every DAG
// file executes against Airflow-signature stubs and hands Airflow exactly the scenario's values,
// and every key of a scenario file is traced to generated code or to a note.
import { sensorClassName } from '../../core/model/sensor.js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLesson, listLessons, parseScenario, type Scenario } from '../../core/index.js';
import {
  CONTAINERS, exportAirflowDags, exportAirflowDagsFromText, KEY_MAP, rawKeys, rawScenarioDocument, type AirflowDagsExport,
} from '../../core/export/airflow_dags/index.js';
import {
  CLOCK_KEYS, CONFIG_KEYS, DAG_KEYS, DEFAULT_ARGS_KEYS, EVENT_FIELDS, RULES_KEYS, SCHEDULE_FORM_KEYS, SCHEDULE_OPTION_KEYS,
  TASK_KEYS, TOP_KEYS, TRIGGER_KEYS, ASSET_KEYS, WATCHER_KEYS,
} from '../../core/scenario/schema.js';
import { makeTimetable } from '../../core/timetables/make_timetable.js';
import { REPLAY_RUNTIME, REPLAY_RUNTIME_FILE } from '../../core/export/airflow_dags/replay_runtime.js';
import { expectGolden, fixture, python, STUBS, tempDir } from './helpers.js';
import { ignoreFirstDependsOnPastDefault } from '../../core/scenario/ignore_first_default.js';

interface Source { name: string; text: string }
const SOURCES: Source[] = [
  ...listLessons().map((l) => ({ name: l.name, text: getLesson(l.name)!.text })),
  { name: 'everything', text: fixture('everything.yaml') },
];

function exportOf(src: Source): { exp: AirflowDagsExport; scenario: Scenario } {
  const r = exportAirflowDagsFromText(src.text, `${src.name}.yaml`);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { exp: r.export, scenario: r.scenario };
}

/** Write every source's export into one temp tree: DIR/<source>/<file>. */
function writeAll(): { dir: string; dagFiles: Map<string, string[]>; replays: Map<string, string> } {
  const dir = tempDir('export-dags');
  const dagFiles = new Map<string, string[]>();
  const replays = new Map<string, string>();
  for (const src of SOURCES) {
    const out = join(dir, src.name);
    mkdirSync(out, { recursive: true });
    const { exp } = exportOf(src);
    const dags: string[] = [];
    for (const f of exp.files) {
      writeFileSync(join(out, f.path), f.text);
      if (f.path === 'replay_events.py') replays.set(src.name, join(out, f.path));
      else if (f.path.endsWith('.py') && f.path !== REPLAY_RUNTIME_FILE) dags.push(join(out, f.path));
    }
    dagFiles.set(src.name, dags);
  }
  return { dir, dagFiles, replays };
}

describe('export-dags goldens', () => {
  for (const src of SOURCES) {
    it(`${src.name} matches its golden files`, () => {
      const { exp } = exportOf(src);
      expect(exp.files.map((f) => f.path)).toContain('replay_events.py');
      // The runtime is the same for every export (replay_runtime.test.ts): one golden below.
      for (const f of exp.files) if (f.path !== REPLAY_RUNTIME_FILE) expectGolden(`${src.name}/${f.path}`, f.text);
    });
  }

  it(`${REPLAY_RUNTIME_FILE}, the replay runtime every export writes, matches its golden file`, () => {
    expectGolden(REPLAY_RUNTIME_FILE, REPLAY_RUNTIME);
  });

  it('is deterministic and does not depend on the raw document being present', () => {
    const src = SOURCES.find((s) => s.name === 'everything')!;
    expect(exportOf(src).exp).toEqual(exportOf(src).exp);
    const parsed = parseScenario(src.text, 'x.yaml');
    if (!parsed.ok) throw new Error('fixture invalid');
    const bare = exportAirflowDags(parsed.scenario);
    expect(bare.files.map((f) => f.path)).toEqual(exportOf(src).exp.files.map((f) => f.path));
  });
});

describe('generated Python', () => {
  let tree: ReturnType<typeof writeAll>;
  beforeAll(() => { tree = writeAll(); });

  it('every generated file compiles (python3 -m py_compile)', () => {
    const files = [...tree.dagFiles.values()].flat().concat([...tree.replays.values()], [join(tree.dir, 'everything', REPLAY_RUNTIME_FILE)]);
    expect(files.length).toBeGreaterThan(SOURCES.length);
    const r = python(['-m', 'py_compile', ...files]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('files without the raw document compile too', () => {
    const dir = tempDir('export-bare');
    const paths: string[] = [];
    for (const src of SOURCES) {
      const parsed = parseScenario(src.text, 'x.yaml');
      if (!parsed.ok) throw new Error('invalid');
      for (const f of exportAirflowDags(parsed.scenario).files) {
        if (!f.path.endsWith('.py')) continue;
        const p = join(dir, `${src.name}__${f.path}`);
        writeFileSync(p, f.text);
        paths.push(p);
      }
    }
    const r = python(['-m', 'py_compile', ...paths]);
    expect(r.stderr).toBe('');
  });

  for (const src of SOURCES) {
    it(`${src.name}: each DAG file hands Airflow the scenario's values (run against signature stubs)`, () => {
      const { scenario } = exportOf(src);
      const r = python([join(STUBS, 'load_dags.py'), ...tree.dagFiles.get(src.name)!]);
      expect(r.stderr).toBe('');
      const loaded = JSON.parse(r.stdout) as LoadedDag[];
      expect(loaded.map((d) => d.dag_id).sort()).toEqual(scenario.dags.map((d) => d.dag_id).sort());
      for (const dag of scenario.dags) checkDag(scenario, dag, loaded.find((d) => d.dag_id === dag.dag_id)!);
    });

    it(`${src.name}: replay_events.py --dry-run prints a request for every replayed event`, () => {
      const { scenario } = exportOf(src);
      const r = python([tree.replays.get(src.name)!, '--dry-run']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const replayed = scenario.events.filter((e) => e.at <= scenario.clock.end);
      const headers = r.stdout.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));
      expect(headers.length).toBe(replayed.length);
      for (const ev of replayed) {
        if (ev.kind === 'api') expect(r.stdout).toContain(`  ${ev.api.method} ${ev.api.path}`);
        if (ev.kind === 'trigger') expect(r.stdout).toContain(`  POST /api/v2/dags/${ev.trigger.dag_id}/dagRuns`);
        if (ev.kind === 'backfill') expect(r.stdout).toContain('  POST /api/v2/backfills');
        if (ev.kind === 'pause') expect(r.stdout).toContain(`{"is_paused": true}`);
      }
    });
  }
});

describe('profile "2" exports Airflow 2.11 files', () => {
  it('imports only what Airflow 2.11 has, and says what it cannot express', () => {
    // Profile 2 refuses asset aliases (DatasetAlias is not modelled): the fixture's one alias goes.
    const text = fixture('everything.yaml').replace(/^airflow: "3\.1"$/m, 'airflow: "2"').replace(/^ +alias_outlets: .*\n/m, '');
    const r = exportAirflowDagsFromText(text, 'everything2.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const dags = r.export.files.filter((f) => f.path.endsWith('.py') && f.path !== 'replay_events.py' && f.path !== REPLAY_RUNTIME_FILE);
    expect(dags.length).toBe(r.scenario.dags.length);
    for (const f of dags) {
      expect(f.text, f.path).toMatch(/^from airflow import DAG$/m);
      const code = f.text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
      expect(code, f.path).not.toMatch(/airflow\.sdk|airflow\.providers\.standard|AssetWatcher|run_immediately|fail_when_dag_is_paused/);
      expect(f.text, f.path).toMatch(/^# Airflow 2\.11 DAG file/);
    }
    const messages = r.export.notes.map((n) => n.message).join('\n');
    expect(messages).toMatch(/no MultipleCronTriggerTimetable/);
    expect(messages).toMatch(/no AssetWatcher/);
    expect(messages).toMatch(/fail_when_dag_is_paused does not exist in Airflow 2\.11/);
    // The files without a MultipleCron schedule run against the stubs' Airflow 2 names.
    const dir = tempDir('export-af2');
    const paths = dags.filter((f) => !f.text.includes('not in Airflow 2.11')).map((f) => {
      const p = join(dir, f.path);
      writeFileSync(p, f.text);
      return p;
    });
    expect(paths.length).toBeGreaterThan(10);
    const loaded = python([join(STUBS, 'load_dags.py'), ...paths]);
    expect(loaded.stderr).toBe('');
    expect((JSON.parse(loaded.stdout) as LoadedDag[]).length).toBe(paths.length);
  });
});

describe('every scenario key maps to generated code or a note', () => {
  /** Key patterns the parser accepts (core/scenario/schema.ts), spelled as the trace spells them. */
  function schemaPatterns(): string[] {
    const p: string[] = [];
    const containers = new Set(['rules', 'config', 'clock', 'pools', 'assets', 'dags', 'events']);
    for (const k of TOP_KEYS) if (!containers.has(k)) p.push(k);
    for (const k of RULES_KEYS) p.push(`rules.${k}`);
    for (const k of CONFIG_KEYS) p.push(`config.${k}`);
    for (const k of CLOCK_KEYS) p.push(`clock.${k}`);
    p.push('pools.*');
    for (const k of ASSET_KEYS) if (k !== 'watchers') p.push(`assets[].${k}`);
    for (const k of WATCHER_KEYS) p.push(`assets[].watchers[].${k}`);
    for (const k of DAG_KEYS) if (!['schedule', 'default_args', 'tasks'].includes(k)) p.push(`dags[].${k}`);
    p.push('dags[].schedule');
    for (const k of [...SCHEDULE_FORM_KEYS, ...SCHEDULE_OPTION_KEYS]) p.push(`dags[].schedule.${k}`);
    for (const k of [...SCHEDULE_FORM_KEYS, ...SCHEDULE_OPTION_KEYS]) if (k !== 'assets' && k !== 'or_schedule') p.push(`dags[].schedule.or_schedule.${k}`);
    const taskish = (base: string, keys: readonly string[]) => {
      for (const k of keys) {
        if (k === 'trigger') for (const t of TRIGGER_KEYS) p.push(`${base}.trigger.${t}`);
        else if (k === 'templates') p.push(`${base}.templates.*`);
        else p.push(`${base}.${k}`);
      }
    };
    taskish('dags[].default_args', DEFAULT_ARGS_KEYS);
    taskish('dags[].tasks[]', TASK_KEYS);
    p.push('events[].at', 'events[].pause', 'events[].unpause');
    for (const [kind, fields] of Object.entries(EVENT_FIELDS)) for (const f of fields) p.push(`events[].${kind}.${f}`);
    return p.sort();
  }
  function withContainers(): string[] {
    return [...schemaPatterns(), ...CONTAINERS].sort();
  }

  it('KEY_MAP names every key of the scenario format, and nothing else', () => {
    expect(Object.keys(KEY_MAP).sort()).toEqual(withContainers());
    for (const [k, how] of Object.entries(KEY_MAP)) expect(how.length, k).toBeGreaterThan(3);
  });

  it('the fixture uses every key pattern at least once', () => {
    const used = new Set(rawKeys(rawScenarioDocument(fixture('everything.yaml'))).map((k) => k.pattern));
    expect(schemaPatterns().filter((p) => !used.has(p))).toEqual([]);
  });

  for (const src of SOURCES) {
    it(`${src.name}: every key of the file is traced, and traced code is in its file`, () => {
      const { exp } = exportOf(src);
      const keys = rawKeys(rawScenarioDocument(src.text));
      expect(keys.length).toBeGreaterThan(5);
      const byPath = new Map(exp.trace.map((t) => [t.path, t] as const));
      const files = new Map(exp.files.map((f) => [f.path, f.text] as const));
      for (const k of keys) {
        const t = byPath.get(k.path);
        expect(t, `${k.path} was not traced`).toBeDefined();
        expect(KEY_MAP[k.pattern], `${k.pattern} has no KEY_MAP entry`).toBeDefined();
        expect(t!.note ?? '', k.path).not.toMatch(/not exported/);
        if (t!.code !== null) {
          expect(files.get(t!.file!), `${k.path}: file ${t!.file}`).toBeDefined();
          expect(files.get(t!.file!)!, `${k.path} → ${t!.code}`).toContain(t!.code);
        } else {
          expect(t!.note, k.path).toBeTruthy();
        }
      }
    });
  }

  it('a key nobody maps is reported, never dropped', () => {
    const text = fixture('everything.yaml');
    const parsed = parseScenario(text, 'x.yaml');
    if (!parsed.ok) throw new Error('invalid');
    const raw = rawScenarioDocument(text) as Record<string, unknown>;
    (raw as Record<string, unknown>).future_key = 1; // as if the format grew a key the export does not know
    const exp = exportAirflowDags(parsed.scenario, raw);
    expect(exp.notes.find((n) => n.path === 'future_key')?.message).toMatch(/not exported/);
  });

  it('what Airflow cannot express is reported as a warning with its key', () => {
    const { exp } = exportOf(SOURCES.find((s) => s.name === 'everything')!);
    const warned = exp.notes.filter((n) => n.level === 'warning').map((n) => n.path);
    expect(warned).toEqual(expect.arrayContaining([
      'rules.prior_run_order', 'config.parallelism', 'dags[0].tasks[2].duration', 'dags[0].tasks[2].templates.t',
      'events[0].trigger.via', 'events[5].message', 'events[15].mark.map_index', 'events[16].at', 'assets[3]',
    ]));
    const etl = exp.files.find((f) => f.path === 'etl.py')!.text;
    expect(etl).toContain('Not expressible in this file');
    expect(etl).toContain('AIRFLOW__CORE__PARALLELISM=24');
  });
});

// ---------------------------------------------------------------------------------------------------

interface LoadedTask {
  task_id: string;
  class: string;
  args: Record<string, unknown>;
  upstream: string[];
  op_kwargs?: Record<string, unknown>;
  trigger?: Record<string, unknown>;
}
interface LoadedDag {
  dag_id: string;
  schedule: unknown;
  start_date: number | null;
  end_date: number | null;
  catchup: boolean;
  is_paused_upon_creation: boolean;
  max_active_runs: number;
  max_active_tasks: number;
  max_consecutive_failed_dag_runs: number;
  dagrun_timeout: number | null;
  params: Record<string, unknown>;
  tasks: LoadedTask[];
}

const OPERATOR_CLASS: Record<string, string> = {
  empty: 'EmptyOperator', trigger_dagrun: 'TriggerDagRunOperator', branch: 'BranchPythonOperator', short_circuit: 'ShortCircuitOperator',
};

/** What as_setup()/as_teardown() and ShortCircuitOperator add to the arguments the stubs record. */
function flowArgs(spec: Scenario['dags'][number]['tasks'][number]): Record<string, unknown> {
  return {
    ...(spec.role === 'setup' ? { is_setup: true } : {}),
    ...(spec.role === 'teardown' ? { is_teardown: true, ...(spec.on_failure_fail_dagrun !== undefined ? { on_failure_fail_dagrun: spec.on_failure_fail_dagrun } : {}) } : {}),
    ...(spec.skip_rule?.kind === 'short_circuit' ? { ignore_downstream_trigger_rules: spec.skip_rule.ignore_downstream_trigger_rules } : {}),
  };
}

/** The decision a branch/short-circuit callable receives, as the scenario's skip_rule. */
function flowKwargs(k: Record<string, unknown>): unknown {
  if (k.choose !== undefined) return { kind: 'branch_choice', choices: k.choose };
  if (k.branch !== undefined) return { kind: 'branch', follow: k.branch };
  return { kind: 'short_circuit', condition: k.condition, ignore_downstream_trigger_rules: expect.any(Boolean) };
}

function checkDag(scenario: Scenario, dag: Scenario['dags'][number], got: LoadedDag): void {
  const ctx = `${dag.dag_id}`;
  expect(got.start_date, ctx).toBe(dag.start_date === null ? null : dag.start_date / 1000);
  expect(got.end_date, ctx).toBe(dag.end_date === null ? null : dag.end_date / 1000);
  expect(got.catchup, ctx).toBe(dag.catchup);
  expect(got.is_paused_upon_creation, ctx).toBe(dag.paused);
  expect(got.max_active_runs, ctx).toBe(dag.max_active_runs);
  expect(got.max_active_tasks, ctx).toBe(dag.max_active_tasks);
  expect(got.max_consecutive_failed_dag_runs, ctx).toBe(dag.max_consecutive_failed_dag_runs);
  expect(got.dagrun_timeout, ctx).toBe(dag.dagrun_timeout_ms === null ? null : dag.dagrun_timeout_ms / 1000);
  expect(got.params, ctx).toEqual(dag.params);
  // The timetable class Airflow gets is the one the simulator used.
  const tt = makeTimetable(dag.schedule, { timezone: dag.timezone, create_cron_data_intervals: scenario.config.create_cron_data_intervals });
  const sched = got.schedule as { class?: string } | string | null;
  const cls = sched === null ? 'NullTimetable' : sched === '@once' ? 'OnceTimetable' : sched === '@continuous' ? 'ContinuousTimetable'
    : typeof sched === 'object' && sched.class ? sched.class : 'AssetTriggeredTimetable';
  expect(cls, ctx).toBe(tt.kind);
  expect(got.tasks.map((t) => t.task_id), ctx).toEqual(dag.tasks.map((t) => t.task_id));
  for (const spec of dag.tasks) {
    const t = got.tasks.find((x) => x.task_id === spec.task_id)!;
    const tctx = `${dag.dag_id}.${spec.task_id}`;
    expect(t.class, tctx).toBe(spec.sensor ? sensorClassName(spec.sensor) : OPERATOR_CLASS[spec.operator] ?? 'PythonOperator');
    expect([...t.upstream].sort(), tctx).toEqual([...spec.upstream].sort());
    // An argument not passed takes the version's default (2.11: True by config; 3.x: False).
    t.args.ignore_first_depends_on_past ??= ignoreFirstDependsOnPastDefault(scenario.airflow);
    expect(t.args, tctx).toEqual({
      trigger_rule: spec.trigger_rule, depends_on_past: spec.depends_on_past, wait_for_downstream: spec.wait_for_downstream,
      ignore_first_depends_on_past: spec.ignore_first_depends_on_past, retries: spec.retries, retry_delay: spec.retry_delay_ms / 1000,
      retry_exponential_backoff: spec.retry_exponential_backoff, max_retry_delay: spec.max_retry_delay_ms === null ? null : spec.max_retry_delay_ms / 1000,
      pool: spec.pool, pool_slots: spec.pool_slots, priority_weight: spec.priority_weight, weight_rule: spec.weight_rule,
      max_active_tis_per_dag: spec.max_active_tis_per_dag, max_active_tis_per_dagrun: spec.max_active_tis_per_dagrun,
      outlets: spec.outlets, start_date: spec.start_date === null ? null : spec.start_date / 1000, end_date: spec.end_date === null ? null : spec.end_date / 1000,
      ...flowArgs(spec),
    });
    if (spec.skip_rule) expect(flowKwargs(t.op_kwargs!), tctx).toEqual(spec.skip_rule);
    if (spec.operator === 'python' || spec.skip_rule) {
      const k = t.op_kwargs!;
      expect(k.duration, tctx).toEqual(spec.duration.kind === 'fixed' ? spec.duration.ms / 1000 : [spec.duration.min_ms / 1000, spec.duration.max_ms / 1000]);
      const o = spec.outcome;
      expect(k.outcome ?? 'success', tctx).toEqual(o.kind === 'fail_tries' ? { fail_tries: o.tries } : o.kind === 'fail_if' ? { fail_if: o.template } : o.kind);
      expect(k.returns ?? null, tctx).toEqual(spec.returns);
      expect(k.templates ?? {}, tctx).toEqual(spec.templates);
    }
    if (spec.trigger) {
      const tr = spec.trigger;
      expect(t.trigger, tctx).toEqual({
        dag_id: tr.dag_id, trigger_run_id: tr.trigger_run_id, conf: typeof tr.conf === 'object' && tr.conf !== null && Object.keys(tr.conf).length === 0 ? null : tr.conf,
        logical_date: tr.logical_date === undefined ? 'NOTSET' : tr.logical_date, reset_dag_run: tr.reset_dag_run, wait_for_completion: tr.wait_for_completion,
        poke_interval: tr.poke_interval_ms / 1000, allowed_states: tr.allowed_states, failed_states: tr.failed_states,
        skip_when_already_exists: tr.skip_when_already_exists, fail_when_dag_is_paused: tr.fail_when_dag_is_paused,
      });
    }
  }
}
