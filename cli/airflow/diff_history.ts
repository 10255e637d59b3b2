// `windtunnel diff --history FILE SCENARIO`: what a real Airflow did (a history from `windtunnel import
// --url`) against what Windtunnel simulates for the scenario that drove it (replay_events.py).
// Real runs happen on the wall clock, so the two time axes are aligned at the first run both have, and
// every instant is then compared with a stated tolerance; states, run types, triggers, confs, try
// numbers and which runs and task instances exist are compared exactly.
import { formatError, readHistoryText, simulate, type RunOutput } from '../../core/index.js';
import { CliError, loadScenario, loadSql, profileOption, readScenarioText } from '../load.js';

type Run = RunOutput['dag_runs'][number];
type Ti = RunOutput['task_instances'][number];

export const DEFAULT_TOLERANCE_S = 120;

export interface HistoryDifference {
  /** dag_id/run_id (real run id), or dag_id/run_id/task_id[map_index]. */
  key: string;
  field: string;
  real: unknown;
  simulated: unknown;
}

export interface HistoryDiffReport {
  tolerance_s: number;
  /** real instant − simulated instant at the alignment run (ms). */
  offset_ms: number | null;
  aligned_on: string | null;
  runs: { real: number; simulated: number; matched: number };
  task_instances: { real: number; simulated: number; matched: number };
  /** The largest timing deviation seen after alignment, in seconds (within tolerance or not). */
  max_timing_deviation_s: number;
  differences: HistoryDifference[];
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Runs paired by dag_id + run_id, then the rest of each DAG's runs in queued order. */
function pairRuns(real: Run[], sim: Run[]): { pairs: Array<[Run, Run]>; onlyReal: Run[]; onlySim: Run[] } {
  const key = (r: Run) => `${r.dag_id}\u0000${r.run_id}`;
  const simByKey = new Map(sim.map((r) => [key(r), r]));
  const pairs: Array<[Run, Run]> = [];
  const restReal: Run[] = [];
  const usedSim = new Set<Run>();
  for (const r of real) {
    const s = simByKey.get(key(r));
    if (s) { pairs.push([r, s]); usedSim.add(s); } else restReal.push(r);
  }
  const byQueued = (a: Run, b: Run) => (ms(a.queued_at) ?? 0) - (ms(b.queued_at) ?? 0);
  const restSim = sim.filter((s) => !usedSim.has(s));
  const onlyReal: Run[] = [];
  for (const dag of new Set(restReal.map((r) => r.dag_id))) {
    const rs = restReal.filter((r) => r.dag_id === dag).sort(byQueued);
    const ss = restSim.filter((s) => s.dag_id === dag).sort(byQueued);
    rs.forEach((r, i) => {
      const s = ss[i];
      if (s) { pairs.push([r, s]); usedSim.add(s); } else onlyReal.push(r);
    });
  }
  return { pairs, onlyReal, onlySim: sim.filter((s) => !usedSim.has(s)) };
}

export function diffHistory(real: RunOutput, simulated: RunOutput, toleranceS = DEFAULT_TOLERANCE_S): HistoryDiffReport {
  const differences: HistoryDifference[] = [];
  const { pairs, onlyReal, onlySim } = pairRuns(real.dag_runs, simulated.dag_runs);
  for (const r of onlyReal) differences.push({ key: `${r.dag_id}/${r.run_id}`, field: 'run', real: r.state, simulated: 'missing' });
  for (const s of onlySim) differences.push({ key: `${s.dag_id}/${s.run_id}`, field: 'run', real: 'missing', simulated: s.state });

  // The time axes meet at the earliest-queued run both sides have.
  const anchor = [...pairs].sort((a, b) => (ms(a[0].queued_at) ?? 0) - (ms(b[0].queued_at) ?? 0))[0];
  const offset = anchor && ms(anchor[0].queued_at) !== null && ms(anchor[1].queued_at) !== null
    ? ms(anchor[0].queued_at)! - ms(anchor[1].queued_at)! : null;
  let maxDev = 0;
  const timing = (key: string, field: string, realIso: string | null | undefined, simIso: string | null | undefined) => {
    const a = ms(realIso);
    const b = ms(simIso);
    if (a === null || b === null || offset === null) {
      if ((a === null) !== (b === null)) differences.push({ key, field, real: realIso ?? null, simulated: simIso ?? null });
      return;
    }
    const dev = Math.abs(a - offset - b) / 1000;
    maxDev = Math.max(maxDev, dev);
    if (dev > toleranceS) differences.push({ key, field: `${field} (±${toleranceS} s)`, real: realIso, simulated: simIso });
  };

  let tiReal = 0;
  let tiSim = 0;
  let tiMatched = 0;
  for (const [r, s] of pairs) {
    const key = `${r.dag_id}/${r.run_id}`;
    for (const field of ['run_type', 'triggered_by', 'state', 'conf'] as const) {
      if (!same(r[field], s[field])) differences.push({ key, field, real: r[field], simulated: s[field] });
    }
    if ((r.logical_date === null) !== (s.logical_date === null)) differences.push({ key, field: 'logical_date', real: r.logical_date, simulated: s.logical_date });
    timing(key, 'queued_at', r.queued_at, s.queued_at);
    timing(key, 'start_date', r.start_date, s.start_date);
    timing(key, 'end_date', r.end_date, s.end_date);
    const tis = (o: RunOutput, run: Run) => o.task_instances.filter((t) => t.dag_id === run.dag_id && t.run_id === run.run_id);
    const realTis = tis(real, r);
    const simTis = new Map(tis(simulated, s).map((t) => [`${t.task_id}[${t.map_index}]`, t]));
    tiReal += realTis.length;
    tiSim += simTis.size;
    for (const t of realTis) {
      const tkey = `${key}/${t.task_id}${t.map_index >= 0 ? `[${t.map_index}]` : ''}`;
      const st: Ti | undefined = simTis.get(`${t.task_id}[${t.map_index}]`);
      if (!st) { differences.push({ key: tkey, field: 'task instance', real: t.state, simulated: 'missing' }); continue; }
      simTis.delete(`${t.task_id}[${t.map_index}]`);
      tiMatched++;
      if (!same(t.state, st.state)) differences.push({ key: tkey, field: 'state', real: t.state, simulated: st.state });
      if (t.try_number !== st.try_number) differences.push({ key: tkey, field: 'try_number', real: t.try_number, simulated: st.try_number });
      timing(tkey, 'start_date', t.start_date, st.start_date);
      timing(tkey, 'end_date', t.end_date, st.end_date);
    }
    for (const [id, st] of simTis) differences.push({ key: `${key}/${id.replace('[-1]', '')}`, field: 'task instance', real: 'missing', simulated: st.state });
  }
  return {
    tolerance_s: toleranceS,
    offset_ms: offset,
    aligned_on: anchor ? `${anchor[0].dag_id}/${anchor[0].run_id} queued_at` : null,
    runs: { real: real.dag_runs.length, simulated: simulated.dag_runs.length, matched: pairs.length },
    task_instances: { real: tiReal, simulated: tiSim, matched: tiMatched },
    max_timing_deviation_s: Math.round(maxDev * 10) / 10,
    differences,
  };
}

export function historyDiffText(report: HistoryDiffReport, historyName: string, scenarioName: string): string {
  const lines = [
    `real: ${historyName}   simulated: ${scenarioName}`,
    `aligned on ${report.aligned_on ?? '(no common run)'}; timing tolerance ±${report.tolerance_s} s (real runs follow the wall clock: ` +
      `scheduler loops, task start-up and the machine's load add seconds); largest timing deviation ${report.max_timing_deviation_s} s`,
    `runs: ${report.runs.matched} matched (real ${report.runs.real}, simulated ${report.runs.simulated}); ` +
      `task instances: ${report.task_instances.matched} matched (real ${report.task_instances.real}, simulated ${report.task_instances.simulated})`,
  ];
  if (report.differences.length === 0) lines.push('no differences');
  else {
    lines.push(`${report.differences.length} difference(s):`);
    for (const d of report.differences) lines.push(`  ${d.key}  ${d.field}: real ${JSON.stringify(d.real)}, simulated ${JSON.stringify(d.simulated)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The `diff --history` mode: read both files, simulate the scenario, print, set the exit code. */
export async function diffHistoryCommand(
  historyFile: string, scenarioFile: string | undefined,
  opts: { lesson?: string; profile?: string; format: string; tolerance?: string },
): Promise<void> {
  const tolerance = opts.tolerance === undefined ? DEFAULT_TOLERANCE_S : Number(opts.tolerance);
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new CliError(`windtunnel diff: --tolerance must be a number of seconds >= 0, not '${opts.tolerance}'`, 2);
  const { text: historyText } = readScenarioText(historyFile, undefined);
  const history = readHistoryText(historyText, historyFile);
  if (history === null) throw new CliError(`${historyFile}: not a history (write one with windtunnel import --url ... --out FILE)`, 1);
  if (!history.ok) throw new CliError(history.errors.map(formatError).join('\n'), 1);
  const real = history.file.kind === 'history' ? history.file.output : history.file.actual;
  const scenario = loadScenario(scenarioFile, opts.lesson, profileOption(opts.profile, 'diff'));
  const result = simulate(scenario, { sql: await loadSql() });
  const report = diffHistory(real, result.output, tolerance);
  result.close();
  process.stdout.write(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : historyDiffText(report, historyFile, scenarioFile ?? `lesson:${opts.lesson}`));
  if (report.differences.length > 0) process.exitCode = 1;
}
