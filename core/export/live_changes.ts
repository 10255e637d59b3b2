// What `GET /windtunnel/state?since=CURSOR` answers (windtunnel serve), and how a watcher puts the
// answers back together into the run output. A full state at 64,000 runs took 5–7 s to build and
// send, once a second (issue 18); changes since the watcher's cursor cost what changed. Runs are
// sent whole when anything about them changed, with all their task instances and XComs; the
// append-only lists (log, asset events, event results) send what is new. Big catch-ups come in
// pages (`more`), so no single answer holds the server for long.
import type { AssetEventOut, DagRunOut, EventResultOut, LogEntryOut, RunOutput, TaskInstanceOut, XComOut } from '../model/output.js';

export interface LiveChanges {
  windtunnel: 1;
  /** Tells this answer from a whole RunOutput. */
  changes: true;
  /** Drop what you hold first: the cursor was from another server, or this is the first page. */
  reset: boolean;
  /** Give this as ?since= next time. */
  cursor: string;
  /** More changes are waiting: ask again at once. */
  more: boolean;
  scenario: string;
  airflow: string;
  seed: number;
  clock: { start: string; end: string };
  /** Runs new or changed since the cursor, whole, in (run_after, creation) order. */
  dag_runs: DagRunOut[];
  /** Each run's creation order (the server's run id), parallel to dag_runs: ties on run_after sort by it. */
  dag_run_order: number[];
  /** Every task instance of those runs, in the DAG's task order. */
  task_instances: TaskInstanceOut[];
  /** Every XCom of those runs, in push order. */
  xcoms: XComOut[];
  /** New since the cursor, in order. */
  asset_events: AssetEventOut[];
  event_results: EventResultOut[];
  log: LogEntryOut[];
}

export const isLiveChanges = (x: unknown): x is LiveChanges =>
  typeof x === 'object' && x !== null && (x as { changes?: unknown }).changes === true && typeof (x as { cursor?: unknown }).cursor === 'string';

const runKey = (dagId: string, runId: string) => `${dagId}\u0000${runId}`;

/** Puts change pages back together into the RunOutput the server's full state would be. */
export class LiveStateAssembler {
  private runs = new Map<string, { out: DagRunOut; order: number }>();
  private tis = new Map<string, TaskInstanceOut[]>();
  private xcoms = new Map<string, XComOut[]>();
  private assetEvents: AssetEventOut[] = [];
  private eventResults: EventResultOut[] = [];
  private log: LogEntryOut[] = [];
  private meta: Pick<RunOutput, 'scenario' | 'airflow' | 'seed' | 'clock'> | null = null;
  private last: RunOutput | null = null;

  /** Take a whole state (a server without ?since=), replacing everything held. */
  replace(o: RunOutput): RunOutput {
    this.clear();
    o.dag_runs.forEach((r, i) => this.runs.set(runKey(r.dag_id, r.run_id), { out: r, order: i }));
    for (const t of o.task_instances) this.push(this.tis, runKey(t.dag_id, t.run_id), t);
    for (const x of o.xcoms) this.push(this.xcoms, runKey(x.dag_id, x.run_id), x);
    this.assetEvents = [...o.asset_events];
    this.eventResults = [...o.event_results];
    this.log = [...o.log];
    this.meta = { scenario: o.scenario, airflow: o.airflow, seed: o.seed, clock: o.clock };
    return (this.last = o);
  }

  /** Apply one page of changes; the whole state as it now stands. */
  apply(c: LiveChanges): RunOutput {
    if (c.reset) this.clear();
    const changed = new Set<string>();
    c.dag_runs.forEach((r, i) => {
      const k = runKey(r.dag_id, r.run_id);
      changed.add(k);
      this.runs.set(k, { out: r, order: c.dag_run_order[i] ?? Number.MAX_SAFE_INTEGER });
      this.tis.delete(k);
      this.xcoms.delete(k);
    });
    for (const t of c.task_instances) this.push(this.tis, runKey(t.dag_id, t.run_id), t);
    for (const x of c.xcoms) this.push(this.xcoms, runKey(x.dag_id, x.run_id), x);
    this.assetEvents.push(...c.asset_events);
    this.eventResults.push(...c.event_results);
    for (const l of c.log) this.log.push(l);
    const metaSame = this.meta !== null && this.meta.clock.end === c.clock.end && this.meta.clock.start === c.clock.start;
    this.meta = { scenario: c.scenario, airflow: c.airflow, seed: c.seed, clock: c.clock };
    const nothing = !c.reset && changed.size === 0 && c.asset_events.length === 0 && c.event_results.length === 0 && c.log.length === 0;
    if (nothing && metaSame && this.last) return this.last;
    return (this.last = this.build());
  }

  private build(): RunOutput {
    const runs = [...this.runs.values()];
    const byTime = runs.map((r) => ({ r, t: Date.parse(r.out.run_after) })).sort((a, b) => a.t - b.t || a.r.order - b.r.order).map((x) => x.r);
    const byOrder = [...runs].sort((a, b) => a.order - b.order);
    const key = (r: { out: DagRunOut }) => runKey(r.out.dag_id, r.out.run_id);
    return {
      windtunnel: 1, ...this.meta!,
      dag_runs: byTime.map((r) => r.out),
      task_instances: byTime.flatMap((r) => this.tis.get(key(r)) ?? []),
      xcoms: byOrder.flatMap((r) => this.xcoms.get(key(r)) ?? []),
      asset_events: [...this.assetEvents],
      event_results: [...this.eventResults],
      log: [...this.log],
    };
  }

  private push<T>(m: Map<string, T[]>, k: string, v: T): void {
    const l = m.get(k);
    if (l) l.push(v); else m.set(k, [v]);
  }

  private clear(): void {
    this.runs.clear();
    this.tis.clear();
    this.xcoms.clear();
    this.assetEvents = [];
    this.eventResults = [];
    this.log = [];
    this.last = null;
  }
}
