// The change feed behind `GET /windtunnel/state?since=CURSOR` (the shape and the watcher's side are
// in core/export/live_changes.ts). Each poll compares every run's changeable fields with what was
// last seen and stamps the changed runs with a new version; a cursor says "every run up to
// (version, run id) seen, and the first N log lines, asset events and event results". Comparing
// costs milliseconds at 64,000 runs, where building and sending the whole state cost 5–7 s.
import type { Simulation } from '../../core/index.js';
import type { RunRecord, TaskInstanceRecord } from '../../core/index.js';
import type { LiveChanges } from '../../core/index.js';
import { dagRunOut, logEntryOut, taskInstanceOut } from '../../core/index.js';
import { allXComs } from '../../core/index.js';
import { tisInTaskOrder } from '../../core/index.js';
import { assetEvents } from '../../core/index.js';
import { formatInstant } from '../../core/index.js';

/**
 * Most runs, log lines and asset events in one answer: a catch-up of 64,000 runs (384,000 log
 * lines) takes ~32 answers of a few MB, none holding the server for long.
 */
export const FEED_PAGE: FeedPage = { runs: 2_000, log: 20_000, assetEvents: 2_000 };

export interface FeedPage { runs: number; log: number; assetEvents: number }

interface Cursor { version: number; runId: number; log: number; assets: number; results: number }

/**
 * Visit everything `run --format json` shows about a run that can change (a task instance's
 * rendered fields and XComs change only with its state or try). Stops at the first `f` that
 * returns false. Values are compared as they are, no strings built: a poll at 64,000 runs spent
 * ~0.4 s formatting signatures.
 */
function walk(r: RunRecord, f: (v: unknown) => boolean): boolean {
  if (!(f(r.state) && f(r.queued_at) && f(r.start_date) && f(r.end_date) && f(r.clear_number) && f(r.backfill_id) && f(r.run_type) && f(r.run_id) && f(r.tis.length))) return false;
  for (const ti of r.tis) {
    if (!ti) { if (!f(undefined)) return false; continue; }
    if (!(f(ti.state) && f(ti.try_number) && f(ti.start_date) && f(ti.end_date) && f(ti.error))) return false;
  }
  return true;
}

function unchanged(r: RunRecord, seen: unknown[] | undefined): boolean {
  if (!seen) return false;
  let i = 0;
  return walk(r, (v) => seen[i++] === v) && i === seen.length;
}

function snapshot(r: RunRecord): unknown[] {
  const out: unknown[] = [];
  walk(r, (v) => { out.push(v); return true; });
  return out;
}

export class StateFeed {
  private version = 0;
  /** By run id (1-based, runs are never deleted): what was last seen of the run, and when it changed. */
  private readonly seen: unknown[][] = [];
  private readonly ver: number[] = [];

  /** `instance` tells this server's cursors from another's (a restarted server starts over). */
  constructor(private readonly sim: Simulation, private readonly instance: string, private readonly pageSize: FeedPage = FEED_PAGE) {}

  /** Stamp what changed since the last look; the version stamped. */
  private refresh(): number {
    const v = ++this.version;
    for (const r of this.sim.runsInOrder) {
      if (!unchanged(r, this.seen[r.id])) { this.seen[r.id] = snapshot(r); this.ver[r.id] = v; }
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
    const page = pending.slice(0, this.pageSize.runs);
    const runsMore = pending.length > page.length;
    const last = page[page.length - 1];
    const logEnd = Math.min(log.length, c.log + this.pageSize.log);
    const assetsEnd = Math.min(events.length, c.assets + this.pageSize.assetEvents);
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
        task_instances: page.flatMap((r) => tisInTaskOrder(r).map((ti) => taskInstanceOut(r, ti))),
        xcoms: page.length === 0 ? [] : allXComs(sim).filter((x) => inPage.has(x.run))
          .map((x) => ({ dag_id: x.run.dag.spec.dag_id, run_id: x.run.run_id, task_id: x.task_id, map_index: x.map_index, key: x.key, value: x.value })),
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
