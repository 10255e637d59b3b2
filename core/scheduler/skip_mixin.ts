// SkipMixin: what a branch (BranchPythonOperator, @task.branch) or short-circuit
// (ShortCircuitOperator) task decides. The decision is rendered when the try starts (it is the
// callable's op_kwargs) and acted on when the try succeeds: downstream task instances are set to
// skipped at that instant and the `skipmixin_key` XCom records the decision, which
// NotPreviouslySkippedDep reads if a skipped task is cleared (deps/not_previously_skipped.ts).
// Sources: providers/standard/utils/skipmixin.py (skip, skip_all_except), operators/python.py
// (ShortCircuitOperator.execute), execution_api/routes/task_instances.py (ti_skip_downstream).
import type { TaskInstanceRecord } from './state/records.js';
import type { SimState as Simulation } from './state/sim_state.js';
import { renderTemplate } from '../templates/render.js';
import { renderedIsFalse } from '../templates/pyrepr.js';
import { xcomPush } from './xcom.js';
import { atLeast } from '../model/profile_order.js';
import { branchChoice } from '../model/task_flow.js';
import { splitBranch } from '../scenario/task_flow.js';

type Decision =
  | { kind: 'branch'; follow: string[] }
  | { kind: 'short_circuit'; condition: boolean; ignore: boolean };

/** What the `skipmixin_key` XCom holds: the direct downstream tasks followed, or the tasks skipped. */
export interface SkipRecord { followed?: string[]; skipped?: string[] }

const decisions = new WeakMap<TaskInstanceRecord, Decision>();
const records = new WeakMap<TaskInstanceRecord, SkipRecord>();

/** The decision the finished try left (NotPreviouslySkippedDep's XCom), if any. */
export const skipRecordOf = (ti: TaskInstanceRecord): SkipRecord | undefined => records.get(ti);

/** At try start: render the decision. Returns an error text when rendering fails (the try fails). */
export function decideAtStart(sim: Simulation, ti: TaskInstanceRecord, context: Record<string, unknown>): string | null {
  records.delete(ti); // a new try starts without the XComs of the last one
  decisions.delete(ti);
  const rule = ti.task.skip_rule;
  if (!rule) return null;
  if (rule.kind === 'branch_choice') {
    decisions.set(ti, { kind: 'branch', follow: branchChoice(rule.choices, sim.scenario.seed, ti.run.dag.spec.dag_id, ti.run.run_id, ti.task.task_id) });
    return null;
  }
  const r = renderTemplate(rule.kind === 'branch' ? rule.follow : rule.condition, context);
  if (!r.ok) return `${r.error} (rendering ${rule.kind === 'branch' ? 'branch' : 'condition'})`;
  decisions.set(ti, rule.kind === 'branch'
    ? { kind: 'branch', follow: splitBranch(r.text) }
    : { kind: 'short_circuit', condition: !renderedIsFalse(r.text), ignore: rule.ignore_downstream_trigger_rules });
  return null;
}

/**
 * When the try succeeds: skip what the decision says, push the XComs. Returns an error text when
 * the decision is invalid (Airflow raises AirflowException: the try fails instead).
 */
export function applyAtSuccess(sim: Simulation, ti: TaskInstanceRecord): string | null {
  const d = decisions.get(ti);
  decisions.delete(ti);
  if (!d) return null;
  const dag = ti.run.dag;
  const tasks = dag.spec.tasks;
  const down = dag.downstream[ti.index];
  let skip: number[] = [];
  let value: unknown;
  let why: string;
  if (d.kind === 'branch') {
    const invalid = d.follow.filter((id) => !dag.taskIndex.has(id));
    if (invalid.length > 0) return `AirflowException: 'branch_task_ids' must contain only valid task_ids. Invalid tasks found: ${pySet(invalid)}.`;
    value = d.follow;
    if (down.length > 0) {
      // A followed task's own downstream tasks are followed too (a join right after the branch).
      const followed = new Set<number>();
      for (const id of d.follow) for (const i of [dag.taskIndex.get(id)!, ...flatDownstream(dag.downstream, dag.taskIndex.get(id)!)]) followed.add(i);
      skip = down.filter((i) => !followed.has(i));
      records.set(ti, { followed: sortedIds(down.filter((i) => followed.has(i)).map((i) => tasks[i].task_id)) });
      xcomPush(sim, ti, 'skipmixin_key', records.get(ti));
    }
    why = `branch of ${ti.task.task_id} follows ${d.follow.length ? d.follow.join(', ') : 'no task'}`;
  } else {
    value = d.condition;
    why = `short-circuit of ${ti.task.task_id}: condition is false`;
    if (!d.condition) {
      // Teardowns are never short-circuited; with ignore_downstream_trigger_rules every downstream task is.
      const candidates = d.ignore ? flatDownstream(dag.downstream, ti.index) : down;
      skip = candidates.filter((i) => tasks[i].role !== 'teardown');
      if (skip.length > 0) {
        records.set(ti, { skipped: sortedIds(skip.map((i) => tasks[i].task_id)) });
        xcomPush(sim, ti, 'skipmixin_key', records.get(ti));
      }
    }
  }
  // Airflow 3 skips by raising DownstreamTasksSkipped out of execute: the return value is pushed
  // only when nothing was skipped. Airflow 2 sets the states in place and returns normally.
  if (skip.length === 0 || sim.profile === '2') xcomPush(sim, ti, 'return_value', value);
  const guarded = atLeast(sim.profile, '3.2');
  for (const i of skip) {
    const target = ti.run.tis[i];
    if (!target || target.map_index >= 0) continue; // the update matches map_index -1 only
    // 3.2+ leave running and finished (success/failed) instances alone (PR #59378); the simulated
    // worker cannot take a running try back, so no profile skips one.
    if (target.state === 'running' || (guarded && (target.state === 'success' || target.state === 'failed'))) continue;
    target.start_date = target.end_date = sim.now;
    sim.setTiState(target, 'skipped', `${why}: ${target.task.task_id} is skipped (SkipMixin)`);
  }
  return null;
}

/** Every task downstream of `index`, transitively, in DAG order. */
export function flatDownstream(downstream: number[][], index: number): number[] {
  const seen = new Set<number>();
  const stack = [...downstream[index]];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    stack.push(...downstream[i]);
  }
  return [...seen].sort((a, b) => a - b);
}

// Airflow builds these lists from Python sets (their order varies from process to process): sorted here.
const sortedIds = (ids: string[]): string[] => [...ids].sort();

function pySet(ids: string[]): string {
  return `{${ids.map((id) => `'${id}'`).join(', ')}}`;
}
