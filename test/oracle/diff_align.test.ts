// The differential's alignment and declared rules, on outputs made by hand and on Windtunnel's own
// output edited the way real Airflow could differ (no oracle needed).
import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { getLesson } from '../../core/index.js';
import { alignOutputs, instantMicros, ABSENT, WHOLE_ROW, type ComparableOutput } from '../../cli/airflow/diff_align.js';
import { diffScenarioFile, windtunnelOutput, withProfile, scenarioProfile } from '../../cli/airflow/diff_run.js';
import { parseDeclared } from '../../cli/airflow/diff_declared.js';
import { diffJson, diffTable } from '../../cli/airflow/diff_format.js';

const sql = await initSqlJs();
const lesson = getLesson('xcom-prior-run')!;
type Rows = Array<Record<string, unknown>>;
const clone = (x: ComparableOutput) => JSON.parse(JSON.stringify(x)) as { dag_runs: Rows; task_instances: Rows };

describe('alignOutputs', () => {
  const wt = windtunnelOutput(lesson.text, 'xcom-prior-run.yaml', sql);

  it('finds nothing between an output and itself, whatever the row order', () => {
    const af = clone(wt);
    af.dag_runs.reverse();
    af.task_instances.reverse();
    const a = alignOutputs(wt, af);
    expect(a.differences).toEqual([]);
    expect(a.runsCompared).toBe(wt.dag_runs.length);
    expect(a.taskInstancesCompared).toBe(wt.task_instances.length);
    expect(a.runsCompared).toBeGreaterThan(3);
  });

  it('compares instants as instants: +00:00 and microseconds are the same time', () => {
    const af = clone(wt);
    for (const r of af.dag_runs) r.start_date = String(r.start_date).replace('Z', '.000000+00:00');
    expect(alignOutputs(wt, af).differences).toEqual([]);
    expect(instantMicros('2025-04-01T00:00:00.000001+00:00')! - instantMicros('2025-04-01T00:00:00Z')!).toBe(1);
    expect(instantMicros('2025-04-01T02:00:00+02:00')).toBe(instantMicros('2025-04-01T00:00:00Z'));
    expect(instantMicros('yesterday')).toBeNull();
  });

  it('compares instants to the millisecond: a same-instant request stamped k µs later is the same instant, 1 ms is not', () => {
    const af = clone(wt);
    af.dag_runs[0].queued_at = String(af.dag_runs[0].queued_at).replace('Z', '.000004+00:00');
    expect(alignOutputs(wt, af).differences).toEqual([]);
    af.dag_runs[0].queued_at = String(wt.dag_runs[0].queued_at).replace('Z', '.001+00:00');
    expect(alignOutputs(wt, af).differences.map((d) => d.field)).toEqual(['queued_at']);
  });

  it('reports a changed field with both values and the row key', () => {
    const af = clone(wt);
    const ti = af.task_instances[2];
    ti.state = 'failed';
    const a = alignOutputs(wt, af);
    expect(a.differences).toEqual([{ kind: 'task_instance', key: `${ti.dag_id} ${ti.run_id} ${ti.task_id} ${ti.map_index}`, field: 'state', windtunnel: 'success', airflow: 'failed' }]);
  });

  it('reports rows on one side only, both ways', () => {
    const af = clone(wt);
    const gone = af.dag_runs.pop()!;
    af.dag_runs.push({ ...gone, run_id: 'manual__extra' });
    const a = alignOutputs(wt, af);
    expect(a.differences.map((d) => [d.kind, d.key, d.field, d.windtunnel === null, d.airflow === null])).toEqual([
      ['dag_run', `${gone.dag_id} ${gone.run_id}`, WHOLE_ROW, false, true],
      ['dag_run', `${gone.dag_id} manual__extra`, WHOLE_ROW, true, false],
    ]);
    expect(a.runsCompared).toBe(wt.dag_runs.length - 1);
  });

  it('walks into objects (conf, response bodies) and names a field Airflow lacks', () => {
    const w: ComparableOutput = {
      dag_runs: [{ dag_id: 'd', run_id: 'r', conf: { a: 1, b: { c: 2 } }, state: 'success' }],
      task_instances: [],
      event_results: [{ index: 0, at: '2025-01-01T00:00:00Z', kind: 'api', ok: false, status: 409, response: { detail: 'exists' } }],
    };
    const af: ComparableOutput = {
      dag_runs: [{ dag_id: 'd', run_id: 'r', conf: { b: { c: 3 }, a: 1 }, state: 'success' }],
      task_instances: [],
      event_results: [{ index: 0, at: '2025-01-01T00:00:00+00:00', kind: 'api', ok: false, status: 400, response: { detail: 'exists' } }],
    };
    const fields = alignOutputs(w, af).differences.map((d) => `${d.kind} ${d.field} ${JSON.stringify(d.windtunnel)} ${JSON.stringify(d.airflow)}`);
    expect(fields).toContain('dag_run conf.b.c 2 3');
    expect(fields).toContain('event_result status 409 400');
    expect(fields.some((f) => f.startsWith('dag_run run_type') && f.endsWith(JSON.stringify(ABSENT)))).toBe(false); // absent on both sides: equal
    const onlyW = alignOutputs({ ...w, dag_runs: [{ ...w.dag_runs[0], clear_number: 0 }] }, af).differences.find((d) => d.field === 'clear_number');
    expect(onlyW).toEqual({ kind: 'dag_run', key: 'd r', field: 'clear_number', windtunnel: 0, airflow: ABSENT });
  });

  it('aligns asset events by asset, source and order, not by timestamp', () => {
    const ev = (t: string, extra = {}) => ({ asset: 'a', timestamp: t, source_dag_id: null, source_run_id: null, source_task_id: null, extra });
    const w: ComparableOutput = { dag_runs: [], task_instances: [], asset_events: [ev('2025-01-01T00:00:00Z'), ev('2025-01-01T01:00:00Z')] };
    const af: ComparableOutput = { dag_runs: [], task_instances: [], asset_events: [ev('2025-01-01T01:00:01Z'), ev('2025-01-01T00:00:00Z', { x: 1 })] };
    const d = alignOutputs(w, af).differences;
    expect(d.map((x) => `${x.key} ${x.field}`)).toEqual(['a #0 extra.x', 'a #1 timestamp']);
  });
});

describe('profiles and formats', () => {
  it('replaces the scenario profile, keeping the rest', () => {
    const t = withProfile(lesson.text, '3.0');
    expect(scenarioProfile(t, 'x.yaml')).toBe('3.0');
    expect(t).toContain('**Question:**');
    expect(scenarioProfile(lesson.text, 'x.yaml')).toBe('3.1');
  });

  it('prints the documented JSON keys and a readable table', () => {
    const report = {
      profile: '3.1', airflow_version: '3.1.8', runs_compared: 2, task_instances_compared: 4,
      differences: [{ kind: 'dag_run' as const, key: 'd r', field: 'state', windtunnel: 'success', airflow: 'failed' }],
      declared: [{ kind: 'task_instance' as const, key: 'd r t -1', field: 'start_date', windtunnel: 'a', airflow: 'b', rule: 'x', reason: 'y' }],
    };
    expect(Object.keys(JSON.parse(diffJson(report)))).toEqual(['profile', 'airflow_version', 'runs_compared', 'task_instances_compared', 'differences', 'declared']);
    const t = diffTable(report);
    expect(t).toContain('1 undeclared difference(s):');
    expect(t).toContain('dag_run d r state: windtunnel success  airflow failed');
    expect(t).toContain('[x] task_instance d r t -1 start_date');
  });
});

describe('diffScenarioFile', () => {
  const file = 'core/scenario/lessons/xcom-prior-run.yaml';
  /** An oracle that answers Windtunnel's own output, edited: what a real Airflow could differ in. */
  const fakeOracle = (edit: (o: { dag_runs: Rows; task_instances: Rows }) => void) => ({
    calls: [] as Array<{ file: string; profileOverride?: string }>,
    async replay(f: string, opts: { profileOverride?: string } = {}) {
      this.calls.push({ file: f, ...opts });
      const o = clone(windtunnelOutput(withProfile(lesson.text, opts.profileOverride ?? '3.1'), f, sql));
      edit(o);
      return { airflowVersion: '3.1.8', output: o };
    },
  });
  const rules = parseDeclared(`declared:
  - {id: late-start, reason: Airflow starts task instances on its next loop, kind: task_instance, field: start_date, when: {airflow_later_within_seconds: 1}}
`, 'r.yaml');

  it('splits declared from undeclared differences and counts what it compared', async () => {
    const oracle = fakeOracle((o) => {
      o.task_instances[0].start_date = String(o.task_instances[0].start_date).replace('Z', '.250000+00:00');
      o.dag_runs[1].state = 'failed';
    });
    const r = await diffScenarioFile(file, { oracle, rules, sql });
    expect(r.profile).toBe('3.1');
    expect(r.airflow_version).toBe('3.1.8');
    expect(r.runs_compared).toBeGreaterThan(3);
    expect(r.differences.map((d) => `${d.kind} ${d.field} ${String(d.airflow)}`)).toEqual(['dag_run state failed']);
    expect(r.declared.map((d) => d.rule)).toEqual(['late-start']);
    expect(oracle.calls).toEqual([{ file }]);
  });

  it('runs both sides under --profile and asks the oracle for it', async () => {
    const oracle = fakeOracle(() => {});
    const r = await diffScenarioFile(file, { oracle, rules, sql, profile: '3.0' });
    expect(r.profile).toBe('3.0');
    expect(r.differences).toEqual([]);
    expect(oracle.calls).toEqual([{ file, profileOverride: '3.0' }]);
  });

  it('refuses an oracle answer without the lists it aligns', async () => {
    const oracle = { replay: async () => ({ airflowVersion: '3.1.8', output: { dag_runs: [] } }) };
    await expect(diffScenarioFile(file, { oracle, rules, sql })).rejects.toThrow(/no 'task_instances' list/);
  });
});
