// Setup and teardown tasks (as_setup / as_teardown): the scheduler-side rules of
// ti_deps/deps/trigger_rule_dep.py and models/dagrun.py in the installed Airflow.
// - A work task waits for its *relevant* setups, direct or not; one that failed makes it
//   upstream_failed, one that was skipped makes it skipped (_evaluate_setup_constraint).
// - A teardown's rule all_done_setup_success runs it once its upstream is done, if at least one of
//   its direct setups succeeded (skipped if they all skipped, upstream_failed if none succeeded).
// - 3.2+: a teardown also waits for every task between its setups and itself (_evaluate_teardown_scope).
// - The run's state ignores teardowns unless on_failure_fail_dagrun (_tis_for_dagrun_state).
import type { TaskState } from '../../model/output.js';
import type { DagRecord, RunRecord, TaskInstanceRecord } from '../state/records.js';
import { FINISHED_TI_STATES } from '../state/records.js';
import { tisOfTask } from '../mapped.js';
import { flatDownstream } from '../skip_mixin.js';

interface DagFlow {
  /** Per task: its relevant setups that are not direct upstream tasks (indirect setups). */
  indirectSetups: number[][];
  /** Per teardown: tasks between its direct setups and itself that are not its direct upstream. */
  scope: number[][];
  /** Tasks whose state decides the run's (effective leaves). */
  leaves: number[];
}

const flows = new WeakMap<DagRecord, DagFlow | null>();

/** The DAG's setup/teardown structure, or null when it has none (nothing to do then). */
export function dagFlow(dag: DagRecord): DagFlow | null {
  let f = flows.get(dag);
  if (f === undefined) flows.set(dag, (f = computeFlow(dag)));
  return f;
}

function computeFlow(dag: DagRecord): DagFlow | null {
  const tasks = dag.spec.tasks;
  if (!tasks.some((t) => t.role)) return null;
  const n = tasks.length;
  const isSetup = (i: number) => tasks[i].role === 'setup';
  const isTeardown = (i: number) => tasks[i].role === 'teardown';
  const down = tasks.map((_, i) => flatDownstream(dag.downstream, i));
  const up = tasks.map(() => [] as number[]);
  down.forEach((ds, i) => ds.forEach((d) => up[d].push(i)));
  const indirectSetups: number[][] = [];
  const scope: number[][] = [];
  for (let i = 0; i < n; i++) {
    // get_upstreams_only_setups: a setup with no teardowns, or one whose teardown is downstream of this task.
    const myTeardowns = new Set(down[i].filter(isTeardown));
    const relevant = up[i].filter(isSetup).filter((s) => {
      const tds = dag.downstream[s].filter(isTeardown);
      return tds.length === 0 || tds.some((t) => myTeardowns.has(t));
    });
    indirectSetups.push(isTeardown(i) ? [] : relevant.filter((s) => !dag.upstream[i].includes(s)));
    if (!isTeardown(i)) { scope.push([]); continue; }
    const indirect = new Set(up[i].filter((u) => !dag.upstream[i].includes(u)));
    const inScope = new Set<number>();
    for (const s of dag.upstream[i].filter(isSetup)) for (const d of down[s]) if (indirect.has(d)) inScope.add(d);
    scope.push([...inScope].sort((a, b) => a - b));
  }
  // A task is an effective leaf when all its downstream tasks are ignorable teardowns, and it is not one itself.
  const ignorable = (i: number) => isTeardown(i) && !tasks[i].on_failure_fail_dagrun;
  let leaves = tasks.map((_, i) => i).filter((i) => dag.downstream[i].every(ignorable) && !ignorable(i));
  if (leaves.length === 0) leaves = dag.leaves; // a DAG of teardowns only
  return { indirectSetups, scope, leaves };
}

/** The tasks whose instances decide the run's state. */
export function stateLeaves(dag: DagRecord): number[] {
  return dagFlow(dag)?.leaves ?? dag.leaves;
}

export type SetupVerdict = { wait: false } | { wait: true; reason: string; force?: 'upstream_failed' | 'skipped' };

/** _evaluate_setup_constraint for a work task with indirect setups. */
export function setupConstraint(run: RunRecord, ti: TaskInstanceRecord): SetupVerdict {
  const flow = dagFlow(run.dag);
  const setups = flow?.indirectSetups[ti.index];
  if (!setups || setups.length === 0) return { wait: false };
  const states: TaskState[] = [];
  for (const s of setups) {
    const tis = tisOfTask(run, s);
    if (tis.length === 0) states.push('removed');
    for (const t of tis) states.push(t.state);
  }
  const finished = states.filter((s) => FINISHED_TI_STATES.has(s));
  const count = (s: TaskState) => finished.filter((x) => x === s).length;
  const names = setups.map((s) => run.dag.spec.tasks[s].task_id).join(', ');
  const summary = `relevant setups ${names}: ${count('success')} success, ${count('skipped')} skipped, ${count('failed') + count('upstream_failed')} failed`;
  let force: 'upstream_failed' | 'skipped' | undefined;
  if (count('failed') + count('upstream_failed') > 0) force = 'upstream_failed';
  else if (count('skipped') > 0) force = 'skipped';
  if (force) return { wait: true, force, reason: `a setup of this task did not succeed (${summary})` };
  if (states.length - count('success') - count('removed') > 0) return { wait: true, reason: `all setup tasks must complete successfully (${summary})` };
  return { wait: false };
}

/** Direct upstream setup instances of `ti`: how many, and how many succeeded or skipped (all_done_setup_success). */
export function setupCounts(run: RunRecord, ti: TaskInstanceRecord): { upstream: number; success: number; skipped: number } {
  const c = { upstream: 0, success: 0, skipped: 0 };
  for (const u of run.dag.upstream[ti.index]) {
    if (run.dag.spec.tasks[u].role !== 'setup') continue;
    for (const t of tisOfTask(run, u)) {
      c.upstream++;
      if (t.state === 'success') c.success++;
      else if (t.state === 'skipped') c.skipped++;
    }
  }
  return c;
}

/** _evaluate_teardown_scope (3.2+): the reason a teardown still waits, or null. */
export function teardownScopeWait(run: RunRecord, ti: TaskInstanceRecord): string | null {
  const scope = dagFlow(run.dag)?.scope[ti.index];
  if (!scope || scope.length === 0) return null;
  let expected = 0;
  let done = 0;
  for (const i of scope) for (const t of tisOfTask(run, i)) {
    expected++;
    if (FINISHED_TI_STATES.has(t.state)) done++;
  }
  if (done >= expected) return null;
  const ids = scope.map((i) => run.dag.spec.tasks[i].task_id).join(', ');
  return `trigger rule all_done_setup_success requires all tasks between setup and teardown to have completed, but found ${expected - done} in-scope task(s) not done (${ids})`;
}
