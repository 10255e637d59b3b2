// What-if: re-simulate forward from an imported history with changed settings. The scenario gives
// the DAGs as they should be (catchup, schedule, max_active_runs, ...) and the clock; its
// clock.start is the cut. Before the cut the history stands as it happened: its runs are seeded
// into the simulation (the timetable continues after the last scheduled run, depends_on_past sees
// the real task states). After the cut the scheduler decides again, under the new settings, while
// what came from outside is replayed at its time: manual runs (same run_id, conf and logical
// date) and asset events no task produced.
import type { SqlJsStatic } from 'sql.js';
import type { Instant, Scenario, ScenarioEvent } from '../model/scenario.js';
import type { DagRunOut, RunOutput, TaskInstanceOut } from '../model/output.js';
import { formatInstant, outputInstantMs } from '../time/instant.js';
import { Simulation, dbTime } from '../scheduler/simulation.js';
import type { RunRecord } from '../scheduler/state/records.js';
import { buildRunOutput } from '../export/run_output.js';

export interface WhatIfOptions {
  sql: SqlJsStatic;
  /** The cut; default the scenario's clock.start. */
  from?: Instant;
  /** Simulate until; default the scenario's clock.end. */
  until?: Instant;
}

export interface WhatIfResult {
  output: RunOutput;
  /** How the history was carried over, in words (for the CLI and the app). */
  notes: string[];
  /** Runs taken over from the history as they were at the cut. */
  seeded: number;
  /** Manual runs and external asset events replayed after the cut. */
  replayed: number;
}

const ms = outputInstantMs;

export function whatIf(history: RunOutput, scenario: Scenario, opts: WhatIfOptions): WhatIfResult {
  const cut = opts.from ?? scenario.clock.start;
  const end = opts.until ?? scenario.clock.end;
  if (end <= cut) throw new Error(`the what-if must end after it starts (${formatInstant(cut)} … ${formatInstant(end)})`);
  const notes: string[] = [];
  const dagIds = new Set(scenario.dags.map((d) => d.dag_id));
  const skippedDags = [...new Set(history.dag_runs.map((r) => r.dag_id))].filter((d) => !dagIds.has(d));
  if (skippedDags.length) notes.push(`not in the scenario, so left out: ${skippedDags.join(', ')}`);

  // External inputs after the cut become events of the re-simulation.
  const replay: ScenarioEvent[] = [];
  for (const r of history.dag_runs) {
    const queued = ms(r.queued_at) ?? ms(r.run_after)!;
    if (!dagIds.has(r.dag_id) || queued < cut || r.run_type !== 'manual' || queued > end) continue;
    if (r.triggered_by === 'operator') continue; // a TriggerDagRunOperator in the scenario makes it again
    const via = r.triggered_by === 'cli' ? 'cli' : r.triggered_by === 'ui' ? 'ui' : 'api';
    replay.push({ kind: 'trigger', at: queued, trigger: { dag_id: r.dag_id, conf: r.conf ?? {}, logical_date: ms(r.logical_date), run_id: r.run_id, via } });
  }
  const assetNames = new Set(scenario.assets.map((a) => a.name));
  for (const e of history.asset_events) {
    const t = ms(e.timestamp)!;
    if (e.source_dag_id !== null || t < cut || t > end) continue;
    if (!assetNames.has(e.asset)) { notes.push(`asset event on ${e.asset} at ${e.timestamp} left out: no such asset in the scenario`); continue; }
    replay.push({ kind: 'asset_event', at: t, asset_event: { asset: e.asset, extra: e.extra ?? {} } });
  }
  const events = [...scenario.events.filter((e) => e.at >= cut), ...replay].map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
  const s: Scenario = { ...scenario, clock: { start: cut, end }, events };
  if (replay.length) notes.push(`replayed after the cut: ${replay.filter((e) => e.kind === 'trigger').length} manual run(s), ${replay.filter((e) => e.kind === 'asset_event').length} external asset event(s)`);

  const sim = new Simulation(s, opts.sql, end);
  const tisByRun = new Map<string, TaskInstanceOut[]>();
  for (const ti of history.task_instances) {
    const k = `${ti.dag_id}\u0000${ti.run_id}`;
    let l = tisByRun.get(k);
    if (!l) tisByRun.set(k, (l = []));
    l.push(ti);
  }
  let seeded = 0;
  let restarted = 0;
  const before = history.dag_runs
    .filter((r) => dagIds.has(r.dag_id) && (ms(r.queued_at) ?? ms(r.run_after)!) < cut)
    .sort((a, b) => ms(a.run_after)! - ms(b.run_after)!);
  for (const r of before) {
    const done = (r.state === 'success' || r.state === 'failed') && r.end_date !== null && ms(r.end_date)! <= cut;
    const run = seed(sim, r, done);
    if ('error' in run) { notes.push(`run ${r.dag_id} ${r.run_id} not carried over: ${run.error}`); continue; }
    seeded++;
    if (done) seedTaskInstances(sim, run, tisByRun.get(`${r.dag_id}\u0000${r.run_id}`) ?? [], notes);
    else restarted++;
  }
  if (seeded) notes.push(`carried over from the history: ${seeded} run(s) before ${formatInstant(cut)}`);
  if (restarted) notes.push(`${restarted} run(s) unfinished at the cut start again from queued under the new settings`);

  sim.run();
  return { output: buildRunOutput(sim), notes, seeded, replayed: replay.length };
}

function seed(sim: Simulation, r: DagRunOut, done: boolean): RunRecord | { error: string } {
  const dag = sim.dags.get(r.dag_id)!;
  const logical = ms(r.logical_date);
  const dis = ms(r.data_interval_start);
  const die = ms(r.data_interval_end);
  const run = sim.insertRun({
    dag, run_id: r.run_id, logical_date: logical, run_after: ms(r.run_after)!, data_interval: dis !== null && die !== null ? { start: dis, end: die } : null,
    run_type: r.run_type, triggered_by: r.triggered_by, conf: r.conf ?? {}, backfill_id: null,
    state: done ? r.state : 'queued', start_date: done ? ms(r.start_date) : null,
  });
  if ('error' in run) return run;
  if (done) {
    run.queued_at = ms(r.queued_at);
    run.end_date = ms(r.end_date);
    sim.updateRunFields(run, { queued_at: dbTime(run.queued_at), end_date: dbTime(run.end_date) });
  }
  sim.note('dag_run.imported', done
    ? `carried over from the imported history: ${r.state} at ${r.end_date}`
    : `carried over from the imported history: ${r.state} at the cut, queued again`, { run });
  return run;
}

function seedTaskInstances(sim: Simulation, run: RunRecord, tis: TaskInstanceOut[], notes: string[]): void {
  for (const h of tis) {
    const index = run.dag.taskIndex.get(h.task_id);
    const ti = index === undefined ? undefined : run.tis[index];
    if (!ti) { notes.push(`task ${h.task_id} of ${run.dag.spec.dag_id} ${run.run_id} is not in the scenario: its history is left out`); continue; }
    ti.state = h.state;
    ti.try_number = h.try_number;
    ti.start_date = ms(h.start_date);
    ti.end_date = ms(h.end_date);
    ti.rendered = { ...(h.rendered ?? {}) };
    ti.error = h.error;
  }
}
