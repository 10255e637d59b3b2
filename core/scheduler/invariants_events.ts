// Invariants of the scenario's events: each one yields exactly one result, a run or a recorded
// refusal, at its instant; no manual run appears without an event or operator that created it.
import type { Instant } from '../model/scenario.js';
import type { RunRecord } from './state/records.js';
import { type Shadow, at, key, runName } from './invariants_shadow.js';
import type { Simulation } from './simulation.js';
import { assetEvents } from './assets.js';
import { atLeast } from '../model/profile_order.js';

interface EventCheck {
  now: Instant;
  sh: Shadow;
  fail: (rule: string, msg: string) => unknown;
  refusedEvents: ReadonlySet<number>;
  newRuns: readonly RunRecord[];
  newRunSet: ReadonlySet<RunRecord>;
}

/** Events: each one yields exactly one result, a run or a recorded refusal; no run appears unasked. */
export function checkEvents(sim: Simulation, c: EventCheck): void {
  const { now, sh, fail, refusedEvents, newRuns, newRunSet } = c;
  const events = sim.scenario.events;
  const dueEvents = new Set<number>();
  events.forEach((ev, i) => { if (ev.at <= now) dueEvents.add(i); });
  const results = sim.eventResults;
  const seenIdx = new Set<number>();
  for (const r of results) {
    if (seenIdx.has(r.index)) fail('events', `event #${r.index} has more than one result`);
    seenIdx.add(r.index);
    if (!dueEvents.has(r.index)) fail('events', `event #${r.index} has a result before its time`);
  }
  for (const i of dueEvents) if (!seenIdx.has(i)) fail('events', `event #${i} (${events[i].kind} at ${at(events[i].at)}) was due but has no result: it was lost`);
  const newResults = results.slice(sh.resultsSeen);
  const newRunIdsFromEvents = new Set<string>();
  const newAssetEvents = assetEvents(sim).length - sh.assetEventsSeen;
  let expectedAssetEvents = 0;
  for (const r of newResults) {
    const ev = events[r.index];
    if (!ev) { fail('events', `a result names event #${r.index}, which does not exist`); continue; }
    if (ev.kind !== r.kind) fail('events', `event #${r.index} is a ${ev.kind} but its result says ${r.kind}`);
    if (ev.at !== now) fail('events', `event #${r.index} at ${at(ev.at)} was applied at ${at(now)}`);
    if (r.ok && r.error !== null) fail('events', `event #${r.index} succeeded but carries error ${r.error}`);
    if (!r.ok) {
      if (!r.error) fail('events', `event #${r.index} was refused without a reason`);
      if (!refusedEvents.has(r.index)) fail('events', `event #${r.index} was refused but the refusal is not in the log`);
    }
    const createsRun = ev.kind === 'trigger' || (ev.kind === 'api' && ev.api.method.toUpperCase() === 'POST' && /^\/api\/v2\/dags\/[^/]+\/dagRuns\/?(\?.*)?$/.test(ev.api.path));
    if (createsRun && r.ok) {
      if (!r.run_id) { fail('events', `event #${r.index} (${ev.kind}) succeeded without naming its run`); continue; }
      const dagId = ev.kind === 'trigger' ? ev.trigger.dag_id : decodeURIComponent(ev.api.path.split('/')[4] ?? '');
      const run = sim.dags.get(dagId)?.runs.find((x) => x.run_id === r.run_id);
      if (!run) fail('events', `event #${r.index} names run ${r.run_id}, which ${dagId} does not have`);
      else if (!newRunSet.has(run)) fail('events', `event #${r.index} names run ${r.run_id}, which existed before the event`);
      else {
        // From 3.3 a run an operator creates is operator_triggered (execution API trigger_dag_run).
        const type = ev.kind === 'trigger' && ev.trigger.via === 'operator' && atLeast(sim.profile, '3.3') ? 'operator_triggered' : 'manual';
        if (run.run_type !== type) fail('events', `event #${r.index} created ${r.run_id} of type ${run.run_type}, not ${type}`);
      }
      if (newRunIdsFromEvents.has(key(dagId, r.run_id))) fail('events', `two events claim run ${r.run_id}`);
      newRunIdsFromEvents.add(key(dagId, r.run_id));
    }
    if (ev.kind === 'message' && r.ok) expectedAssetEvents += sim.scenario.assets.filter((a) => a.watchers.some((w) => w.queue === ev.message.queue)).length;
    if (ev.kind === 'asset_event' && r.ok) expectedAssetEvents += 1;
  }
  if (newAssetEvents < expectedAssetEvents) fail('events', `messages and asset events at this instant should have recorded ${expectedAssetEvents} asset event(s), found ${newAssetEvents}`);
  // Runs nobody asked for: every new manual run comes from an event or a TriggerDagRunOperator.
  for (const run of newRuns) {
    if (run.run_type !== 'manual') continue;
    if (newRunIdsFromEvents.has(key(run.dag.spec.dag_id, run.run_id))) continue;
    if (run.triggered_by === 'operator') continue;
    fail('events', `manual run ${runName(run)} appeared at ${at(now)} without an event or operator that created it`);
  }
}
