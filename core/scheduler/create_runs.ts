// Scheduled-run creation (_create_dag_runs, §4.1): a DAG gets its next run once the timetable's
// run_after has come, while its non-backfill queued+running runs stay below max_active_runs.
// "Next" is recomputed from the last automated run at the current instant, as the DAG
// processor does on every parse.
import type { DagRunInfo } from '../timetables/types.js';
import type { DagRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { iso } from './state/time_text.js';
import { createAssetTriggeredRun } from './assets.js';
import { pythonIsoformat } from '../time/instant.js';
import { atLeast } from '../model/profile_order.js';

export function activeRuns(dag: DagRecord, includeBackfill: boolean): number {
  if (includeBackfill) return dag.active.size;
  let n = 0;
  for (const r of dag.active) if (r.backfill_id === null) n++;
  return n;
}

function maxActiveRuns(dag: DagRecord): number {
  const limit = dag.timetable.active_runs_limit;
  return limit === null ? dag.spec.max_active_runs : Math.min(limit, dag.spec.max_active_runs);
}

export function nextInfo(sim: SimState, dag: DagRecord): DagRunInfo | null {
  if (!dag.timetable.can_be_scheduled) return null;
  try {
    return dag.timetable.next_dagrun_info(dag.lastAutomated?.interval ?? null, dag.restriction, sim.now);
  } catch (err) {
    // Airflow 3.0/3.1's cron code can raise (an AssertionError in _skip_to_latest around some DST
    // changes); the DAG then gets no next run at this moment, and the scheduler goes on.
    const why = `${dag.timetable.kind}.next_dagrun_info raised ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}: no run proposed now`;
    if (dag.lastTimetableError !== why) {
      dag.lastTimetableError = why;
      sim.note('dag.timetable_error', why, { dag });
    }
    return null;
  }
}

export function createDagRuns(sim: SimState): boolean {
  let changed = false;
  // Every DAG in file order, less those parked: they would find what they found last time.
  for (const dag of sim.dagVisits.forCreate(sim.now)) {
    if (dag.paused) continue; // unpausing brings it back
    changed = createScheduledRuns(sim, dag) || changed;
    if (dag.timetable.asset_condition) changed = createAssetTriggeredRun(sim, dag) || changed;
    parkOrKeep(sim, dag);
  }
  return changed;
}

/**
 * After a visit: park the DAG when its next visit would take one of createScheduledRuns' early
 * returns (a future proposal already made, a due one held by max_active_runs, no schedule) until
 * that proposal's time or a change to its runs (SimState tells dagVisits); else look again.
 */
function parkOrKeep(sim: SimState, dag: DagRecord): void {
  if (dag.timetable.asset_condition) return sim.dagVisits.keep(dag);
  const cached = dag.futureNext;
  if (cached && cached.last === dag.lastAutomated && cached.info.run_after > sim.now) return sim.dagVisits.parkUntil(dag, cached.info.run_after);
  if (dag.dueHeldAfter !== undefined && dag.dueHeldAfter === dag.lastAutomated && dag.nextDagrun === null && activeRuns(dag, false) >= maxActiveRuns(dag)) return sim.dagVisits.parkUntil(dag, null);
  if (!dag.timetable.can_be_scheduled && dag.nextDagrun === null) return sim.dagVisits.parkUntil(dag, null);
  sim.dagVisits.keep(dag);
}

/**
 * Timetables whose proposal, once it lies in the future, stays the same for every later "now"
 * before it: _TriggerTimetable takes the newest tick at or before now, or a later one (trigger_base.ts).
 * Data-interval timetables are left out: without catchup, 3.0/3.1 can raise for some "now" (DST).
 */
const STABLE_FUTURE = new Set(['CronTriggerTimetable', 'DeltaTriggerTimetable']);

function createScheduledRuns(sim: SimState, dag: DagRecord): boolean {
  // Most DAGs, most of the time, wait for a proposal already made: ask the timetable again only
  // when the last automated run changed or its time has come (its wake-up is already queued).
  const cached = dag.futureNext;
  if (cached && cached.last === dag.lastAutomated && cached.info.run_after > sim.now) {
    recordNextDagrun(sim, dag, cached.info);
    return false;
  }
  // A DAG held at max_active_runs with a due proposal: a later "now" proposes a tick at or before
  // it, or none past end_date; either way nothing is created and next_dagrun stays empty.
  if (dag.dueHeldAfter !== undefined && dag.dueHeldAfter === dag.lastAutomated && dag.nextDagrun === null && activeRuns(dag, false) >= maxActiveRuns(dag)) return false;
  dag.dueHeldAfter = undefined;
  let changed = false;
  for (let guard = 0; guard < 100_000; guard++) {
    const info = nextInfo(sim, dag);
    recordNextDagrun(sim, dag, info);
    if (!info) return changed;
    if (info.run_after > sim.now) {
      sim.wakeAt(info.run_after);
      dag.futureNext = STABLE_FUTURE.has(dag.timetable.kind) ? { last: dag.lastAutomated, info } : undefined;
      return changed;
    }
    if (activeRuns(dag, false) >= maxActiveRuns(dag)) {
      recordNextDagrun(sim, dag, null);
      // calcFirstRun (no last run, no start_date) may propose a later tick: not reused then.
      if (STABLE_FUTURE.has(dag.timetable.kind) && (dag.lastAutomated !== null || dag.restriction.earliest !== null)) dag.dueHeldAfter = dag.lastAutomated;
      return changed;
    }
    const last = dag.lastAutomated;
    if (last !== null && info.logical_date <= last.logical_date && info.data_interval.end <= last.interval.end) {
      // The timetable proposes the interval it proposed last (ContinuousTimetable when its last run
      // ended at the instant it began: [end, now] is that same zero-length interval). Only a later
      // "now" moves it on; skipping it again here would loop forever at this instant.
      return changed;
    }
    const existing = dag.byLogicalDate.get(info.logical_date);
    if (existing) {
      // Airflow skips creation and still advances (an edge case, e.g. a manual run holds the date).
      sim.note('dag_run.skipped', `scheduled run for logical_date ${iso(info.logical_date)} not created: run ${existing.run_id} already has that logical date`, { dag, ref: existing });
      dag.lastAutomated = { logical_date: info.logical_date, interval: info.data_interval };
      changed = true;
      continue;
    }
    // 3.1 names the run after dag_model.next_dagrun, the logical date (A3.1/jobs/scheduler_job_runner.py:
    // 1668-1672); 3.2+ pass the timetable's real run_after (A3.2 ...:2077-2080, A3.3 ...:2515-2519),
    // so a data-interval run is named after its interval's end (seen on the real-Airflow oracle).
    const runId = `scheduled__${pythonIsoformat(atLeast(sim.profile, '3.2') ? info.run_after : info.logical_date)}`;
    const result = sim.insertRun({
      dag, run_id: runId, logical_date: info.logical_date, run_after: info.run_after, data_interval: info.data_interval,
      run_type: 'scheduled', triggered_by: 'timetable', conf: {},
    });
    if ('error' in result) {
      sim.note('dag_run.refused', `scheduled run ${runId} refused by the database: ${result.error}`, { dag });
      dag.lastAutomated = { logical_date: info.logical_date, interval: info.data_interval };
    } else {
      sim.note('dag_run.created', `created ${runId}: ${dag.timetable.kind} (${dag.timetable.summary}) is due at ${iso(info.run_after)} (data interval ${iso(info.data_interval.start)} – ${iso(info.data_interval.end)})`, { run: result });
    }
    changed = true;
  }
  return changed;
}

/**
 * Keep the dag table's next_dagrun* columns as Airflow's DagModel shows them. They change about
 * twice per run (the next proposal, then none while max_active_runs is reached), so SQL is told
 * only when it is read (SimState.syncToDb): the columns end up the same.
 */
function recordNextDagrun(sim: SimState, dag: DagRecord, info: DagRunInfo | null): void {
  const same = info === null ? dag.nextDagrun === null : dag.nextDagrun != null && dag.nextDagrun.logical_date === info.logical_date && dag.nextDagrun.run_after === info.run_after;
  if (same) return;
  dag.nextDagrun = info;
  sim.nextDagrunChanged(dag);
}
