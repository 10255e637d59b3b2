// The change feed behind `GET /windtunnel/state?since=CURSOR` (the shape and the watcher's side are
// in core/export/live_changes.ts). Each poll compares every run's short signature with the one
// last seen and stamps the changed runs with a new version; a cursor says "every run up to
// (version, run id) seen, and the first N log lines, asset events and event results". Comparing
// signatures costs a few ms at 64,000 runs, where building and sending the whole state cost 5–7 s.
import type { Simulation } from '../../core/scheduler/simulation.js';
import type { RunRecord, TaskInstanceRecord } from '../../core/scheduler/records.js';
import type { LiveChanges } from '../../core/export/live_changes.js';
import { dagRunOut, logEntryOut, taskInstanceOut } from '../../core/export/run_output.js';
import { allXComs } from '../../core/scheduler/xcom.js';
import { assetEvents } from '../../core/scheduler/assets.js';
import { formatInstant } from '../../core/index.js';

/** Most runs, log lines and asset events in one answer: a catch-up of 64,000 runs takes 13 quick answers. */
export const FEED_PAGE = { runs: 5_000, log: 50_000, assetEvents: 5_000 } as const;

interface Cursor { version: number; runId: number; log: number; assets: number; results: number }

/** Everything that `run --format json` shows about a run and can change: a new value means a changed run. */
function signature(r: RunRecord): string {
  let s = `${r.state}|${r.queued_at}|${r.start_date}|${r.end_date}|${r.clear_number}|${r.backfill_id}|${r.run_type}|${r.run_id}|${r.tis.length}`;
  for (const ti of r.tis) s += ti ? `|${ti.state},${ti.try_number},${ti.start_date},${ti.end_date},${ti.error === null ? '-' : ti.error.length}` : '|';
  return s;
}

export class StateFeed {
  private version = 0;
  /** By run id (1-based, runs are never deleted). */
  private readonly sig: string[] = [];
  private readonly ver: number[] = [];

  /** `instance` tells this server's cursors from another's (a restarted server starts over). */
  constructor(private readonly sim: Simulation, private readonly instance: string) {}

  /** Stamp what changed since the last look; the version stamped. */
  private refresh(): number {
    const v = ++this.version;
    for (const r of this.sim.runsInOrder) {
      const s = signature(r);
      if (this.sig[r.id] !== s) { this.sig[r.id] = s; this.ver[r.id] = v; }
    }
    return v;
  }

  /** The cursor for a full state just built (everything up to now seen). */
  cursorNow(): string {
    const v = this.refresh();
    return this.format({ version: v + 1, runId: 0, log: this.sim.log.length, assets: assetEvents(this.sim).length, results: this.sim.eventResults.length });
  }

  /** Changes since `since` ("0": everything, in pages), or why the cursor is refused. */
  changes(since: string): { ok: true; body: LiveChanges } | { ok: false; detail: string } {
    let from = this.parse(since);
    if (from === 'bad') return { ok: false, detail: `since: '${since.slice(0, 80)}' is not a cursor of this server; give since=0 to start over` };
    const reset = from === 'restart';
    if (from === 'restart') from = { version: 0, runId: 0, log: 0, assets: 0, results: 0 };
    const sim = this.sim;
    const log = sim.log;
    const events = assetEvents(sim);
    if (from.log > log.length || from.assets > events.length || from.results > sim.eventResults.length || from.version > this.version + 1) {
      return { ok: false, detail: 'since: the cursor is ahead of this server; give since=0 to start over' };
    }
    const v = this.refresh();
    const c = from;
    const pending = sim.runsInOrder.filter((r) => this.ver[r.id] > c.version || (this.ver[r.id] === c.version && r.id > c.runId));
    pending.sort((a, b) => this.ver[a.id] - this.ver[b.id] || a.id - b.id);
    const page = pending.slice(0, FEED_PAGE.runs);
    const runsMore = pending.length > page.length;
    const last = page[page.length - 1];
    const logEnd = Math.min(log.length, c.log + FEED_PAGE.log);
    const assetsEnd = Math.min(events.length, c.assets + FEED_PAGE.assetEvents);
    const next: Cursor = {
      version: runsMore ? this.ver[last.id] : v + 1, runId: runsMore ? last.id : 0,
      log: logEnd, assets: assetsEnd, results: sim.eventResults.length,
    };
    page.sort((a, b) => a.run_after - b.run_after || a.id - b.id);
    const inPage = new Set(page);
    const logOut = [];
    for (let i = c.log; i < logEnd; i++) logOut.push(logEntryOut(log, i));
    return {
      ok: true,
      body: {
        windtunnel: 1, changes: true, reset, cursor: this.format(next), more: runsMore || logEnd < log.length || assetsEnd < events.length,
        scenario: sim.scenario.name, airflow: sim.scenario.airflow, seed: sim.scenario.seed,
        clock: { start: formatInstant(sim.scenario.clock.start), end: formatInstant(sim.now) },
        dag_runs: page.map(dagRunOut),
        dag_run_order: page.map((r) => r.id),
        task_instances: page.flatMap((r) => r.tis.filter((ti): ti is TaskInstanceRecord => Boolean(ti)).map((ti) => taskInstanceOut(r, ti))),
        xcoms: page.length === 0 ? [] : allXComs(sim).filter((x) => inPage.has(x.run))
          .map((x) => ({ dag_id: x.run.dag.spec.dag_id, run_id: x.run.run_id, task_id: x.task_id, map_index: -1, key: x.key, value: x.value })),
        asset_events: events.slice(c.assets, assetsEnd).map((e) => ({ asset: e.asset, timestamp: formatInstant(e.timestamp), source_dag_id: e.source_dag_id, source_run_id: e.source_run_id, source_task_id: e.source_task_id, extra: e.extra })),
        event_results: sim.eventResults.slice(c.results),
        log: logOut,
      },
    };
  }

  private format(c: Cursor): string {
    return `${this.instance}.${c.version}.${c.runId}.${c.log}.${c.assets}.${c.results}`;
  }

  private parse(s: string): Cursor | 'restart' | 'bad' {
    if (s === '0') return 'restart';
    const m = /^([0-9a-z]{1,32})\.(\d{1,15})\.(\d{1,15})\.(\d{1,15})\.(\d{1,15})\.(\d{1,15})$/.exec(s);
    if (!m) return 'bad';
    if (m[1] !== this.instance) return 'restart';
    const [version, runId, log, assets, results] = m.slice(2).map(Number);
    return { version, runId, log, assets, results };
  }
}
