// A live simulation for `windtunnel serve`: the scenario's DAGs under a virtual clock that runs
// with the wall clock (times --speed). Requests are applied in batches: everything that arrived
// together is handled at the batch's instant, then the scheduler acts once, as one Airflow
// scheduler loop would see them. Mutating requests each get their own millisecond: Airflow stamps
// them with microseconds, the simulator with milliseconds, and 3.1's run ids
// (manual__<run_after>) would otherwise collide for simultaneous requests.
import type { SqlJsStatic } from 'sql.js';
import type { Instant, RunOutput, Scenario } from '../../core/index.js';
import { formatInstant } from '../../core/index.js';
import { Simulation } from '../../core/index.js';
import { handleApiRequest, type ApiResponse } from '../../core/index.js';
import { buildRunOutput } from '../../core/index.js';
import { routeRequest } from '../../core/index.js';
import type { RestProfile } from '../../core/index.js';
import { validateBackfillBody } from '../../core/index.js';
import { validateAssetEventBody } from '../../core/index.js';
import { assetEvents } from '../../core/index.js';
import type { LiveChanges } from '../../core/index.js';
import { StateFeed } from './state_feed.js';
import { backfillTooLarge, countBackfillDates, runsHeldFull, type RequestBudget } from '../../core/index.js';

/** How long a live simulation may run on the virtual clock: far beyond any session. */
export const LIVE_HORIZON_MS = 100 * 365 * 86_400_000;

/**
 * Default budgets: a 10,000-run backfill takes ~0.6 s to create (the event loop is blocked that
 * long), and 100,000 runs keep a tick and a state page cheap; serve's --max-runs-per-request and
 * --max-runs change them.
 */
export const DEFAULT_BUDGET: RequestBudget = { maxRunsPerRequest: 10_000, maxRunsHeld: 100_000 };

export interface LiveOptions {
  sql: SqlJsStatic;
  /** Virtual milliseconds per wall millisecond. */
  speed: number;
  /** The virtual instant at which the clock starts. */
  start: Instant;
  /** Wall clock in milliseconds (monotonic); injected so tests can drive it. */
  wallClock: () => number;
  /** Replay the scenario's own events (shifted to the live clock); default: clients make the events. */
  withEvents?: boolean;
  /** Work and memory limits for requests (DEFAULT_BUDGET when absent). */
  budget?: RequestBudget;
  /** Tells this server's state cursors from another's (default "live"; serve passes a random one). */
  instance?: string;
}

export interface LiveRequest {
  method: string;
  target: string;
  body: unknown;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class LiveSimulation {
  readonly sim: Simulation;
  readonly scenario: Scenario;
  readonly speed: number;
  readonly start: Instant;
  private readonly wallStart: number;
  private readonly wallClock: () => number;
  private lastMutation = -Infinity;
  private dirty = false;
  readonly budget: RequestBudget;
  readonly profile: RestProfile;
  /** The clock stopped because the simulation holds budget.maxRunsHeld runs. */
  capped = false;
  private readonly feed: StateFeed;
  /** Counters for /windtunnel/clock and the load test. */
  requests = 0;
  batches = 0;
  /** Wall time spent inside batches and ticks (how busy the simulation keeps the server). */
  busyMs = 0;
  slowestBatchMs = 0;
  slowestTickMs = 0;

  constructor(scenario: Scenario, opts: LiveOptions) {
    // The scenario's own events, when replayed, keep their distance from its clock.start.
    const shift = opts.start - scenario.clock.start;
    this.scenario = {
      ...scenario,
      clock: { start: opts.start, end: opts.start + LIVE_HORIZON_MS },
      events: opts.withEvents ? scenario.events.map((e) => ({ ...e, at: e.at + shift })) : [],
    };
    this.sim = new Simulation(this.scenario, opts.sql);
    this.budget = opts.budget ?? DEFAULT_BUDGET;
    // Airflow 2 scenarios are answered with the 3.0 shapes, as the engine's REST layer does.
    this.profile = (this.sim.profile === '2' ? '3.0' : this.sim.profile) as RestProfile;
    this.feed = new StateFeed(this.sim, opts.instance ?? 'live');
    this.speed = opts.speed;
    this.start = opts.start;
    this.wallClock = opts.wallClock;
    this.wallStart = opts.wallClock();
    this.sim.advanceTo(opts.start);
  }

  /** The virtual instant the wall clock says it is now. */
  virtualNow(): Instant {
    return this.start + Math.floor((this.wallClock() - this.wallStart) * this.speed);
  }

  /** Let the clock catch up with the wall clock: finished tries end, scheduled runs appear. */
  tick(): void {
    const t = this.wallClock();
    this.settleIfDirty();
    // At the cap the clock stops, so scheduled DAGs cannot grow the simulation past it either.
    this.capped = this.sim.runsInOrder.length >= this.budget.maxRunsHeld;
    if (!this.capped) this.sim.advanceTo(this.virtualNow());
    const d = this.wallClock() - t;
    this.busyMs += d;
    this.slowestTickMs = Math.max(this.slowestTickMs, d);
  }

  /** Handle requests that arrived together, in arrival order. */
  batch(requests: readonly LiveRequest[]): ApiResponse[] {
    const t = this.wallClock();
    try {
      return this.runBatch(requests);
    } finally {
      const d = this.wallClock() - t;
      this.busyMs += d;
      this.slowestBatchMs = Math.max(this.slowestBatchMs, d);
    }
  }

  private runBatch(requests: readonly LiveRequest[]): ApiResponse[] {
    this.batches++;
    const base = this.virtualNow();
    this.settleIfDirty();
    this.sim.advanceTo(base);
    const out: ApiResponse[] = [];
    for (const r of requests) {
      this.requests++;
      const method = r.method.toUpperCase();
      const refused = this.overBudget(method, r.target, r.body);
      if (refused) {
        out.push(refused);
      } else if (MUTATING.has(method)) {
        const at = Math.max(base, this.sim.now, this.lastMutation + 1);
        this.sim.advanceTo(at);
        this.lastMutation = this.sim.now;
        out.push(this.safely(() => handleApiRequest(this.sim, method, r.target, r.body)));
        this.dirty = true;
      } else {
        this.settleIfDirty();
        out.push(this.safely(() => handleApiRequest(this.sim, method, r.target, r.body)));
      }
    }
    this.settleIfDirty();
    return out;
  }

  /** The run so far, as `windtunnel run --format json` would print it at this instant. */
  state(): RunOutput {
    this.tick();
    const out = buildRunOutput(this.sim);
    return { ...out, clock: { start: out.clock.start, end: formatInstant(this.sim.now) } };
  }

  /** The whole state and the cursor that asks for changes after it. */
  stateWithCursor(): { state: RunOutput; cursor: string } {
    const state = this.state();
    return { state, cursor: this.feed.cursorNow() };
  }

  /** What changed since `since` (a cursor, or "0" for everything in pages). */
  changes(since: string): { ok: true; body: LiveChanges } | { ok: false; detail: string } {
    this.tick();
    return this.feed.changes(since);
  }

  clock(): Record<string, unknown> {
    return {
      now: formatInstant(this.sim.now), wall_now: formatInstant(this.virtualNow()), speed: this.speed, started_at: formatInstant(this.start),
      dag_runs: this.sim.runsInOrder.length, queued: this.sim.queuedRuns.size, running: this.sim.runningRuns.size, requests: this.requests, batches: this.batches,
      busy_ms: Math.round(this.busyMs), slowest_batch_ms: Math.round(this.slowestBatchMs), slowest_tick_ms: Math.round(this.slowestTickMs),
      max_runs: this.budget.maxRunsHeld, max_runs_per_request: this.budget.maxRunsPerRequest, capped: this.capped,
    };
  }

  /**
   * Refuse, before any work, a request that would create more runs than one request may or add runs
   * or asset events past what the simulation holds (the engine would otherwise block the event loop
   * for as long as it takes: a year of minutely backfill runs is about a minute).
   */
  private overBudget(method: string, target: string, body: unknown): ApiResponse | null {
    const routed = routeRequest(this.profile, method, target);
    if (routed.kind !== 'route') return null;
    const { maxRunsHeld, maxRunsPerRequest } = this.budget;
    const held = this.sim.runsInOrder.length;
    const refuse = (r: { status: number; body: { detail: string } }): ApiResponse => ({ ...r, error: r.body.detail });
    switch (routed.route) {
      case 'trigger_dag_run':
        return held >= maxRunsHeld && this.sim.dags.has(routed.params.dag_id) ? refuse(runsHeldFull('dag runs', held, 1, maxRunsHeld)) : null;
      case 'create_backfill':
      case 'create_backfill_dry_run': {
        const v = validateBackfillBody(body, this.profile);
        const dag = v.ok ? this.sim.dags.get(v.body.dag_id) : undefined;
        if (!v.ok || !dag?.timetable.periodic) return null;
        const dates = countBackfillDates(dag, v.body.from_date, v.body.to_date, this.sim.now, maxRunsPerRequest + 1);
        if (dates > maxRunsPerRequest) return refuse(backfillTooLarge(dates, maxRunsPerRequest));
        return routed.route === 'create_backfill' && held + dates > maxRunsHeld ? refuse(runsHeldFull('dag runs', held, dates, maxRunsHeld)) : null;
      }
      case 'create_asset_event': {
        if (!validateAssetEventBody(body).ok) return null;
        const events = assetEvents(this.sim).length;
        if (events >= maxRunsHeld) return refuse(runsHeldFull('asset events', events, 1, maxRunsHeld));
        return held >= maxRunsHeld ? refuse(runsHeldFull('dag runs', held, 1, maxRunsHeld)) : null;
      }
      default:
        return null;
    }
  }

  private settleIfDirty(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.sim.settle();
  }

  private safely(f: () => ApiResponse): ApiResponse {
    try {
      return f();
    } catch (err) {
      // A simulator bug must not take the server down: answer as FastAPI does for an exception.
      return { status: 500, body: 'Internal Server Error', error: err instanceof Error ? err.message : String(err) };
    }
  }
}
