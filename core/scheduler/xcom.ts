// XCom push and ti.xcom_pull (§6). Pulls read the caller's run, or with include_prior_dates every
// run whose coalesce(logical_date, run_after) is not later than the caller's.
// Airflow 3 (task SDK xcom_pull without map_indexes -> XCom.get_all, A3.1/sdk/execution_time/
// task_runner.py:362-381, A3.1/api_fastapi/execution_api/routes/xcoms.py:147-154): ALL matching
// values, one task's values in the order PostgreSQL returns them (the route drops get_many's
// ORDER BY; the real-Airflow oracle sees run_id order on 3.1.8/3.2.2 and push order on 3.3.2), a single
// task with exactly one value gives that value, anything else the list, nothing gives None (the
// `default` is not used on that path); under the prior_run_order: run_after what-if the list is in
// run_after order. Airflow 2 reads the newest matching run, ordered by
// logical_date DESC with NULLs first (PostgreSQL), then by push time (run_after DESC under the
// what-if).
import type { RunRecord, TaskInstanceRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { dbTime } from './state/time_text.js';
import { atLeast } from '../model/profile_order.js';
import { lazySelectSequence } from './xcom_lazy_sequence.js';

/** A mapped task keeps each map index's value; `value` is then all of them in map_index order, what a pull reads. */
interface Stored { value: unknown; timestamp: number; seq: number; mapped?: Map<number, unknown> }
const store = new WeakMap<SimState, Map<RunRecord, Map<string, Stored>>>();
let pushSeq = 0;

function runStore(sim: SimState): Map<RunRecord, Map<string, Stored>> {
  let s = store.get(sim);
  if (!s) store.set(sim, (s = new Map()));
  return s;
}

export function xcomPush(sim: SimState, ti: TaskInstanceRecord, key: string, value: unknown): void {
  const all = runStore(sim);
  let m = all.get(ti.run);
  if (!m) all.set(ti.run, (m = new Map()));
  const k = `${ti.task.task_id}\u0000${key}`;
  if (ti.map_index < 0) m.set(k, { value, timestamp: sim.now, seq: pushSeq++ });
  else {
    // A pull without map_indexes reads every index's value, ordered by map_index (Airflow 2 and 3).
    const prev = m.get(k);
    const mapped = new Map(prev?.mapped ?? []).set(ti.map_index, value);
    const byIndex = [...mapped.keys()].sort((x, y) => x - y);
    m.set(k, { value: byIndex.map((i) => mapped.get(i)), timestamp: sim.now, seq: prev?.seq ?? pushSeq++, mapped });
  }
  // XComModel.set deletes then inserts: the last write wins.
  sim.db.run('DELETE FROM xcom WHERE dag_run_id = ? AND task_id = ? AND map_index = ? AND key = ?', [ti.run.id, ti.task.task_id, ti.map_index, key]);
  sim.db.run('INSERT INTO xcom (dag_run_id, task_id, map_index, key, dag_id, run_id, value, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [ti.run.id, ti.task.task_id, ti.map_index, key, ti.run.dag.spec.dag_id, ti.run.run_id, JSON.stringify(value), dbTime(sim.now)]);
}

/** What an unmapped task pushed as return_value in its run (undefined: nothing), for XCom expansion. */
export function returnValueOf(sim: SimState, run: RunRecord, task_id: string): unknown {
  return runStore(sim).get(run)?.get(`${task_id}\u0000return_value`)?.value;
}

/** All XComs of the simulation, for the JSON output, in run then push order. */
export function allXComs(sim: SimState): Array<{ run: RunRecord; task_id: string; map_index: number; key: string; value: unknown }> {
  const out: Array<{ run: RunRecord; task_id: string; map_index: number; key: string; value: unknown; seq: number }> = [];
  for (const [run, m] of runStore(sim)) for (const [k, v] of m) {
    const [task_id, key] = k.split('\u0000');
    if (!v.mapped) out.push({ run, task_id, map_index: -1, key, value: v.value, seq: v.seq });
    else for (const i of [...v.mapped.keys()].sort((x, y) => x - y)) out.push({ run, task_id, map_index: i, key, value: v.mapped.get(i), seq: v.seq });
  }
  return out.sort((a, b) => a.run.id - b.run.id || a.seq - b.seq || a.map_index - b.map_index);
}

interface PullArgs { task_ids: unknown; dag_id: string | null; key: string; include_prior_dates: boolean; default: unknown; run_id: string | null }

function parseArgs(args: unknown[]): PullArgs {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  const kw = last && typeof last === 'object' && (last as { __keywords?: boolean }).__keywords ? (args.pop(), last) : {};
  const pos = ['task_ids', 'dag_id', 'key', 'include_prior_dates'];
  const v: Record<string, unknown> = {};
  args.forEach((a, i) => { if (i < pos.length) v[pos[i]] = a; });
  Object.assign(v, kw);
  return {
    task_ids: v.task_ids ?? null,
    dag_id: (v.dag_id as string) ?? null,
    key: (v.key as string) ?? 'return_value',
    include_prior_dates: Boolean(v.include_prior_dates),
    default: v.default ?? null,
    run_id: (v.run_id as string) ?? null,
  };
}

export function xcomPull(sim: SimState, ti: TaskInstanceRecord, rawArgs: unknown[]): unknown {
  const a = parseArgs([...rawArgs]);
  const dag = a.dag_id ? sim.dags.get(a.dag_id) : ti.run.dag;
  if (!dag) return a.default;
  let current = a.run_id ? dag.runs.find((r) => r.run_id === a.run_id) ?? ti.run : ti.run;
  // 3.2+ take the cutoff run from the pulled DAG itself (DagRun.dag_id == XCom.dag_id,
  // A3.2/models/xcom.py:312-326): a cross-DAG pull whose run id that DAG lacks finds nothing.
  if (a.include_prior_dates && dag !== ti.run.dag && atLeast(sim.profile, '3.2')) {
    const runId = a.run_id ?? ti.run.run_id;
    const cutoff = dag.runs.find((r) => r.run_id === runId);
    if (cutoff) current = cutoff;
    else {
      sim.note('xcom.pull', `xcom_pull(dag_id=${dag.spec.dag_id}, include_prior_dates=True) found no run ${runId} in ${dag.spec.dag_id} to date the cutoff: default ${JSON.stringify(a.default)}`, { run: ti.run, task: ti.task });
      return Array.isArray(a.task_ids) ? (a.task_ids as unknown[]).map(() => a.default) : a.default;
    }
  }
  const all = runStore(sim);
  const many = Array.isArray(a.task_ids);
  // Airflow 3: task_ids=None means the calling task; Airflow 2 meant any task.
  const taskIds: Array<string | null> = many ? (a.task_ids as string[]) : [a.task_ids === null ? (sim.profile === '2' ? null : ti.task.task_id) : String(a.task_ids)];
  if (sim.profile !== '2') return pullAll3(sim, ti, a, dag.runs, current, taskIds, many);
  const pullOne = (taskId: string | null): unknown => {
    const candidates = a.include_prior_dates ? priorRuns(sim, dag.runs, current) : [current];
    for (const run of candidates) {
      const m = all.get(run);
      if (!m) continue;
      let found: Stored | undefined;
      if (taskId === null) {
        for (const [k, v] of m) if (k.endsWith(`\u0000${a.key}`) && (!found || v.seq > found.seq)) found = v;
      } else found = m.get(`${taskId}\u0000${a.key}`);
      if (found) {
        if (run !== ti.run) sim.note('xcom.pull', `xcom_pull(task_ids=${taskId ?? 'None'}, key=${a.key}${a.include_prior_dates ? ', include_prior_dates=True' : ''}) read run ${run.run_id}`, { run: ti.run, task: ti.task, ref: run });
        return found.mapped && !many ? lazySelectSequence(found.value as unknown[]) : found.value;
      }
    }
    if (a.include_prior_dates) sim.note('xcom.pull', `xcom_pull(task_ids=${taskId ?? 'None'}, key=${a.key}, include_prior_dates=True) found nothing: default ${JSON.stringify(a.default)}`, { run: ti.run, task: ti.task });
    return a.default;
  };
  return many ? taskIds.map(pullOne) : pullOne(taskIds[0]);
}

/** Airflow 3's xcom_pull without map_indexes: every value of each task (see the header). */
function pullAll3(sim: SimState, ti: TaskInstanceRecord, a: PullArgs, runs: RunRecord[], current: RunRecord, taskIds: Array<string | null>, many: boolean): unknown {
  const all = runStore(sim);
  // Under the prior_run_order: run_after what-if, the list follows run_after (oldest first).
  const order = sim.scenario.rules.prior_run_order === 'run_after'
    ? (x: RunRecord, y: RunRecord) => x.run_after - y.run_after || x.id - y.id
    : (x: RunRecord, y: RunRecord) => (x.run_id < y.run_id ? -1 : x.run_id > y.run_id ? 1 : x.id - y.id);
  const candidates = a.include_prior_dates ? eligibleRuns(runs, current).sort(order) : [current];
  const out: unknown[] = [];
  for (const taskId of taskIds) {
    const values: unknown[] = [];
    const key = `${taskId}\u0000${a.key}`;
    // 3.3.2's plan for the same query returns the rows as stored (push order): seen in the oracle on
    // lesson xcom-prior-run under --profile 3.3, where 3.2.2 still returned run_id order.
    const rows = atLeast(sim.profile, '3.3') && sim.scenario.rules.prior_run_order !== 'run_after'
      ? [...candidates].sort((x, y) => (all.get(x)?.get(key)?.seq ?? 0) - (all.get(y)?.get(key)?.seq ?? 0))
      : candidates;
    for (const run of rows) {
      const found = all.get(run)?.get(key);
      if (!found) continue;
      values.push(found.value);
      if (run !== ti.run) sim.note('xcom.pull', `xcom_pull(task_ids=${taskId ?? 'None'}, key=${a.key}${a.include_prior_dates ? ', include_prior_dates=True' : ''}) read run ${run.run_id}`, { run: ti.run, task: ti.task, ref: run });
    }
    if (values.length === 0) {
      if (a.include_prior_dates) sim.note('xcom.pull', `xcom_pull(task_ids=${taskId ?? 'None'}, key=${a.key}, include_prior_dates=True) found nothing: None`, { run: ti.run, task: ti.task });
      out.push(null);
    } else out.push(...values);
  }
  return !many && out.length === 1 ? out[0] : out;
}

function eligibleRuns(runs: RunRecord[], current: RunRecord): RunRecord[] {
  const pivot = current.logical_date ?? current.run_after;
  return runs.filter((r) => (r.logical_date ?? r.run_after) <= pivot);
}

function priorRuns(sim: SimState, runs: RunRecord[], current: RunRecord): RunRecord[] {
  const eligible = eligibleRuns(runs, current);
  if (sim.scenario.rules.prior_run_order === 'run_after') {
    return eligible.sort((a, b) => b.run_after - a.run_after || b.id - a.id);
  }
  return eligible.sort((a, b) => {
    if (a.logical_date === null && b.logical_date !== null) return -1;
    if (b.logical_date === null && a.logical_date !== null) return 1;
    return (b.logical_date ?? 0) - (a.logical_date ?? 0) || b.id - a.id;
  });
}
