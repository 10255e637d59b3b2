// export-dags checked by real Airflow: every lesson's exported folder is read by its profile's real
// DagBag (zero import errors), the serialized DAGs match the scenario (timetable class and cron,
// tasks, dependencies, retries, pools), and `import-dags` of that folder gives back an equivalent
// scenario (the round trip). One Python process per profile reads all of its lessons' folders.
// Skipped, with the reason, when a profile's Airflow is not set up (`npm run oracle:setup`).
import { afterAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLesson, listLessons, parseScenario, type Scenario } from '../../core/index.js';
import type { DagSpec, TaskSpec } from '../../core/model/scenario.js';
import { mappedKwargs } from '../../core/model/task_expand.js';
import { exportAirflowDagsFromText } from '../../core/export/airflow_dags/index.js';
import { readDagFolders } from '../../cli/airflow/import_dags_python.js';
import { importedScenarioYaml, type ImportAnswer } from '../../cli/airflow/import_dags_scenario.js';
import { oracleAvailable } from '../../cli/airflow/oracle_process.js';
import { expectedTimetable, scheduleSignature, serializedTimetableSignature } from './timetable_signature.js';

/**
 * DAGs real Airflow cannot serialize as exported, each with the reason Airflow gives: the test checks
 * that this is still the reason (so a fix shows up) and compares every other DAG of the lesson. Empty
 * now: the inference-poll-watcher lesson's AssetWatcher failed with "No message queue providers are
 * available" until its export changed.
 */
const KNOWN_UNSERIALIZABLE: Record<string, { dag_id: string; reason: RegExp }> = {};

interface Exported { lesson: string; profile: string; folder: string; scenario: Scenario }

const root = mkdtempSync(join(tmpdir(), 'wt-export-round-trip-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Oracle fixtures whose constructs no lesson has yet (XCom mapping, ignore_first_depends_on_past,
 * sensors, asset aliases). */
const FIXTURES = ['xcom-mapping', 'ignore-first-depends-on-past', 'sensors', 'asset-aliases'];
const fixtureText = (name: string) => readFileSync(new URL(`../oracle/fixtures/${name}.yaml`, import.meta.url), 'utf8');

function exportLesson(name: string, text = getLesson(name)!.text): Exported {
  const result = exportAirflowDagsFromText(text, `lesson:${name}`);
  if (!result.ok) throw new Error(`${name}: ${result.errors.map((e) => e.message).join('; ')}`);
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  for (const f of result.export.files) writeFileSync(join(folder, f.path), f.text);
  return { lesson: name, profile: result.scenario.airflow, folder, scenario: result.scenario };
}

/** The task facts a DAG file carries, for comparing two scenarios (or a scenario and Airflow). */
function taskFacts(t: TaskSpec): Record<string, unknown> {
  return {
    operator: t.operator, upstream: [...t.upstream].sort(), trigger_rule: t.trigger_rule, retries: t.retries,
    retry_delay_ms: t.retry_delay_ms, retry_exponential_backoff: t.retry_exponential_backoff,
    max_retry_delay_ms: t.max_retry_delay_ms, pool: t.pool, pool_slots: t.pool_slots,
    priority_weight: t.priority_weight, weight_rule: t.weight_rule, depends_on_past: t.depends_on_past,
    wait_for_downstream: t.wait_for_downstream,
    // Only read with depends_on_past (Airflow 2.11's BaseOperator defaults it to True, 3.x to False).
    ignore_first_depends_on_past: t.depends_on_past ? t.ignore_first_depends_on_past : null,
    max_active_tis_per_dag: t.max_active_tis_per_dag, max_active_tis_per_dagrun: t.max_active_tis_per_dagrun,
    outlets: [...t.outlets].sort(), duration: t.duration, outcome: t.outcome, returns: t.returns,
    templates: t.templates, trigger_dag_id: t.trigger?.dag_id ?? null,
    map_kwargs: t.expand ? mappedKwargs(t.expand) : null,
    // Branch, short-circuit and setup/teardown (import_dags/task_flow.py reads them back).
    skip_rule: t.skip_rule ?? null, role: t.role ?? null, on_failure_fail_dagrun: t.on_failure_fail_dagrun ?? null,
    map_over_xcom: t.expand?.kind === 'expand_xcom' ? t.expand : null,
    returns_list: t.returns_list ?? null,
    // Sensors (import_dags/sensors.py) and execution_timeout.
    sensor: t.sensor ?? null, execution_timeout_ms: t.execution_timeout_ms,
    // Asset aliases a task adds events through (import_dags/alias_outlets.py).
    alias_outlets: t.alias_outlets ?? null,
  };
}

function dagFacts(d: DagSpec, s: Scenario): Record<string, unknown> {
  return {
    schedule: scheduleSignature(d.schedule, s.config), start_date: d.start_date, end_date: d.end_date,
    catchup: d.catchup, max_active_runs: d.max_active_runs, max_active_tasks: d.max_active_tasks,
    max_consecutive_failed_dag_runs: d.max_consecutive_failed_dag_runs, dagrun_timeout_ms: d.dagrun_timeout_ms,
    tasks: Object.fromEntries(d.tasks.map((t) => [t.task_id, taskFacts(t)])),
  };
}

const lessons = [...listLessons().map((l) => exportLesson(l.name)), ...FIXTURES.map((f) => exportLesson(f, fixtureText(f)))];
const byProfile = new Map<string, Exported[]>();
for (const e of lessons) byProfile.set(e.profile, [...(byProfile.get(e.profile) ?? []), e]);

for (const [profile, exported] of byProfile) {
  const available = oracleAvailable(profile);
  describe(`export-dags read by real Airflow, profile ${profile}`, () => {
    if (!available.ok) { test('the oracle is set up', () => { throw new Error(available.message); }); return; }
    let answers: Promise<ImportAnswer[]> | null = null;
    const answerFor = async (e: Exported) => {
      answers ??= readDagFolders(exported.map((x) => x.folder), { profile, name: 'round-trip', timeoutMs: 600_000 });
      return (await answers)[exported.indexOf(e)];
    };

    test.each(exported.map((e) => [e.lesson, e] as const))('%s: loads with zero import errors; timetables, tasks, dependencies, retries and pools as the scenario says', async (_n, e) => {
      const answer = await answerFor(e);
      expect(answer.import_errors.map((x) => `${x.file}:${x.line}: ${x.message}`)).toEqual([]);
      const known = KNOWN_UNSERIALIZABLE[e.lesson];
      expect(answer.skipped_dags.filter((s) => !(known && s.dag_id === known.dag_id && known.reason.test(s.reason)))).toEqual([]);
      const dags = e.scenario.dags.filter((d) => d.dag_id !== known?.dag_id);
      expect(Object.keys(answer.timetables).sort()).toEqual(dags.map((d) => d.dag_id).sort());
      for (const d of dags) {
        expect(serializedTimetableSignature(answer.timetables[d.dag_id]), `${d.dag_id} timetable`).toEqual(expectedTimetable(d.schedule, e.scenario.config, profile));
        const imported = (answer.scenario.dags as Array<{ dag_id: string; tasks: Array<Record<string, unknown>> }>).find((x) => x.dag_id === d.dag_id)!;
        const real = Object.fromEntries(imported.tasks.map((t) => [t.task_id, { upstream: t.upstream ?? [], retries: t.retries, pool: t.pool, pool_slots: t.pool_slots }]));
        const want = Object.fromEntries(d.tasks.map((t) => [t.task_id, { upstream: [...t.upstream].sort(), retries: t.retries, pool: t.pool, pool_slots: t.pool_slots }]));
        expect(real, `${d.dag_id} tasks`).toEqual(want);
      }
    }, 660_000);

    test.each(exported.map((e) => [e.lesson, e] as const))('%s: import-dags gives back an equivalent scenario', async (_n, e) => {
      const answer = await answerFor(e);
      const back = importedScenarioYaml(answer, `${e.lesson}-imported.yaml`);
      expect(back.repairs).toEqual([]);
      const parsed = parseScenario(back.yaml, `${e.lesson}-imported.yaml`, { profile: e.scenario.airflow });
      if (!parsed.ok) throw new Error(parsed.errors.map((x) => `${x.path}: ${x.message}`).join('\n'));
      const got = Object.fromEntries(parsed.scenario.dags.map((d) => [d.dag_id, dagFacts(d, parsed.scenario)]));
      const known = KNOWN_UNSERIALIZABLE[e.lesson];
      const want = Object.fromEntries(e.scenario.dags.filter((d) => d.dag_id !== known?.dag_id).map((d) => [d.dag_id, dagFacts(d, e.scenario)]));
      expect(got).toEqual(want);
      if (!known) expect(parsed.scenario.assets.map((a) => a.name).sort()).toEqual(e.scenario.assets.map((a) => a.name).sort());
    }, 660_000);
  });
}
