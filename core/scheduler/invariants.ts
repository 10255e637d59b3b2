// Invariants of the simulated scheduler, checked after every instant in test builds (the swarm,
// test/proof) through simulate(..., { afterStep }). Each check is an independent re-derivation of
// a rule from airflow3-semantics.md (§4, §5) over the simulation's records, not a call into the
// code that made the decision, so a wrong decision cannot also approve itself.
//
// checkInvariants(sim) returns one message per violation (empty when all hold). It keeps its own
// shadow of the previous instant in a WeakMap (states, try numbers, pause flags, the next instant
// something was due), which is what the "never goes backwards", "terminal unless cleared" and
// "never oversleeps" checks compare against. Call it after every step, from the first one on.
import type { DagRecord, RunRecord } from './state/records.js';
import { EXECUTING, FINISHED, FULL_SCAN_EVERY, FULL_SCAN_RUNS, NO_TI_YET, SCHEDULABLE, at, key, runName, shadowOf, shadows, tiName } from './invariants_shadow.js';
import type { Instant } from '../model/scenario.js';
import { type PrevLookup, dependsOnPast, triggerRuleVerdict } from './invariants_rules.js';
import type { Simulation } from './simulation.js';
import { assetEvents } from './assets.js';
import { checkEvents } from './invariants_events.js';
import { evaluateTaskDeps } from './deps/task_flow_deps.js';
import { stateLeaves } from './deps/setup_teardown.js';

export { checkFinalInvariants } from './invariants_final.js';

/** How many steps the checker has seen for this simulation (for reports). */
export function invariantSteps(sim: Simulation): number {
  return shadows.get(sim)?.steps ?? 0;
}

/** Check every invariant at the current instant; throw with all violations (for afterStep). */
export function assertInvariants(sim: Simulation): void {
  const v = checkInvariants(sim);
  if (v.length > 0) throw new InvariantViolation(v);
}

export class InvariantViolation extends Error {
  override name = 'InvariantViolation';
  constructor(readonly violations: string[]) {
    super(`${violations.length} invariant violation(s):\n  ${violations.join('\n  ')}`);
  }
}

// ---------------------------------------------------------------------------------------------

export function checkInvariants(sim: Simulation): string[] {
  const sh = shadowOf(sim);
  const out: string[] = [];
  const now = sim.now;
  const fail = (rule: string, msg: string) => out.push(`[${at(now)}] ${rule}: ${msg}`);

  // --- time never goes backwards, and the clock never skips past a due instant ---------------
  if (sh.lastNow !== null && now < sh.lastNow) fail('time', `the clock went back from ${at(sh.lastNow)} to ${at(now)}`);
  if (now < sim.scenario.clock.start || now > sim.scenario.clock.end) fail('time', `now ${at(now)} is outside the clock [${at(sim.scenario.clock.start)}, ${at(sim.scenario.clock.end)}]`);
  if (sh.dueBy !== null && now > sh.dueBy.at) fail('time', `the clock jumped to ${at(now)} past ${at(sh.dueBy.at)}, when ${sh.dueBy.what} was due (a lost wake-up)`);

  // --- what happened during this step, from the log (every change writes a log line) -----------
  const newLog = sim.log.slice(sh.logSeen);
  const touchedNames: Array<[string, string]> = [];
  const requeued = new Set<string>();
  const refusedEvents = new Set<number>();
  for (const e of newLog) {
    if (e.at !== now) fail('time', `log entry '${e.kind}' written during the step at ${at(now)} says ${at(e.at)}`);
    if (e.kind === 'dag_run.queued' || e.kind === 'dag_run.cleared') requeued.add(key(e.dag_id, e.run_id));
    if (e.dag_id !== null && e.run_id !== null) touchedNames.push([e.dag_id, e.run_id]);
    if (e.kind === 'event.refused') {
      const m = /event #(\d+) refused/.exec(e.why);
      if (m) refusedEvents.add(Number(m[1]));
    }
  }
  const eventsNow = sim.scenario.events.map((ev, index) => ({ ev, index })).filter((x) => x.ev.at === now);
  const markedRuns = new Set<string>();
  const markedTis = new Set<string>();
  const pauseToggled = new Set<string>();
  for (const { ev } of eventsNow) {
    if (ev.kind === 'mark') {
      if (ev.mark.task_id === null) markedRuns.add(key(ev.mark.dag_id, ev.mark.run_id));
      else markedTis.add(key(ev.mark.dag_id, ev.mark.run_id, ev.mark.task_id));
    }
    if (ev.kind === 'pause' || ev.kind === 'unpause') pauseToggled.add(ev.dag_id);
  }
  const wasPausedAllStep = (dag: DagRecord) => dag.paused && (sh.paused.get(dag) ?? dag.spec.paused) && !pauseToggled.has(dag.spec.dag_id);

  // --- runs: identity and uniqueness (incremental: runs are only ever appended) -----------------
  const newRuns = sim.runsInOrder.slice(sh.runsSeen);
  const newRunSet = new Set(newRuns);
  for (const run of newRuns) {
    const dag = run.dag;
    let ids = sh.runIds.get(dag);
    if (!ids) sh.runIds.set(dag, (ids = new Map()));
    if (ids.has(run.run_id)) fail('run_id unique', `${dag.spec.dag_id} has two runs with run_id ${run.run_id}`);
    ids.set(run.run_id, run);
    if (run.logical_date !== null) {
      let lds = sh.logicalDates.get(dag);
      if (!lds) sh.logicalDates.set(dag, (lds = new Map()));
      const other = lds.get(run.logical_date);
      if (other) fail('one run per logical_date', `${dag.spec.dag_id} has ${other.run_id} and ${run.run_id} for logical_date ${at(run.logical_date)}`);
      lds.set(run.logical_date, run);
    }
    if (run.id <= sh.maxRunId) fail('records', `run ${runName(run)} has id ${run.id}, not above the previous maximum ${sh.maxRunId}`);
    sh.maxRunId = Math.max(sh.maxRunId, run.id);
    if (run.run_id.length === 0) fail('records', `a run of ${dag.spec.dag_id} has an empty run_id`);
  }
  let runsInDags = 0;
  for (const dag of sim.dagOrder) {
    runsInDags += dag.runs.length;
    const seen = sh.dagRunsSeen.get(dag) ?? 0;
    for (let i = seen; i < dag.runs.length; i++) if (!newRunSet.has(dag.runs[i])) fail('records', `run ${runName(dag.runs[i])} was added to its DAG's runs but not to runsInOrder`);
    sh.dagRunsSeen.set(dag, dag.runs.length);
  }
  if (runsInDags !== sim.runsInOrder.length) fail('records', `the DAGs hold ${runsInDags} runs but runsInOrder has ${sim.runsInOrder.length} (a run appeared or vanished)`);

  // --- the runs this step examines ----------------------------------------------------------------
  const full = sim.runsInOrder.length <= FULL_SCAN_RUNS || sh.steps % FULL_SCAN_EVERY === 0;
  let scan: RunRecord[];
  if (full) scan = sim.runsInOrder;
  else {
    const set = new Set<RunRecord>(newRuns);
    for (const [dagId, runId] of touchedNames) {
      const dag = sim.dags.get(dagId);
      const r = dag ? sh.runIds.get(dag)?.get(runId) : undefined;
      if (r) set.add(r);
    }
    for (const r of sim.queuedRuns) set.add(r);
    for (const r of sim.runningRuns) set.add(r);
    for (const r of sh.activeLast) set.add(r);
    scan = [...set];
  }
  const pastCache = new Map<RunRecord, PrevLookup>();
  // --- every run: identity fields never change, state bookkeeping, timestamps ------------------
  const runningByBucket = new Map<string, { count: number; limit: number; what: string }>();
  const runningCount = new Map<string, number>();
  for (const r of sim.runningRuns) {
    const b = key(r.dag.spec.dag_id, r.backfill_id === null ? null : String(r.backfill_id));
    runningCount.set(b, (runningCount.get(b) ?? 0) + 1);
  }
  for (const run of scan) {
    const prev = sh.runs.get(run);
    const dag = run.dag;
    if (prev) {
      if (prev.run_id !== run.run_id || prev.logical_date !== run.logical_date || prev.run_after !== run.run_after) {
        fail('records', `run ${prev.run_id} of ${dag.spec.dag_id} changed its run_id, logical_date or run_after`);
      }
      const wasFinished = prev.state === 'success' || prev.state === 'failed';
      if (wasFinished && run.state !== prev.state && !requeued.has(key(dag.spec.dag_id, run.run_id)) && !markedRuns.has(key(dag.spec.dag_id, run.run_id))) {
        fail('terminal states', `run ${runName(run)} went from ${prev.state} to ${run.state} without being cleared or marked`);
      }
    }
    const started = run.state === 'running' && (!prev || prev.state !== 'running');
    if (started) {
      if (run.run_after > now) fail('run_after', `run ${runName(run)} started at ${at(now)} before its run_after ${at(run.run_after)}`);
      if (run.start_date !== now) fail('run_after', `run ${runName(run)} started at ${at(now)} but its start_date is ${run.start_date === null ? 'null' : at(run.start_date)}`);
      if (wasPausedAllStep(dag)) fail('paused', `run ${runName(run)} started while ${dag.spec.dag_id} was paused`);
    }
    if (run.state === 'running') {
      if (!sim.runningRuns.has(run)) fail('records', `run ${runName(run)} is running but not in sim.runningRuns`);
      if (run.start_date === null || run.start_date < run.run_after) fail('run_after', `running run ${runName(run)} has start_date ${run.start_date === null ? 'null' : at(run.start_date)} before run_after ${at(run.run_after)}`);
      if (run.backfill_id !== null && !sim.backfills.get(run.backfill_id)) fail('records', `run ${runName(run)} names backfill ${run.backfill_id}, which does not exist`);
    } else if (sim.runningRuns.has(run)) fail('records', `run ${runName(run)} is ${run.state} but still in sim.runningRuns`);
    if (run.state === 'queued' && !sim.queuedRuns.has(run)) fail('records', `run ${runName(run)} is queued but not in sim.queuedRuns`);
    if (run.state !== 'queued' && sim.queuedRuns.has(run)) fail('records', `run ${runName(run)} is ${run.state} but still in sim.queuedRuns`);
    if ((run.state === 'queued' || run.state === 'running') !== dag.active.has(run)) fail('records', `run ${runName(run)} is ${run.state} but dag.active says otherwise`);
    for (const [name, t] of [['queued_at', run.queued_at], ['start_date', run.start_date], ['end_date', run.end_date]] as const) {
      if (t !== null && t > now) fail('time', `run ${runName(run)} has ${name} ${at(t)} in the future (now ${at(now)})`);
    }
    if (run.start_date !== null && run.end_date !== null && run.end_date < run.start_date) fail('time', `run ${runName(run)} ends (${at(run.end_date)}) before it starts (${at(run.start_date)})`);
    if (run.state === 'success' || run.state === 'failed') {
      if (run.end_date === null) fail('records', `finished run ${runName(run)} has no end_date`);
      // A successful run has every task instance finished; a failed one may leave some never
      // started (a deadlock fails the run and leaves them as they are, §4.4) but none executing.
      for (const ti of run.tis) {
        if (ti && (run.state === 'success' ? !FINISHED.has(ti.state) : EXECUTING.has(ti.state))) fail('terminal states', `run ${runName(run)} is ${run.state} but ${ti.task.task_id} is ${ti.state ?? 'None'}`);
      }
      const justFinished = !prev || prev.state !== run.state;
      if (justFinished && run.state === 'success' && !markedRuns.has(key(dag.spec.dag_id, run.run_id))) {
        // Teardowns do not decide the run (unless on_failure_fail_dagrun): the effective leaves do.
        for (const i of stateLeaves(dag)) {
          const leaf = run.tis[i];
          if (leaf && (leaf.state === 'failed' || leaf.state === 'upstream_failed')) fail('run outcome', `run ${runName(run)} succeeded although leaf ${leaf.task.task_id} is ${leaf.state}`);
        }
      }
    }
    // Liveness: a running run whose task instances are all finished is decided in the same step.
    if (run.state === 'running' && !dag.paused && run.run_after <= now && (run.logical_date === null || run.logical_date <= now) && run.tis.every((ti) => !ti || FINISHED.has(ti.state))) {
      fail('liveness', `run ${runName(run)} has every task instance finished but is still running`);
    }
    // Liveness: a queued run that may start has started.
    if (run.state === 'queued' && run.run_after <= now && !dag.paused) {
      const bf = run.backfill_id !== null ? sim.backfills.get(run.backfill_id) : undefined;
      if (!bf?.is_paused) {
        const limit = bf ? bf.max_active_runs : dag.spec.max_active_runs;
        const running = runningCount.get(key(dag.spec.dag_id, run.backfill_id === null ? null : String(run.backfill_id))) ?? 0;
        if (running < limit) fail('liveness', `run ${runName(run)} is queued with run_after ${at(run.run_after)} passed and ${running} of ${limit} run slots taken`);
      }
    }
  }
  for (const r of sim.runningRuns) {
    if (r.state !== 'running') fail('records', `sim.runningRuns holds ${runName(r)} in state ${r.state}`);
    const bf = r.backfill_id !== null ? sim.backfills.get(r.backfill_id) : undefined;
    const bucket = key(r.dag.spec.dag_id, r.backfill_id === null ? null : String(r.backfill_id));
    const b = runningByBucket.get(bucket) ?? {
      count: 0, limit: bf ? bf.max_active_runs : r.dag.spec.max_active_runs,
      what: bf ? `${r.dag.spec.dag_id} backfill ${bf.id} (max_active_runs ${bf.max_active_runs})` : `${r.dag.spec.dag_id} (max_active_runs ${r.dag.spec.max_active_runs})`,
    };
    b.count++;
    runningByBucket.set(bucket, b);
  }
  for (const r of sim.queuedRuns) if (r.state !== 'queued') fail('records', `sim.queuedRuns holds ${runName(r)} in state ${r.state}`);
  for (const b of runningByBucket.values()) {
    if (b.count > b.limit) fail('max_active_runs', `${b.count} runs of ${b.what} are running`);
  }

  // --- task instances -------------------------------------------------------------------------
  const pools: Record<string, number> = { default_pool: 128, ...sim.scenario.pools };
  const poolUsed = new Map<string, number>();
  const perRun = new Map<RunRecord, number>();
  const perDag = new Map<DagRecord, number>();
  const perTaskDag = new Map<string, number>();
  const perTaskRun = new Map<string, number>();
  let executing = 0;
  const order = sim.scenario.rules.prior_run_order;
  for (const run of scan) {
    const dag = run.dag;
    const runKey = key(dag.spec.dag_id, run.run_id);
    const clearedNow = requeued.has(runKey);
    for (const ti of run.tis) {
      if (!ti) continue;
      const prev = sh.tis.get(ti) ?? NO_TI_YET;
      const marked = (markedTis.size > 0 && markedTis.has(key(dag.spec.dag_id, run.run_id, ti.task.task_id))) || markedRuns.has(runKey);
      if (ti.try_number < prev.try_number) fail('records', `${tiName(ti)} try_number went down from ${prev.try_number} to ${ti.try_number}`);
      if (FINISHED.has(prev.state) && (ti.state !== prev.state || ti.try_number !== prev.try_number) && !clearedNow && !marked) {
        fail('terminal states', `${tiName(ti)} went from ${prev.state} to ${ti.state ?? 'None'} (try ${prev.try_number} → ${ti.try_number}) without being cleared or marked`);
      }
      if ((ti.state === 'running') !== sim.running.has(ti)) fail('records', `${tiName(ti)} is ${ti.state ?? 'None'} but sim.running ${sim.running.has(ti) ? 'holds' : 'lacks'} it`);
      if (ti.start_date !== null && ti.start_date > now) fail('time', `${tiName(ti)} has start_date ${at(ti.start_date)} in the future`);
      if (ti.end_date !== null && ti.end_date > now) fail('time', `${tiName(ti)} has end_date ${at(ti.end_date)} in the future`);
      if (ti.start_date !== null && ti.end_date !== null && ti.end_date < ti.start_date) fail('time', `${tiName(ti)} ends before it starts`);
      if (ti.state === 'running') {
        // A poke-mode sensor sleeps until its next poke (sensors.ts).
        const poke = ti.sensor?.next_poke ?? null;
        if (ti.end_at === null && ti.wait === null && poke === null) fail('liveness', `${tiName(ti)} is running with no end and nothing to wait for`);
        if (poke !== null && poke <= now) fail('liveness', `${tiName(ti)} should have poked at ${at(poke)}`);
        if (ti.end_at !== null && ti.end_at <= now) fail('liveness', `${tiName(ti)} should have ended at ${at(ti.end_at)} and is still running`);
        if (ti.end_at === null && ti.wait !== null && ti.wait.next_poke <= now) fail('liveness', `${tiName(ti)} should have poked at ${at(ti.wait.next_poke)}`);
      }
      if (ti.state === 'queued') fail('records', `${tiName(ti)} is left queued after the step (the simulated executor starts tries at once)`);
      if (ti.state === 'running' || ti.state === 'queued') {
        executing++;
        poolUsed.set(ti.task.pool, (poolUsed.get(ti.task.pool) ?? 0) + ti.task.pool_slots);
        perRun.set(run, (perRun.get(run) ?? 0) + 1);
        perDag.set(dag, (perDag.get(dag) ?? 0) + 1);
        const tdKey = key(dag.spec.dag_id, ti.task.task_id);
        const tiKey = key(dag.spec.dag_id, run.run_id, ti.task.task_id);
        perTaskDag.set(tdKey, (perTaskDag.get(tdKey) ?? 0) + 1);
        perTaskRun.set(tiKey, (perTaskRun.get(tiKey) ?? 0) + 1);
      }

      // A try that started during this step: its run was running, its trigger rule held and
      // depends_on_past passed (checked against the states now, which only move forward within
      // a step unless something was cleared; cleared runs are skipped).
      const startedTry = ti.try_number > prev.try_number && !clearedNow && !marked;
      if (startedTry) {
        if (ti.try_number !== prev.try_number + 1) fail('retries', `${tiName(ti)} jumped from try ${prev.try_number} to ${ti.try_number} in one step`);
        if (ti.try_number > ti.max_tries + 1) fail('retries', `${tiName(ti)} started try ${ti.try_number} with max_tries ${ti.max_tries}`);
        if (prev.state === 'up_for_retry' && prev.next_retry_at !== null && now < prev.next_retry_at) fail('retries', `${tiName(ti)} retried at ${at(now)} before its retry time ${at(prev.next_retry_at)}`);
        // (a run may start a try and finish within the same step, but never start one while queued)
        if (run.state === 'queued') fail('run_after', `${tiName(ti)} started a try while its run is queued`);
        if (run.run_after > now) fail('run_after', `${tiName(ti)} started before its run's run_after ${at(run.run_after)}`);
        if (run.logical_date !== null && run.logical_date > now) fail('run_after', `${tiName(ti)} started before its run's logical_date ${at(run.logical_date)}`);
        if (wasPausedAllStep(dag)) fail('paused', `${tiName(ti)} started while ${dag.spec.dag_id} was paused`);
        const tr = triggerRuleVerdict(ti);
        if (tr.verdict !== 'met' && !tr.upstreamChanged(sh)) fail('trigger rule', `${tiName(ti)} started try ${ti.try_number} but ${ti.task.trigger_rule} does not hold (${tr.summary})`);
        const past = dependsOnPast(ti, order, sh, newRunSet, pastCache, true);
        if (past.verdict === 'fail') fail('depends_on_past', `${tiName(ti)} started try ${ti.try_number} but ${past.why}`);
      }
      // Liveness: a schedulable task instance whose dependencies all hold has been scheduled, and
      // one whose trigger rule forces a state has been given it.
      if (run.state === 'running' && !dag.paused && run.run_after <= now && (run.logical_date === null || run.logical_date <= now) && SCHEDULABLE.has(ti.state)
        && !(ti.state === 'up_for_retry' && ti.next_retry_at !== null && ti.next_retry_at > now)
        && !(ti.state === 'up_for_reschedule' && (ti.sensor?.reschedule_at ?? -Infinity) > now)) {
        const tr = triggerRuleVerdict(ti);
        if (tr.verdict === 'force') fail('liveness', `${tiName(ti)} is ${ti.state ?? 'None'} but ${ti.task.trigger_rule} forces ${tr.force} (${tr.summary})`);
        else if (tr.verdict === 'met') {
          const past = dependsOnPast(ti, order, sh, newRunSet, pastCache, false);
          // A setup not yet done, or (3.2+) a teardown's scope, holds a task whose trigger rule is met.
          const flow = evaluateTaskDeps(sim.profile, run, ti);
          if (past.verdict === 'pass' && (flow.met || flow.force)) fail('liveness', `${tiName(ti)} is ${ti.state ?? 'None'} although ${ti.task.trigger_rule} holds (${tr.summary}) and ${past.why}`);
        }
      }
    }
  }

  // --- capacity: parallelism, pools, max_active_tasks, per-task limits -------------------------
  const parallelism = sim.scenario.config.parallelism;
  if (executing > parallelism) fail('parallelism', `${executing} task instances execute, parallelism is ${parallelism}`);
  for (const [pool, used] of poolUsed) {
    const slots = pools[pool] ?? 0;
    if (used > slots) fail('pool slots', `pool ${pool} has ${slots} slots but ${used} are taken by running task instances`);
  }
  const perRunScope = sim.profile !== '2';
  if (perRunScope) {
    for (const [run, n] of perRun) if (n > run.dag.spec.max_active_tasks) fail('max_active_tasks', `${n} task instances of ${runName(run)} execute, max_active_tasks is ${run.dag.spec.max_active_tasks}`);
  } else {
    for (const [dag, n] of perDag) if (n > dag.spec.max_active_tasks) fail('max_active_tasks', `${n} task instances of ${dag.spec.dag_id} execute, max_active_tasks is ${dag.spec.max_active_tasks} (per DAG in Airflow 2)`);
  }
  for (const dag of sim.dagOrder) {
    for (const task of dag.spec.tasks) {
      const n = perTaskDag.get(key(dag.spec.dag_id, task.task_id)) ?? 0;
      if (task.max_active_tis_per_dag !== null && n > task.max_active_tis_per_dag) fail('max_active_tis_per_dag', `${n} instances of ${dag.spec.dag_id}.${task.task_id} execute, the limit is ${task.max_active_tis_per_dag}`);
    }
  }
  for (const run of scan) {
    if (run.state !== 'running' && run.state !== 'queued') continue;
    for (const ti of run.tis) {
      if (!ti || ti.task.max_active_tis_per_dagrun === null) continue;
      const n = perTaskRun.get(key(run.dag.spec.dag_id, run.run_id, ti.task.task_id)) ?? 0;
      if (n > ti.task.max_active_tis_per_dagrun) fail('max_active_tis_per_dagrun', `${n} instances of ${tiName(ti)} execute`);
    }
  }
  // Liveness: no scheduled task instance is left behind that every limit would let through.
  if (executing < parallelism) {
    for (const run of sim.runningRuns) {
      if (run.dag.paused) continue; // only running runs of unpaused DAGs hand TIs to the executor
      for (const ti of run.tis) {
        if (!ti || ti.state !== 'scheduled') continue;
        const task = ti.task;
        const slots = pools[task.pool] ?? 0;
        const free = slots - (poolUsed.get(task.pool) ?? 0);
        if (task.pool_slots > free) continue;
        if (perRunScope ? (perRun.get(run) ?? 0) >= run.dag.spec.max_active_tasks : (perDag.get(run.dag) ?? 0) >= run.dag.spec.max_active_tasks) continue;
        if (task.max_active_tis_per_dag !== null && (perTaskDag.get(key(run.dag.spec.dag_id, task.task_id)) ?? 0) >= task.max_active_tis_per_dag) continue;
        if (task.max_active_tis_per_dagrun !== null && (perTaskRun.get(key(run.dag.spec.dag_id, run.run_id, task.task_id)) ?? 0) >= task.max_active_tis_per_dagrun) continue;
        fail('liveness', `${tiName(ti)} is scheduled and every limit has room (pool ${task.pool}: ${free} free, ${executing}/${parallelism} executing) but it was not started`);
      }
    }
  }

  // --- events: each one yields exactly one result, a run or a recorded refusal ------------------
  checkEvents(sim, { now, sh, fail, refusedEvents, newRuns, newRunSet });
  const events = sim.scenario.events;
  const results = sim.eventResults;

  // --- the next instant something is due: the clock must not pass it ---------------------------
  let due: { at: Instant; what: string } | null = null;
  const consider = (t: Instant | null, what: () => string) => {
    if (t === null || t <= now || t > sim.scenario.clock.end) return;
    if (!due || t < due.at) due = { at: t, what: what() };
  };
  for (const ti of sim.running) {
    if (ti.end_at !== null) consider(ti.end_at, () => `the end of ${tiName(ti)}'s try`);
    else if (ti.wait) consider(ti.wait.next_poke, () => `a poke by ${tiName(ti)}`);
  }
  for (const run of sim.queuedRuns) {
    if (run.dag.paused) continue;
    const bf = run.backfill_id !== null ? sim.backfills.get(run.backfill_id) : undefined;
    if (!bf?.is_paused) consider(run.run_after, () => `run_after of ${runName(run)}`);
  }
  for (const run of sim.runningRuns) {
    if (run.dag.paused) continue;
    if (run.logical_date !== null && run.logical_date > now) consider(run.logical_date, () => `the logical_date of ${runName(run)}`);
    if (run.dag.spec.dagrun_timeout_ms !== null && run.start_date !== null) consider(run.start_date + run.dag.spec.dagrun_timeout_ms, () => `the dagrun_timeout of ${runName(run)}`);
    for (const ti of run.tis) if (ti && ti.state === 'up_for_retry') consider(ti.next_retry_at, () => `the retry of ${tiName(ti)}`);
  }
  for (const ev of events) if (ev.at > now) consider(ev.at, () => `an event (${ev.kind})`);

  // --- remember this instant -------------------------------------------------------------------
  sh.steps++;
  sh.lastNow = now;
  sh.dueBy = due;
  sh.logSeen = sim.log.length;
  sh.runsSeen = sim.runsInOrder.length;
  sh.resultsSeen = results.length;
  sh.assetEventsSeen = assetEvents(sim).length;
  for (const dag of sim.dagOrder) sh.paused.set(dag, dag.paused);
  sh.activeLast = new Set([...sim.queuedRuns, ...sim.runningRuns]);
  for (const run of scan) {
    const rs = sh.runs.get(run);
    if (rs) rs.state = run.state;
    else sh.runs.set(run, { state: run.state, run_id: run.run_id, logical_date: run.logical_date, run_after: run.run_after });
    for (const ti of run.tis) {
      if (!ti) continue;
      const ts = sh.tis.get(ti);
      if (ts) { ts.state = ti.state; ts.try_number = ti.try_number; ts.next_retry_at = ti.next_retry_at; }
      else sh.tis.set(ti, { state: ti.state, try_number: ti.try_number, next_retry_at: ti.next_retry_at });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The rules re-derived from airflow3-semantics.md.
