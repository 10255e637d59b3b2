// Pairing runs whose ids end in Airflow's random suffix (cli/airflow/diff_random_ids.ts) and the
// declared rule random-run-id-suffix: such runs are compared field by field, and nothing else pairs.
import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { getLesson } from '../../core/index.js';
import { alignOutputs, WHOLE_ROW, type ComparableOutput } from '../../cli/airflow/diff_align.js';
import { windtunnelOutput } from '../../cli/airflow/diff_run.js';
import { applyDeclared, loadDeclared, ruleMatches } from '../../cli/airflow/diff_declared.js';
import { pairRandomRunIds, randomSuffixStem } from '../../cli/airflow/diff_random_ids.js';

const sql = await initSqlJs();
const rules = loadDeclared();
const rule = rules.find((r) => r.id === 'random-run-id-suffix')!;
type Rows = Array<Record<string, unknown>>;
type Out = { dag_runs: Rows; task_instances: Rows; xcoms: Rows; event_results: Rows };
const clone = (x: ComparableOutput) => JSON.parse(JSON.stringify(x)) as Out;

/** Windtunnel's output with every suffixed run id given another suffix, everywhere it appears. */
function resuffixed(o: ComparableOutput, suffix = (i: number) => `Zz${String(i).padStart(6, '0')}`): Out {
  let text = JSON.stringify(o);
  o.dag_runs.forEach((r, i) => {
    const id = String(r.run_id);
    if (randomSuffixStem(id) !== null) text = text.split(id).join(id.slice(0, -8) + suffix(i));
  });
  return JSON.parse(text) as Out;
}

describe('runs named with a random suffix', () => {
  const lesson = getLesson('inference-poll-watcher')!;
  const wt = windtunnelOutput(lesson.text, 'inference-poll-watcher.yaml', sql);

  it('recognises Airflow 3 suffixes and nothing without a run type and an instant before them', () => {
    expect(randomSuffixStem('asset_triggered__2025-05-01T10:01:00+00:00_MTX6T5bC')).toBe('asset_triggered__2025-05-01T10:01:00+00:00_');
    expect(randomSuffixStem('manual__2025-03-01T09:00:00.123456+00:00_77w9PB0h')).toBe('manual__2025-03-01T09:00:00.123456+00:00_');
    expect(randomSuffixStem('backfill__2025-03-01T00:00:00+00:00__eu__aB3dE5gH')).toBe('backfill__2025-03-01T00:00:00+00:00__eu__');
    for (const id of ['scheduled__2025-03-01T09:00:00+00:00', 'manual__2025-03-01T09:00:00+00:00', 'r_ABCDEFGH', 'kick_noon', 'manual__2025-03-01_ABCDEFGH', 'manual__2025-03-01T09:00:00+00:00_ABCDEFG', 'manual__2025-03-01T09:00:00+00:00_ABCDEFG!']) {
      expect(randomSuffixStem(id), id).toBeNull();
    }
  });

  it('pairs them, compares every other field under Windtunnel\'s id, and the pairing is declared', () => {
    const suffixed = wt.dag_runs.filter((r) => randomSuffixStem(String(r.run_id)) !== null);
    expect(suffixed.length).toBe(4);
    const af = resuffixed(wt);
    const a = alignOutputs(wt, af);
    expect(a.runsCompared).toBe(wt.dag_runs.length);
    expect(a.taskInstancesCompared).toBe(wt.task_instances.length);
    expect(a.differences.map((d) => [d.kind, d.field])).toEqual(suffixed.map(() => ['dag_run', 'run_id']));
    const { undeclared, declared } = applyDeclared(a.differences, rules, '3.3');
    expect(undeclared).toEqual([]);
    expect(declared.map((d) => d.rule)).toEqual(suffixed.map(() => 'random-run-id-suffix'));
  });

  it('still reports a field that differs in a paired run, under Windtunnel\'s key', () => {
    const af = resuffixed(wt);
    af.task_instances[1].state = 'failed';
    const ti = wt.task_instances[1];
    const undeclared = applyDeclared(alignOutputs(wt, af).differences, rules, '3.3').undeclared;
    expect(undeclared).toEqual([{ kind: 'task_instance', key: `${ti.dag_id} ${ti.run_id} ${ti.task_id} ${ti.map_index}`, field: 'state', windtunnel: ti.state, airflow: 'failed' }]);
  });

  it('renames the id inside strings too (a rendered run_id, a response body)', () => {
    const w = { dag_runs: [{ dag_id: 'd', run_id: 'manual__2025-01-01T00:00:00+00:00_aaaaaaaa', run_after: '2025-01-01T00:00:00Z' }], task_instances: [{ dag_id: 'd', run_id: 'manual__2025-01-01T00:00:00+00:00_aaaaaaaa', task_id: 't', map_index: -1, rendered: { x: 'run manual__2025-01-01T00:00:00+00:00_aaaaaaaa' } }], event_results: [{ index: 0, response: { dag_run_id: 'manual__2025-01-01T00:00:00+00:00_aaaaaaaa' } }] };
    const f = JSON.parse(JSON.stringify(w).split('aaaaaaaa').join('bBbB1234')) as typeof w;
    const a = alignOutputs(w, f);
    expect(a.differences.map((d) => d.field)).toEqual(['run_id']);
  });

  it('does not pair ids whose part before the suffix differs (another run_after, another DAG)', () => {
    const af = resuffixed(wt);
    const r = af.dag_runs.find((x) => randomSuffixStem(String(x.run_id)) !== null)!;
    const old = String(r.run_id);
    const moved = old.replace('10:01:00', '10:01:01');
    expect(moved).not.toBe(old);
    const shifted = JSON.parse(JSON.stringify(af).split(old).join(moved)) as Out;
    const d = alignOutputs(wt, shifted).differences.filter((x) => x.field === WHOLE_ROW && x.kind === 'dag_run');
    expect(d.map((x) => [x.windtunnel === null, x.airflow === null])).toEqual([[false, true], [true, false]]);
    const other = JSON.parse(JSON.stringify(af).split('"inference"').join('"other"')) as Out;
    expect(pairRandomRunIds(wt.dag_runs, other.dag_runs)).toEqual([]);
  });

  it('pairs a group only when both sides made the same number of runs in it', () => {
    const base = { dag_id: 'd', run_after: '2025-01-01T00:00:00Z' };
    const id = (s: string) => `asset_triggered__2025-01-01T00:00:00+00:00_${s}`;
    const w = [{ ...base, run_id: id('aaaaaaaa') }, { ...base, run_id: id('bbbbbbbb') }];
    expect(pairRandomRunIds(w, [{ ...base, run_id: id('cccccccc') }])).toEqual([]);
    expect(pairRandomRunIds(w, [{ ...base, run_id: id('cccccccc') }, { ...base, run_id: id('dddddddd') }])).toEqual([
      { dag_id: 'd', windtunnel: id('aaaaaaaa'), airflow: id('cccccccc') },
      { dag_id: 'd', windtunnel: id('bbbbbbbb'), airflow: id('dddddddd') },
    ]);
    // An id present on both sides is never re-paired: the other one has no partner left.
    expect(pairRandomRunIds(w, [{ ...base, run_id: id('aaaaaaaa') }, { ...base, run_id: id('dddddddd') }])).toEqual([
      { dag_id: 'd', windtunnel: id('bbbbbbbb'), airflow: id('dddddddd') },
    ]);
  });

  it('declares only a run_id pair with the same id before the suffix', () => {
    const d = (w: string, a: string) => ({ kind: 'dag_run' as const, key: `d ${w}`, field: 'run_id', windtunnel: w, airflow: a });
    expect(ruleMatches(rule, d('manual__2025-01-01T00:00:00+00:00_aaaaaaaa', 'manual__2025-01-01T00:00:00+00:00_bbbbbbbb'), '3.0')).toBe(true);
    expect(ruleMatches(rule, d('manual__2025-01-01T00:00:00+00:00_aaaaaaaa', 'manual__2025-01-01T00:00:01+00:00_bbbbbbbb'), '3.0')).toBe(false);
    expect(ruleMatches(rule, d('manual__2025-01-01T00:00:00+00:00_aaaaaaaa', 'asset_triggered__2025-01-01T00:00:00+00:00_bbbbbbbb'), '3.0')).toBe(false);
    expect(ruleMatches(rule, d('r1', 'r2'), '3.0')).toBe(false);
    expect(ruleMatches(rule, { ...d('manual__2025-01-01T00:00:00+00:00_aaaaaaaa', 'manual__2025-01-01T00:00:00+00:00_bbbbbbbb'), kind: 'task_instance' }, '3.0')).toBe(false);
  });
});
