// The rules re-derived from airflow3-semantics.md, independently of the code that decides them:
// the trigger rule over the upstream task instances (§4.5) and depends_on_past (§4.6).
import { FINISHED, OK_FOR_PAST, type Shadow } from './invariants_shadow.js';
import type { RunRecord, TaskInstanceRecord } from './state/records.js';
import type { TaskState } from '../model/output.js';
import type { TriggerRule } from '../model/scenario.js';
import { taskStartDate } from './task_dates.js';

interface TriggerVerdict {
  verdict: 'met' | 'wait' | 'force';
  force?: 'skipped' | 'upstream_failed';
  summary: string;
  /** Whether an upstream was finished before this step and is unfinished now (a clear): undecidable. */
  upstreamChanged(sh: Shadow): boolean;
}

/**
 * §4.5: the trigger rule over the direct upstream task instances, every map index of a mapped one
 * (a task with no instance counts as removed).
 */
export function triggerRuleVerdict(ti: TaskInstanceRecord): TriggerVerdict {
  const run = ti.run;
  const ups = ti.task.upstream.flatMap((name): Array<TaskInstanceRecord | null> => {
    const all = run.tis.filter((t): t is TaskInstanceRecord => Boolean(t) && t.task.task_id === name);
    return all.length > 0 ? all : [null];
  });
  const n = { upstream: ups.length, success: 0, skipped: 0, failed: 0, upstream_failed: 0, removed: 0, done: 0 };
  for (const u of ups) {
    const s: TaskState = u ? u.state : 'removed';
    if (s === 'success') n.success++;
    if (s === 'skipped') n.skipped++;
    if (s === 'failed') n.failed++;
    if (s === 'upstream_failed') n.upstream_failed++;
    if (s === 'removed') n.removed++;
    if (FINISHED.has(s)) n.done++;
  }
  const summary = `${n.success} success, ${n.skipped} skipped, ${n.failed} failed, ${n.upstream_failed} upstream_failed, ${n.removed} removed of ${n.upstream}`;
  const upstreamChanged = (sh: Shadow) => ups.some((u) => u !== null && FINISHED.has(sh.tis.get(u)?.state ?? null) && !FINISHED.has(u.state));
  const v = (verdict: TriggerVerdict['verdict'], force?: TriggerVerdict['force']): TriggerVerdict => ({ verdict, force, summary, upstreamChanged });
  const rule: TriggerRule = ti.task.trigger_rule;
  if (n.upstream === 0 || rule === 'always') return v('met');
  const allDone = n.done === n.upstream;
  const failures = n.failed + n.upstream_failed;
  const table: Record<TriggerRule, () => TriggerVerdict> = {
    all_success: () => (failures > 0 ? v('force', 'upstream_failed') : n.skipped > 0 ? v('force', 'skipped') : n.success + n.removed === n.upstream ? v('met') : v('wait')),
    all_failed: () => (n.success + n.skipped > 0 ? v('force', 'skipped') : failures === n.upstream ? v('met') : v('wait')),
    all_done: () => (allDone ? v('met') : v('wait')),
    all_done_setup_success: () => (allDone ? v('met') : v('wait')),
    all_done_min_one_success: () => {
      if (n.skipped > 0) return v('force', 'skipped');
      if (n.success + failures + n.removed < n.upstream) return v('wait');
      return n.success >= 1 ? v('met') : v('force', 'upstream_failed');
    },
    one_success: () => (n.success >= 1 ? v('met') : !allDone ? v('wait') : n.skipped === n.upstream ? v('force', 'skipped') : v('force', 'upstream_failed')),
    one_failed: () => (failures >= 1 ? v('met') : allDone ? v('force', 'skipped') : v('wait')),
    one_done: () => (n.success + n.failed >= 1 ? v('met') : allDone ? v('force', 'skipped') : v('wait')),
    none_failed: () => (failures > 0 ? v('force', 'upstream_failed') : n.success + n.skipped + n.removed === n.upstream ? v('met') : v('wait')),
    none_failed_min_one_success: () => (failures > 0 ? v('force', 'upstream_failed') : allDone && n.skipped === n.upstream ? v('force', 'skipped') : n.success + n.skipped + n.removed === n.upstream ? v('met') : v('wait')),
    none_skipped: () => (n.skipped > 0 ? v('force', 'skipped') : allDone ? v('met') : v('wait')),
    all_skipped: () => (n.success + failures > 0 ? v('force', 'skipped') : n.skipped === n.upstream ? v('met') : v('wait')),
    always: () => v('met'),
  };
  return table[rule]();
}

/**
 * §5 PrevDagrunDep. 'undecidable' when a run created during this step could be the previous run,
 * or the previous run's task instance changed during the step: the decision may have seen
 * another picture than the one left at the end of the step.
 */
export interface PrevLookup { prev: RunRecord | null; anyNew: boolean }

export function dependsOnPast(ti: TaskInstanceRecord, order: 'logical_date' | 'run_after', sh: Shadow, newRuns: Set<RunRecord>, cache: Map<RunRecord, PrevLookup>, atDecision: boolean): { verdict: 'pass' | 'fail' | 'undecidable'; why: string } {
  const task = ti.task;
  const run = ti.run;
  if (!task.depends_on_past && !task.wait_for_downstream) return { verdict: 'pass', why: 'depends_on_past is off' };
  if (run.sort_ordinal === 1) return { verdict: 'pass', why: 'the first run of a backfill passes' };
  if (order === 'logical_date' && run.logical_date === null) return { verdict: 'pass', why: 'a run without logical_date has no previous run' };
  const catchup = run.dag.spec.catchup;
  const earlier = (r: RunRecord): boolean => {
    if (r === run) return false;
    if (catchup && r.run_type === 'manual') return false;
    if (order === 'logical_date') return r.logical_date !== null && r.logical_date < run.logical_date!;
    return r.run_after < run.run_after || (r.run_after === run.run_after && r.id < run.id);
  };
  const later = (a: RunRecord, b: RunRecord): boolean => (order === 'logical_date'
    ? a.logical_date! > b.logical_date! || (a.logical_date === b.logical_date && a.id > b.id)
    : a.run_after > b.run_after || (a.run_after === b.run_after && a.id > b.id));
  let found = cache.get(run);
  if (!found) {
    // (the same for every task of the run; newRuns is the same set for every call of a step)
    let best: RunRecord | null = null;
    let fresh = false;
    for (const r of run.dag.runs) {
      if (!earlier(r)) continue;
      if (newRuns.has(r)) fresh = true;
      if (!best || later(r, best)) best = r;
    }
    found = { prev: best, anyNew: fresh };
    cache.set(run, found);
  }
  const prev = found.prev;
  if (atDecision && found.anyNew) return { verdict: 'undecidable', why: 'a candidate previous run was created during this step' };
  if (!prev) return { verdict: 'pass', why: 'there is no previous run' };
  const taskStart = taskStartDate(task, run.dag.spec);
  if (catchup && taskStart !== null && prev.logical_date !== null && prev.logical_date < taskStart) return { verdict: 'pass', why: 'the previous run is before the task start_date' };
  const idx = run.dag.taskIndex.get(task.task_id)!;
  const prevTi = prev.tis[idx];
  if (!prevTi) {
    if (task.ignore_first_depends_on_past) {
      const any = run.dag.runs.some((r) => r !== run && r.tis[idx] && (order === 'logical_date'
        ? r.logical_date !== null && run.logical_date !== null && r.logical_date < run.logical_date
        : r.run_after < run.run_after));
      if (!any) return { verdict: 'pass', why: 'ignore_first_depends_on_past and no earlier task instance' };
    }
    return { verdict: 'fail', why: `previous run ${prev.run_id} has no ${task.task_id}` };
  }
  const changed = (x: TaskInstanceRecord) => atDecision && (sh.tis.get(x)?.state ?? null) !== x.state;
  if (!OK_FOR_PAST.has(prevTi.state)) {
    return changed(prevTi) ? { verdict: 'undecidable', why: 'the previous task instance changed during the step' } : { verdict: 'fail', why: `previous run ${prev.run_id} has ${task.task_id} ${prevTi.state ?? 'None'}` };
  }
  if (task.wait_for_downstream) {
    for (const t of run.dag.spec.tasks) {
      if (!t.upstream.includes(task.task_id)) continue;
      const d = prev.tis[run.dag.taskIndex.get(t.task_id)!];
      if (d && !OK_FOR_PAST.has(d.state)) {
        return changed(d) ? { verdict: 'undecidable', why: 'a downstream task instance of the previous run changed during the step' } : { verdict: 'fail', why: `wait_for_downstream: previous run ${prev.run_id} has ${t.task_id} ${d.state ?? 'None'}` };
      }
    }
  }
  return { verdict: 'pass', why: `depends_on_past holds (previous run ${prev.run_id}: ${task.task_id} ${prevTi.state})` };
}
