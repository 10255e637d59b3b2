// The simulation: the discrete-event loop over the state in state/sim_state.ts. At each instant it
// finishes due tries, applies the scenario's events, then runs the scheduler loop until quiet. This
// is the top of core/scheduler: it imports the phases; no phase imports it.
import type { SqlJsStatic } from 'sql.js';
import type { Instant, Scenario } from '../model/scenario.js';
import { formatInstant } from '../time/instant.js';
import { SimState } from './state/sim_state.js';
import { runSchedulerLoop } from './loop.js';
import { applyExternalEvent, type EventResult } from './events.js';
import { processDueCompletions } from './execute.js';

export { SimState, operatorName, type NewRun, type BackfillRecord } from './state/sim_state.js';
export { dbTime, iso } from './state/time_text.js';
export type { LogEntry } from './state/decision_log.js';

export class Simulation extends SimState {
  readonly eventResults: EventResult[] = [];
  private eventIndex = 0;
  /** Event indices in time order; events at the same instant keep their file order. */
  private readonly eventOrder: number[];

  /** Called after every instant (tests and the swarm check invariants here). */
  afterStep: ((sim: Simulation) => void) | null = null;

  constructor(scenario: Scenario, sql: SqlJsStatic, until?: Instant) {
    super(scenario, sql, until);
    this.eventOrder = scenario.events.map((_, i) => i).sort((a, b) => scenario.events[a].at - scenario.events[b].at || a - b);
  }

  run(onProgress?: (fraction: number) => void): void {
    const { start } = this.scenario.clock;
    const span = Math.max(1, this.stopAt - start);
    let steps = 0;
    for (;;) {
      this.step();
      this.afterStep?.(this);
      if (++steps % 2048 === 0) onProgress?.((this.now - start) / span);
      const next = this.nextWake();
      if (next === null) break;
      this.now = next;
    }
    // Events the clock never reached still get their one result, so nothing is silently lost.
    for (; this.eventIndex < this.eventOrder.length; this.eventIndex++) {
      const i = this.eventOrder[this.eventIndex];
      const ev = this.scenario.events[i];
      this.eventResults.push({ index: i, at: formatInstant(ev.at), kind: ev.kind, ok: false, status: null, error: `not reached: the simulation stopped at ${formatInstant(this.stopAt)}`, run_id: null });
    }
    this.eventResults.sort((a, b) => a.index - b.index);
    // Task instances and the log reach SQL when someone reads it (simulate()'s query/exportDb call
    // syncToDb): writing them costs more than the whole simulation, and a CLI run never reads them.
    this.db.commit();
    onProgress?.(1);
  }

  // ---------- live use (`windtunnel serve`): the caller's clock drives the loop ----------

  private liveStarted = false;

  /**
   * Do everything due up to instant `t` (inclusive), exactly as `run()` would, then stand at `t`
   * (never beyond clock.end, never backwards) so an outside request is applied at that instant.
   */
  advanceTo(t: Instant): void {
    if (!this.liveStarted) {
      this.liveStarted = true;
      this.step();
      this.afterStep?.(this);
    }
    for (;;) {
      const next = this.nextWake();
      if (next === null || next > t) break;
      this.now = next;
      this.step();
      this.afterStep?.(this);
    }
    if (t > this.now) this.now = Math.min(t, this.stopAt);
  }

  /** After an outside change at the current instant (a REST call), let the scheduler act until quiet. */
  settle(): void {
    runSchedulerLoop(this);
    this.afterStep?.(this);
  }

  /** Everything that happens at one instant: finished tries, external events, then the scheduler until quiet. */
  private step(): void {
    processDueCompletions(this);
    const events = this.scenario.events;
    while (this.eventIndex < this.eventOrder.length && events[this.eventOrder[this.eventIndex]].at <= this.now) {
      const i = this.eventOrder[this.eventIndex++];
      this.eventResults.push(applyExternalEvent(this, events[i], i));
    }
    runSchedulerLoop(this);
  }

  private nextWake(): Instant | null {
    const events = this.scenario.events;
    let next = this.eventIndex < this.eventOrder.length ? events[this.eventOrder[this.eventIndex]].at : Infinity;
    while (this.wakeups.size > 0 && this.wakeups.peek() <= this.now) this.wakeups.pop();
    if (this.wakeups.size > 0) next = Math.min(next, this.wakeups.peek());
    return next === Infinity || next > this.stopAt ? null : next;
  }
}
