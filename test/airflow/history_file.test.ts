// Opening a history in the explorer: which texts are histories, that a saved output reads back
// unchanged, that bad fields are reported at their line, and the what-if scenario inferred from
// a history (its schedules, tasks and the settings a user edits).
import { describe, expect, it } from 'vitest';
import {
  draftWhatIfScenario, getLesson, inferSchedule, inferTasks, parseScenario, readHistoryText, simulate, whatIf,
  type DagRunOut, type RunOutput, type Scenario,
} from '../../core/index.js';
import { runOutputJson } from '../../core/export/json.js';
import { importHistory } from '../../core/import/airflow_api.js';
import { handleApiRequest } from '../../core/scheduler/rest_api.js';
import type { Simulation } from '../../core/scheduler/simulation.js';
import { sqlJs } from '../engine/run_yaml.js';
import { PAUSED_DAILY } from './fixtures/paused_daily.js';

function scenarioOf(text: string): Scenario {
  const p = parseScenario(text, 'test.yaml');
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.scenario;
}

async function outputOf(text: string): Promise<RunOutput> {
  const r = simulate(scenarioOf(text), { sql: await sqlJs() });
  const o = r.output;
  r.close();
  return o;
}


describe('history files', () => {
  it('scenarios (YAML or JSON with dags) and non-JSON are not histories', () => {
    expect(readHistoryText(getLesson('ds-undefined')!.text, 'a.yaml')).toBeNull();
    expect(readHistoryText('{"windtunnel": 1, "name": "x", "dags": [], "dag_runs": []}', 'a.json')).toBeNull();
    expect(readHistoryText('{"windtunnel": 1, "dag_runs": [', 'a.json')).toBeNull();
    expect(readHistoryText('[1, 2]', 'a.json')).toBeNull();
  });

  it('a saved output reads back exactly as it was written', async () => {
    const out = await outputOf(getLesson('inference-push-rest')!.text);
    const r = readHistoryText(runOutputJson(out), 'history.json');
    expect(r?.ok).toBe(true);
    if (!r?.ok || r.file.kind !== 'history') throw new Error('not a history');
    expect(runOutputJson(r.file.output)).toBe(runOutputJson(out));
  });

  it('keeps fields this version does not know, in place (the output format may grow)', async () => {
    const out = await outputOf(PAUSED_DAILY) as unknown as Record<string, unknown> & { dag_runs: Array<Record<string, unknown>> };
    const grown = { ...out, generator: 'windtunnel 9', dag_runs: out.dag_runs.map((r) => ({ ...r, note: 'n' })) };
    const text = JSON.stringify(grown, null, 2);
    const r = readHistoryText(text, 'grown.json');
    if (!r?.ok || r.file.kind !== 'history') throw new Error('not a history');
    expect(JSON.stringify(r.file.output, null, 2)).toBe(text);
  });

  it('reads the {actual, what_if} pair of import --what-if --format json', async () => {
    const out = await outputOf(PAUSED_DAILY);
    const r = readHistoryText(JSON.stringify({ actual: out, what_if: out }, null, 2), 'pair.json');
    expect(r?.ok && r.file.kind).toBe('what_if');
  });

  it('fills what an older or hand-written file leaves out with the output format\'s defaults', () => {
    const text = JSON.stringify({
      windtunnel: 1, clock: { start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z' },
      dag_runs: [{ dag_id: 'd', run_id: 'r', run_after: '2025-01-01T01:00:00Z', state: 'success' }],
    });
    const r = readHistoryText(text, 'h.json');
    if (!r?.ok || r.file.kind !== 'history') throw new Error(JSON.stringify(r));
    expect(r.file.output.dag_runs[0]).toMatchObject({ logical_date: null, conf: {}, backfill_id: null, clear_number: 0, queued_at: null });
    expect(r.file.output).toMatchObject({ scenario: 'history', airflow: '3.1', task_instances: [], log: [], xcoms: [] });
  });

  it('reports bad fields as FILE:LINE:COL path: message, at their line', async () => {
    const out = await outputOf(PAUSED_DAILY);
    out.dag_runs[1].run_after = 'yesterday';
    (out.task_instances[2] as unknown as Record<string, unknown>).try_number = 'two';
    const text = JSON.stringify(out, null, 2);
    const r = readHistoryText(text, 'bad.json');
    if (r === null || r.ok) throw new Error('expected errors');
    const lines = text.split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(r.errors).toEqual([
      { file: 'bad.json', line: at('"yesterday"'), col: expect.any(Number), path: 'dag_runs[1].run_after', message: "'yesterday' is not an instant (expected e.g. 2025-01-01T00:00:00Z)" },
      { file: 'bad.json', line: at('"two"'), col: expect.any(Number), path: 'task_instances[2].try_number', message: 'expected a number, got the string "two"' },
    ]);
    const missing = readHistoryText('{"windtunnel": 1, "dag_runs": [{"dag_id": "d"}]}', 'm.json');
    expect(missing?.ok).toBe(false);
    expect(!missing?.ok && missing?.errors.map((e) => e.path)).toEqual(['dag_runs[0].run_id', 'dag_runs[0].run_after', 'dag_runs[0].state', 'clock.start', 'clock.end']);
  });
});

const run = (over: Partial<DagRunOut>): DagRunOut => ({
  dag_id: 'd', run_id: over.run_after ?? 'r', run_type: 'scheduled', triggered_by: 'timetable', logical_date: null, data_interval_start: null,
  data_interval_end: null, run_after: '2025-01-01T00:00:00Z', queued_at: null, start_date: null, end_date: null, state: 'success', conf: {},
  backfill_id: null, clear_number: 0, ...over,
});
const trigger = (iso: string) => run({ logical_date: iso, data_interval_start: iso, data_interval_end: iso, run_after: iso });
const interval = (a: string, b: string) => run({ logical_date: a, data_interval_start: a, data_interval_end: b, run_after: b });

describe('what-if draft', () => {
  it('infers cron schedules: trigger timetables, data intervals, gaps from pauses, monthly, deltas', () => {
    expect(inferSchedule(['2025-01-01T00:15:00Z', '2025-01-01T01:15:00Z', '2025-01-01T02:15:00Z'].map(trigger)).yaml).toBe('"15 * * * *"');
    expect(inferSchedule(['2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'].map(trigger)).yaml).toBe('"@daily"');
    const gap = inferSchedule(['2025-01-01T02:30:00Z', '2025-01-02T02:30:00Z', '2025-01-05T02:30:00Z'].map(trigger));
    expect(gap.yaml).toBe('"30 2 * * *"');
    expect(gap.note).toContain('some runs missing');
    expect(inferSchedule([interval('2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'), interval('2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z')]).yaml)
      .toBe('{cron_data_interval: "@daily"}');
    expect(inferSchedule(['2025-01-05T06:00:00Z', '2025-02-05T06:00:00Z', '2025-03-05T06:00:00Z'].map(trigger)).yaml).toBe('"0 6 5 * *"');
    expect(inferSchedule(['2025-01-01T00:00:00Z', '2025-01-01T01:30:00Z', '2025-01-01T03:00:00Z'].map(trigger)).yaml).toBe('{delta_trigger: PT1H30M}');
    expect(inferSchedule(['2025-01-01T00:00:00Z', '2025-01-01T00:15:00Z'].map(trigger)).yaml).toBe('"*/15 * * * *"');
    expect(inferSchedule([run({ run_type: 'manual' })]).yaml).toBe('null');
    expect(inferSchedule(['2025-01-01T00:00:00Z', '2025-01-01T00:50:00Z', '2025-01-01T01:20:00Z'].map(trigger)).yaml).toBe('null');
  });

  it('orders tasks by when they start in a run and takes their median duration', () => {
    const runs = [run({ run_id: 'a', start_date: '2025-01-01T00:00:00Z' }), run({ run_id: 'b', start_date: '2025-01-02T00:00:00Z' })];
    const ti = (run_id: string, task_id: string, s: string, e: string) => ({ dag_id: 'd', run_id, task_id, map_index: -1, try_number: 1, state: 'success' as const, start_date: s, end_date: e, rendered: {}, error: null });
    const tasks = inferTasks(runs, [
      ti('a', 'load', '2025-01-01T00:10:00Z', '2025-01-01T00:30:00Z'), ti('a', 'extract', '2025-01-01T00:00:00Z', '2025-01-01T00:10:00Z'),
      ti('b', 'extract', '2025-01-02T00:00:00Z', '2025-01-02T00:12:00Z'), ti('b', 'load', '2025-01-02T00:12:00Z', '2025-01-02T00:30:00Z'),
    ]);
    expect(tasks.map((t) => [t.task_id, t.duration, t.upstream])).toEqual([['extract', 'PT11M', []], ['load', 'PT19M', ['extract']]]);
  });

  it('infers upstream tasks from the order they ran in, direct ones only; parallel tasks stay apart', () => {
    const runs = [run({ run_id: 'a', start_date: '2025-01-01T00:00:00Z' }), run({ run_id: 'b', start_date: '2025-01-02T00:00:00Z' })];
    const ti = (run_id: string, task_id: string, s: number, e: number) => {
      const day = run_id === 'a' ? '2025-01-01' : '2025-01-02';
      const at = (m: number) => `${day}T00:${String(m).padStart(2, '0')}:00Z`;
      return { dag_id: 'd', run_id, task_id, map_index: -1, try_number: 1, state: 'success' as const, start_date: at(s), end_date: at(e), rendered: {}, error: null };
    };
    // extract → (fa ∥ fb) → join; in run b fb is slower than fa, so neither is upstream of the other.
    const tis = [
      ti('a', 'extract', 0, 5), ti('a', 'fa', 5, 11), ti('a', 'fb', 5, 8), ti('a', 'join', 11, 13),
      ti('b', 'extract', 0, 5), ti('b', 'fa', 5, 8), ti('b', 'fb', 5, 12), ti('b', 'join', 12, 14),
    ];
    expect(Object.fromEntries(inferTasks(runs, tis).map((t) => [t.task_id, t.upstream]))).toEqual({ extract: [], fa: ['extract'], fb: ['extract'], join: ['fa', 'fb'] });
  });

  it('drafts a valid scenario from a history; editing catchup there changes the what-if', async () => {
    const history = await outputOf(PAUSED_DAILY);
    const draft = draftWhatIfScenario(history);
    const p = parseScenario(draft, 'what-if.yaml');
    if (!p.ok) throw new Error(`${draft}\n${JSON.stringify(p.errors)}`);
    expect(draft).toContain('schedule: "30 2 * * *"   # from 7 scheduled runs, some runs missing');
    expect(draft).toContain('start_date: 2025-05-31T02:30:00Z');
    expect(draft).toMatch(/dag_id: "adhoc"\n {4}schedule: null/);
    expect(draft).toContain('{task_id: "extract", duration: PT10M}');
    expect(draft).toContain('{task_id: "load", duration: PT20M, upstream: ["extract"]}');
    // The cut is the middle of the history, on the hour.
    expect(p.scenario.clock.start).toBe(Date.UTC(2025, 5, 4, 18));
    const as = whatIf(history, p.scenario, { sql: await sqlJs() });
    const on = whatIf(history, scenarioOf(draft.replace(/catchup: false/g, 'catchup: true')), { sql: await sqlJs() });
    const daily = (o: RunOutput) => o.dag_runs.filter((r) => r.dag_id === 'daily').map((r) => r.logical_date!.slice(0, 10));
    // In reality the pause swallowed 06-03 and 06-04. Re-simulated from the cut (06-04 18:00, which
    // knows nothing of the pause): catchup off makes only the latest missed run (06-04), catchup on
    // makes both; the runs before the cut are the history's own.
    expect(daily(history)).toEqual(['2025-05-31', '2025-06-01', '2025-06-02', '2025-06-05', '2025-06-06', '2025-06-07', '2025-06-08']);
    expect(daily(as.output)).toEqual(['2025-05-31', '2025-06-01', '2025-06-02', '2025-06-04', '2025-06-05', '2025-06-06', '2025-06-07', '2025-06-08', '2025-06-09', '2025-06-10', '2025-06-11', '2025-06-12']);
    expect(daily(on.output).slice(0, 6)).toEqual(['2025-05-31', '2025-06-01', '2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05']);
    expect(as.seeded).toBe(4); // three daily runs and the manual run before the cut
    // The manual run at 06-04 07:00 was before the cut: carried over, not replayed.
    expect(as.output.dag_runs.filter((r) => r.dag_id === 'adhoc').map((r) => r.run_id)).toEqual(history.dag_runs.filter((r) => r.dag_id === 'adhoc').map((r) => r.run_id));
  });
});

describe('what-if draft: assets', () => {
  const ASSETS = `
windtunnel: 1
name: assets
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z}
assets: [{name: raw}, {name: features}]
dags:
  - dag_id: producer
    schedule: "0 */6 * * *"
    start_date: 2025-01-01
    tasks: [{task_id: make, duration: PT10M, outlets: [raw]}]
  - dag_id: consumer
    schedule: {assets: [raw]}
    tasks: [{task_id: use, duration: PT5M}]
  - dag_id: either
    schedule: {assets: {any: [raw, features]}}
    tasks: [{task_id: t}]
events:
  - {at: 2025-01-01T03:00:00Z, asset_event: {asset: features}}
  - {at: 2025-01-02T03:00:00Z, asset_event: {asset: features}}
`;

  it('GET /assets/events names the runs each event made; import keeps them; the draft infers asset schedules and outlets', async () => {
    let sim: Simulation | null = null;
    const r = simulate(scenarioOf(ASSETS), { sql: await sqlJs(), afterStep: (x) => { sim = x; } });
    const get = (path: string) => ({ name: path, json: handleApiRequest(sim as unknown as Simulation, 'GET', path, undefined).body });
    const eventsDoc = get('/api/v2/assets/events?limit=100');
    const events = eventsDoc.json as { asset_events: Array<{ name: string; created_dagruns: Array<{ dag_id: string; run_id: string }> }> };
    const consumerRuns = r.output.dag_runs.filter((x) => x.dag_id === 'consumer').map((x) => x.run_id);
    expect(consumerRuns.length).toBeGreaterThan(3);
    // Every consumer run was made by exactly the raw events before it (the association Airflow keeps).
    expect(events.asset_events.flatMap((e) => e.created_dagruns.filter((c) => c.dag_id === 'consumer').map((c) => c.run_id)).sort()).toEqual([...consumerRuns].sort());
    expect(events.asset_events.filter((e) => e.name === 'features').every((e) => e.created_dagruns.every((c) => c.dag_id === 'either'))).toBe(true);

    const history = importHistory([get('/api/v2/dags/~/dagRuns?limit=100'), get('/api/v2/dags/~/dagRuns/~/taskInstances?limit=100'), eventsDoc], { name: 'assets' }).output;
    r.close();
    const draft = draftWhatIfScenario(history);
    expect(draft).toContain('schedule: {assets: ["raw"]}');
    expect(draft).toContain('schedule: {assets: {any: ["features", "raw"]}}');
    expect(draft).toContain('{task_id: "make", duration: PT10M, outlets: ["raw"]}');
    const p = parseScenario(draft, 'what-if.yaml');
    if (!p.ok) throw new Error(`${draft}\n${JSON.stringify(p.errors)}`);
    // Re-simulated from the cut, the producer's runs feed the consumer again.
    const w = whatIf(history, p.scenario, { sql: await sqlJs() });
    const cut = p.scenario.clock.start;
    const after = w.output.dag_runs.filter((x) => x.dag_id === 'consumer' && Date.parse(x.run_after) > cut);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((x) => x.run_type === 'asset_triggered' && x.logical_date === null)).toBe(true);
  });
});
