// Backfill (AIP-78, §10): validated, its run list taken from the timetable with catchup on,
// every run created up front in QUEUED (or an existing run re-processed and converted, so
// (dag_id, logical_date) stays unique), started by the scheduler within the backfill's own
// max_active_runs, in sort_ordinal order.
import type { Instant } from '../model/scenario.js';
import type { DagRunInfo } from '../timetables/types.js';
import type { DagRecord, RunRecord } from './state/records.js';
import type { BackfillRecord, SimState } from './state/sim_state.js';
import { dbTime, iso } from './state/time_text.js';
import { pythonIsoformat } from '../time/instant.js';
import { clearRun } from './clear_mark.js';
import { atLeast } from '../model/profile_order.js';
import { PyDateTime } from '../templates/py_datetime.js';

/** A datetime as Python's str() prints it: 2025-01-01 00:00:00+00:00. */
const pyStr = (ms: Instant): string => new PyDateTime(ms).__py_str__();

export interface BackfillRequest {
  dag_id: string;
  from_date: Instant;
  to_date: Instant;
  run_backwards: boolean;
  dag_run_conf: Record<string, unknown>;
  reprocess_behavior: 'none' | 'failed' | 'completed';
  max_active_runs: number;
}

export interface BackfillStep { info: DagRunInfo; action: 'create' | 'reprocess' | 'skip'; reason: string | null; run: RunRecord | null }

export type BackfillOutcome =
  | { ok: true; backfill: BackfillRecord | null; infos: BackfillStep[] }
  | { ok: false; status: number; error: string };

function infosBetween(dag: DagRecord, from: Instant, to: Instant, now: Instant): DagRunInfo[] {
  const restriction = { earliest: from, latest: to, catchup: true };
  const out: DagRunInfo[] = [];
  let info = dag.timetable.next_dagrun_info(null, restriction, now);
  while (info && out.length < 1_000_000) {
    if (info.data_interval.end < now) out.push(info);
    const next = dag.timetable.next_dagrun_info(info.data_interval, restriction, now);
    if (!next || next.logical_date <= info.logical_date) break;
    info = next;
  }
  return out;
}

/**
 * `_create_backfill` refusals, in its order (A3.3/models/backfill.py:640-690, A3.1/models/backfill.py:
 * 457-480, the same in 3.0.6): non-periodic timetable, one active backfill, then
 * `_validate_backfill_params` (date range in 3.3 only, depends_on_past and future dates only when
 * both ends are), and in 3.3 an empty run list. 3.0/3.1's dry run validates the params before the schedule
 * (A3.1/models/backfill.py:257-263). "Dag" wording from 3.2.
 */
function refusal(sim: SimState, dag: DagRecord, req: BackfillRequest, dryRun: boolean): BackfillOutcome | null {
  const v32 = atLeast(sim.profile, '3.2');
  const v33 = atLeast(sim.profile, '3.3');
  const noSchedule = (): BackfillOutcome | null => dag.timetable.periodic ? null
    : { ok: false, status: 422, error: v33 ? `${req.dag_id} has a non-periodic schedule that does not support backfills` : `${req.dag_id} has no schedule` };
  const params = (): BackfillOutcome | null => {
    if (v33 && req.from_date > req.to_date) {
      return { ok: false, status: 422, error: `from_date (${pythonIsoformat(req.from_date)}) must not be after to_date (${pythonIsoformat(req.to_date)}).` };
    }
    // 3.3 checks the dates before depends_on_past; 3.0-3.2 after it (A3.2/models/backfill.py:262-274).
    const future = req.from_date >= sim.now && req.to_date >= sim.now
      ? { ok: false as const, status: 422, error: 'Backfill cannot be executed for future dates.' } : null;
    if (v33 && future) return future;
    if (dag.anyDependsOnPast) {
      const d = v32 ? 'Dag' : 'DAG';
      if (req.run_backwards) return { ok: false, status: 422, error: `Backfill cannot be run in reverse when the ${d} has tasks where depends_on_past=True.` };
      if (req.reprocess_behavior === 'none') return { ok: false, status: 422, error: `${d} has tasks for which depends_on_past=True. You must set reprocess behavior to reprocess completed or reprocess failed.` };
    }
    return future;
  };
  if (dryRun && !v32) return params() ?? noSchedule();
  const unscheduled = noSchedule();
  if (unscheduled) return unscheduled;
  if (!dryRun && [...sim.backfills.values()].some((b) => b.dag === dag && b.completed_at === null)) {
    const d = v32 ? 'Dag' : 'dag';
    return { ok: false, status: 409, error: `Another backfill is running for ${d} ${req.dag_id}. There can be only one running backfill per ${d}.` };
  }
  return params();
}

export function createBackfill(sim: SimState, req: BackfillRequest, dryRun: boolean): BackfillOutcome {
  const dag = sim.dags.get(req.dag_id);
  if (!dag) return { ok: false, status: 404, error: `Could not find dag ${req.dag_id}` };
  const refused = refusal(sim, dag, req, dryRun);
  if (refused) return refused;
  const infos = infosBetween(dag, req.from_date, req.to_date, sim.now);
  if (req.run_backwards) infos.reverse();
  if (infos.length === 0 && atLeast(sim.profile, '3.3')) {
    // NoBackfillRunsToCreate (A3.3/models/backfill.py:686-689), a 422 like the other refusals.
    return { ok: false, status: 422, error: `No runs to create for Dag ${req.dag_id} in the range [${pyStr(req.from_date)}, ${pyStr(req.to_date)}]` };
  }
  const plan = infos.map((info): BackfillStep => {
    const existing = dag.byLogicalDate.get(info.logical_date) ?? null;
    if (!existing) return { info, action: 'create', reason: null, run: null };
    if (existing.state === 'queued' || existing.state === 'running') return { info, action: 'skip', reason: 'in flight', run: existing };
    const reprocess = req.reprocess_behavior === 'completed' || (req.reprocess_behavior === 'failed' && existing.state === 'failed');
    return reprocess ? { info, action: 'reprocess', reason: null, run: existing } : { info, action: 'skip', reason: 'already exists', run: existing };
  });
  if (dryRun) return { ok: true, backfill: null, infos: plan };

  sim.db.run('INSERT INTO backfill (dag_id, from_date, to_date, dag_run_conf, is_paused, reprocess_behavior, max_active_runs, run_backwards, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)',
    [dag.spec.dag_id, dbTime(req.from_date), dbTime(req.to_date), JSON.stringify(req.dag_run_conf), req.reprocess_behavior, req.max_active_runs, req.run_backwards ? 1 : 0, dbTime(sim.now), dbTime(sim.now)]);
  const bf: BackfillRecord = { id: sim.db.lastInsertRowid(), dag, max_active_runs: req.max_active_runs, runs: [], completed_at: null, is_paused: false };
  sim.backfills.set(bf.id, bf);
  sim.note('backfill.created', `backfill ${bf.id} of ${dag.spec.dag_id} from ${iso(req.from_date)} to ${iso(req.to_date)}: ${plan.length} logical date(s), reprocess_behavior ${req.reprocess_behavior}, max_active_runs ${req.max_active_runs}`, { dag });
  let ordinal = 0;
  for (const step of plan) {
    ordinal++;
    let run: RunRecord | null = null;
    if (step.action === 'create') {
      const created = sim.insertRun({
        dag, run_id: `backfill__${pythonIsoformat(step.info.run_after)}`, logical_date: step.info.logical_date, run_after: step.info.run_after,
        data_interval: step.info.data_interval, run_type: 'backfill', triggered_by: 'backfill', conf: req.dag_run_conf,
        backfill_id: bf.id, sort_ordinal: ordinal, start_date: sim.now,
      });
      if ('error' in created) {
        step.reason = 'unknown';
        sim.note('backfill.skipped', `logical date ${iso(step.info.logical_date)} not backfilled: ${created.error}`, { dag });
      } else {
        run = created;
        sim.note('dag_run.created', `created ${run.run_id} for backfill ${bf.id} (sort_ordinal ${ordinal})`, { run });
      }
    } else if (step.action === 'reprocess' && step.run) {
      run = step.run;
      run.backfill_id = bf.id;
      run.sort_ordinal = ordinal;
      run.run_type = 'backfill';
      run.triggered_by = 'backfill';
      // 3.2+ _handle_clear_run writes the backfill's conf, even {} (A3.3/models/backfill.py:609-610);
      // 3.0/3.1's leaves the run's own conf (A3.1/models/backfill.py:423-430).
      if (atLeast(sim.profile, '3.2')) run.conf = req.dag_run_conf;
      sim.updateRunFields(run, { backfill_id: bf.id, run_type: 'backfill', triggered_by: 'backfill', conf: JSON.stringify(run.conf) });
      clearRun(sim, run, null, false, `re-processed by backfill ${bf.id} (reprocess_behavior ${req.reprocess_behavior}); the existing run is converted, so no second run holds this logical date`);
    } else {
      sim.note('backfill.skipped', `logical date ${iso(step.info.logical_date)} not backfilled: ${step.reason} (run ${step.run?.run_id})`, { dag, ref: step.run });
    }
    if (run) bf.runs.push(run);
    sim.db.run(`INSERT INTO backfill_dag_run (backfill_id, dag_run_id, exception_reason, ${sim.ldCol}, sort_ordinal) VALUES (?, ?, ?, ?, ?)`,
      [bf.id, run ? run.id : null, step.action === 'skip' || !run ? step.reason : null, dbTime(step.info.logical_date), ordinal]);
  }
  if (bf.runs.length === 0) {
    bf.completed_at = sim.now;
    sim.db.run('UPDATE backfill SET completed_at = ? WHERE id = ?', [dbTime(sim.now), bf.id]);
  }
  return { ok: true, backfill: bf, infos: plan };
}
