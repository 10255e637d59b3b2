// Saved answers of Airflow's REST API v2 → a read-only history shaped like a simulation's RunOutput,
// so the timeline, grid, runs table and SQL console show real runs exactly like simulated ones.
//
// Accepted documents (any mix, any order, pages of the same listing may overlap):
//   GET /api/v2/dags/{dag_id}/dagRuns (also dag_id "~")        {dag_runs: [...], total_entries}
//   GET /api/v2/dags/{dag_id}/dagRuns/{run_id}                 one DAGRunResponse
//   GET .../dagRuns/{run_id}/taskInstances (also "~/~")         {task_instances: [...], total_entries}
//   GET /api/v2/assets/events                                   {asset_events: [...], total_entries}
//   GET /api/v2/dags                                            {dags: [...]} (DAG ids and display order)
//   GET /api/v2/version                                         {version, git_version}
// and a plain JSON array of any of these objects. Airflow 2's API v1 shapes (execution_date,
// no run_after) are read too. Everything that cannot be read is reported, never skipped silently.
import type { AssetEventOut, DagRunOut, DagRunState, LogEntryOut, RunOutput, RunType, TaskInstanceOut, TaskState, TriggeredBy } from '../model/output.js';
import { formatInstant, parseInstant } from '../time/instant.js';

export interface ApiDocument {
  /** Where it came from (a file name), for messages. */
  name: string;
  json: unknown;
}

export interface ImportProblem {
  document: string;
  level: 'warning' | 'error';
  message: string;
}

export interface ImportOptions {
  /** The history's name (RunOutput.scenario); default "imported". */
  name?: string;
  /** Clock bounds; default the earliest and latest instant in the data. */
  clock?: { start?: number; end?: number };
}

export interface ImportResult {
  output: RunOutput;
  problems: ImportProblem[];
  /** The Airflow version the documents came from, when a /version answer was among them. */
  airflow_version: string | null;
  /** DAG ids in the order GET /dags listed them (then any others, sorted). */
  dag_ids: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const RUN_STATES: readonly DagRunState[] = ['queued', 'running', 'success', 'failed'];
const RUN_TYPES: readonly RunType[] = ['scheduled', 'manual', 'asset_triggered', 'backfill', 'operator_triggered'];
const TRIGGERED_BY: readonly TriggeredBy[] = ['timetable', 'cli', 'ui', 'rest_api', 'operator', 'asset', 'backfill', 'test'];
const TI_STATES: readonly string[] = ['success', 'failed', 'skipped', 'upstream_failed', 'up_for_retry', 'up_for_reschedule', 'scheduled', 'queued', 'running', 'removed', 'restarting', 'deferred'];

interface RunRow { out: DagRunOut; doc: string; sortAfter: number; id: number | null }
interface TiRow { out: TaskInstanceOut; doc: string }
interface EventRow { out: AssetEventOut; id: number | null; ms: number }

class Reader {
  readonly problems: ImportProblem[] = [];
  readonly runs = new Map<string, RunRow>();
  readonly tis = new Map<string, TiRow>();
  readonly events = new Map<string, EventRow>();
  readonly dagOrder: string[] = [];
  /** dagOrder as a set: `includes` on a 100,000-DAG listing made reading it quadratic. */
  readonly dagSeen = new Set<string>();
  version: string | null = null;
  /** Listing completeness: per (kind, scope), the entries seen and the largest total_entries. */
  private readonly listings = new Map<string, { seen: Set<string>; total: number; docs: string[] }>();
  private runSeq = 0;

  problem(document: string, level: 'warning' | 'error', message: string): void {
    this.problems.push({ document, level, message });
  }

  instant(doc: string, what: string, v: unknown, required = false): number | null {
    if (v === null || v === undefined) {
      if (required) this.problem(doc, 'error', `${what} is missing`);
      return null;
    }
    if (typeof v !== 'string') { this.problem(doc, 'error', `${what} is not a date-time: ${JSON.stringify(v)}`); return null; }
    try {
      return parseInstant(v, 'UTC');
    } catch (err) {
      this.problem(doc, 'error', `${what}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  document(d: ApiDocument): void {
    const j = d.json;
    if (Array.isArray(j)) { j.forEach((x, i) => this.item(`${d.name}[${i}]`, x, d.name)); return; }
    if (!isObj(j)) { this.problem(d.name, 'error', 'not a JSON object or array: nothing imported'); return; }
    if (Array.isArray(j.dag_runs)) return this.listing(d.name, 'dag_runs', j.dag_runs, j.total_entries);
    if (Array.isArray(j.task_instances)) return this.listing(d.name, 'task_instances', j.task_instances, j.total_entries);
    if (Array.isArray(j.asset_events)) return this.listing(d.name, 'asset_events', j.asset_events, j.total_entries);
    if (Array.isArray(j.dags)) {
      for (const x of j.dags) {
        if (isObj(x) && typeof x.dag_id === 'string' && !this.dagSeen.has(x.dag_id)) {
          this.dagSeen.add(x.dag_id);
          this.dagOrder.push(x.dag_id);
        }
      }
      return;
    }
    if (typeof j.version === 'string' && Object.keys(j).every((k) => k === 'version' || k === 'git_version')) { this.version = j.version; return; }
    if (typeof j.detail !== 'undefined') { this.problem(d.name, 'error', `an error answer, not data: ${JSON.stringify(j.detail).slice(0, 200)}`); return; }
    this.item(d.name, j, d.name);
  }

  private listing(doc: string, kind: 'dag_runs' | 'task_instances' | 'asset_events', items: unknown[], total: unknown): void {
    const keys: string[] = [];
    items.forEach((x, i) => {
      const k = this.item(`${doc} ${kind}[${i}]`, x, doc, kind);
      if (k) keys.push(k.key);
    });
    // Pages of one listing share their total_entries: group by it and compare what the pages held.
    if (typeof total !== 'number') return;
    const scope = `${kind}\u0000${total}`;
    let l = this.listings.get(scope);
    if (!l) this.listings.set(scope, (l = { seen: new Set(), total, docs: [] }));
    for (const k of keys) l.seen.add(k);
    l.docs.push(doc);
  }

  /** One object of any known kind; returns its identity key. */
  private item(where: string, x: unknown, doc: string, kind?: string): { key: string } | null {
    if (!isObj(x)) { this.problem(where, 'error', 'not an object'); return null; }
    const k = kind ?? (typeof x.task_id === 'string' && ('try_number' in x || 'dag_run_id' in x) ? 'task_instances'
      : typeof x.dag_run_id === 'string' || (typeof x.run_id === 'string' && 'run_type' in x) ? 'dag_runs'
        : 'asset_id' in x && 'timestamp' in x ? 'asset_events' : '');
    if (k === 'dag_runs') return this.run(where, x, doc);
    if (k === 'task_instances') return this.taskInstance(where, x, doc);
    if (k === 'asset_events') return this.assetEvent(where, x);
    this.problem(where, 'error', `not a dag run, task instance or asset event (keys: ${Object.keys(x).slice(0, 8).join(', ')})`);
    return null;
  }

  private run(where: string, x: Obj, doc: string): { key: string } | null {
    const dag_id = typeof x.dag_id === 'string' ? x.dag_id : null;
    const run_id = typeof x.dag_run_id === 'string' ? x.dag_run_id : typeof x.run_id === 'string' ? x.run_id : null;
    if (!dag_id || !run_id) { this.problem(where, 'error', 'a dag run without dag_id or dag_run_id'); return null; }
    const at = (k: string) => this.instant(where, k, x[k]);
    const logical = x.logical_date !== undefined ? at('logical_date') : at('execution_date');
    const dis = at('data_interval_start');
    const die = at('data_interval_end');
    const queued = at('queued_at');
    const start = at('start_date');
    const end = at('end_date');
    let runAfter = at('run_after');
    if (runAfter === null) {
      // Airflow 2 (API v1) has no run_after: the scheduler's "earliest start" was the interval end.
      runAfter = die ?? logical ?? queued ?? start;
      if (runAfter === null) { this.problem(where, 'error', `run ${run_id}: no run_after and no date to stand in for it`); return null; }
      this.problem(where, 'warning', `run ${run_id}: no run_after (an Airflow 2 answer?): using ${die !== null ? 'data_interval_end' : logical !== null ? 'logical_date' : 'queued_at'}`);
    }
    let state = x.state as DagRunState;
    if (!RUN_STATES.includes(state)) {
      this.problem(where, 'warning', `run ${run_id}: state ${JSON.stringify(x.state)} is not queued, running, success or failed: shown as queued`);
      state = 'queued';
    }
    let run_type = (x.run_type === 'dataset_triggered' ? 'asset_triggered' : x.run_type) as RunType;
    if (!RUN_TYPES.includes(run_type)) {
      const guessed = (/^(scheduled|manual|asset_triggered|backfill)__/.exec(run_id)?.[1] ?? 'manual') as RunType;
      this.problem(where, 'warning', `run ${run_id}: run_type ${JSON.stringify(x.run_type)} unknown: ${guessed} (from the run_id)`);
      run_type = guessed;
    }
    let triggered_by = x.triggered_by as TriggeredBy;
    if (!TRIGGERED_BY.includes(triggered_by)) {
      // Older answers leave it out; each run type has one usual source.
      triggered_by = ({ scheduled: 'timetable', backfill: 'backfill', asset_triggered: 'asset', manual: 'rest_api', operator_triggered: 'operator' } as const)[run_type];
    }
    if ((dis === null) !== (die === null)) this.problem(where, 'warning', `run ${run_id}: only one end of the data interval is set`);
    const conf = isObj(x.conf) ? x.conf : {};
    const out: DagRunOut = {
      dag_id, run_id, run_type, triggered_by,
      logical_date: t(logical), data_interval_start: dis === null || die === null ? null : t(dis), data_interval_end: dis === null || die === null ? null : t(die),
      run_after: formatInstant(runAfter), queued_at: t(queued), start_date: t(start), end_date: t(end), state, conf,
      backfill_id: typeof x.backfill_id === 'number' ? x.backfill_id : null,
      clear_number: typeof x.clear_number === 'number' ? x.clear_number : 0,
    };
    const key = `${dag_id}\u0000${run_id}`;
    const prev = this.runs.get(key);
    // The same run in two pages (or two snapshots): the later state wins when they differ.
    if (!prev || moreRecent(out, prev.out)) this.runs.set(key, { out, doc, sortAfter: runAfter, id: prev?.id ?? this.runSeq++ });
    return { key };
  }

  private taskInstance(where: string, x: Obj, doc: string): { key: string } | null {
    const dag_id = typeof x.dag_id === 'string' ? x.dag_id : null;
    const run_id = typeof x.dag_run_id === 'string' ? x.dag_run_id : typeof x.run_id === 'string' ? x.run_id : null;
    const task_id = typeof x.task_id === 'string' ? x.task_id : null;
    if (!dag_id || !run_id || !task_id) { this.problem(where, 'error', 'a task instance without dag_id, dag_run_id or task_id'); return null; }
    const map_index = typeof x.map_index === 'number' ? x.map_index : -1;
    let state = (x.state ?? null) as TaskState;
    if (state !== null && !TI_STATES.includes(state)) {
      this.problem(where, 'warning', `task ${task_id} in ${run_id}: state ${JSON.stringify(x.state)} unknown: shown as no state`);
      state = null;
    }
    const rendered: Record<string, string> = {};
    if (isObj(x.rendered_fields)) for (const [k, v] of Object.entries(x.rendered_fields)) rendered[k] = typeof v === 'string' ? v : JSON.stringify(v);
    const out: TaskInstanceOut = {
      dag_id, run_id, task_id, map_index, try_number: typeof x.try_number === 'number' ? x.try_number : 0, state,
      start_date: t(this.instant(where, 'start_date', x.start_date)), end_date: t(this.instant(where, 'end_date', x.end_date)),
      rendered, error: null,
    };
    const key = `${dag_id}\u0000${run_id}\u0000${task_id}\u0000${map_index}`;
    const prev = this.tis.get(key);
    if (!prev || out.try_number > prev.out.try_number || (out.try_number === prev.out.try_number && (out.end_date === null ? -1 : msOr(out.end_date)) >= (prev.out.end_date === null ? -1 : msOr(prev.out.end_date)))) this.tis.set(key, { out, doc });
    return { key };
  }

  private assetEvent(where: string, x: Obj): { key: string } | null {
    const ms = this.instant(where, 'timestamp', x.timestamp, true);
    if (ms === null) return null;
    const asset = typeof x.name === 'string' ? x.name : typeof x.uri === 'string' ? x.uri : `asset ${String(x.asset_id)}`;
    const id = typeof x.id === 'number' ? x.id : null;
    const out: AssetEventOut = {
      asset, timestamp: formatInstant(ms), source_dag_id: str(x.source_dag_id), source_run_id: str(x.source_run_id),
      source_task_id: str(x.source_task_id), extra: isObj(x.extra) ? x.extra : {},
    };
    // Which runs the event made (Airflow's dagrun_asset_event): the what-if infers asset schedules from it.
    const created = Array.isArray(x.created_dagruns)
      ? x.created_dagruns.filter(isObj).filter((r) => typeof r.dag_id === 'string' && typeof r.run_id === 'string').map((r) => ({ dag_id: r.dag_id as string, run_id: r.run_id as string }))
      : [];
    if (created.length) out.created_dagruns = created;
    const key = id !== null ? `id:${id}` : `${asset}\u0000${out.timestamp}\u0000${JSON.stringify(out.extra)}`;
    this.events.set(key, { out, id, ms });
    return { key };
  }

  checkListings(): void {
    for (const [scope, l] of this.listings) {
      if (l.total > l.seen.size) {
        const kind = scope.split('\u0000')[0];
        this.problem(l.docs.join(', '), 'warning', `${kind}: ${l.seen.size} of ${l.total} entries (total_entries): fetch the remaining pages (offset=${l.seen.size})`);
      }
    }
  }
}

const t = (ms: number | null): string | null => (ms === null ? null : formatInstant(ms));
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function moreRecent(a: DagRunOut, b: DagRunOut): boolean {
  const rank = (r: DagRunOut) => (r.end_date ? 3 : r.start_date ? 2 : 1);
  return rank(a) !== rank(b) ? rank(a) > rank(b) : msOr(a.end_date ?? a.start_date) >= msOr(b.end_date ?? b.start_date);
}

/** Turn saved REST answers into a history. */
export function importHistory(docs: readonly ApiDocument[], opts: ImportOptions = {}): ImportResult {
  const r = new Reader();
  for (const d of docs) r.document(d);
  r.checkListings();

  // Task instances need their run; runs the TIs mention but no run listing carried are reported.
  const runKeys = new Set(r.runs.keys());
  const orphanRuns = new Map<string, number>();
  const tis = [...r.tis.values()].filter((ti) => {
    const ok = runKeys.has(`${ti.out.dag_id}\u0000${ti.out.run_id}`);
    if (!ok) orphanRuns.set(`${ti.out.dag_id} ${ti.out.run_id}`, (orphanRuns.get(`${ti.out.dag_id} ${ti.out.run_id}`) ?? 0) + 1);
    return ok;
  });
  for (const [run, n] of orphanRuns) r.problem('(task instances)', 'warning', `${n} task instance(s) of run ${run} left out: the run itself is not among the documents`);
  const runsWithTis = new Set(tis.map((ti) => `${ti.out.dag_id}\u0000${ti.out.run_id}`));
  const missingTis = [...r.runs.keys()].filter((k) => !runsWithTis.has(k)).length;
  if (r.runs.size > 0 && missingTis > 0 && r.tis.size > 0) {
    r.problem('(task instances)', 'warning', `${missingTis} of ${r.runs.size} run(s) have no task instances among the documents`);
  }

  const runs = [...r.runs.values()].sort((a, b) => a.sortAfter - b.sortAfter || byText(a.out.dag_id, b.out.dag_id) || (a.id ?? 0) - (b.id ?? 0));
  const runIndex = new Map(runs.map((x, i) => [`${x.out.dag_id}\u0000${x.out.run_id}`, i] as const));
  // Task order within a run: by start, then task_id (Airflow's answers are ordered by map_index/task_id).
  // Sort keys are computed once per TI, not per comparison (parsing instants in the comparator
  // made a 300,000-TI import take most of a minute).
  const tiKeys = new Map(tis.map((ti) => [ti, { run: runIndex.get(`${ti.out.dag_id}\u0000${ti.out.run_id}`)!, start: msOr(ti.out.start_date) }] as const));
  tis.sort((a, b) => {
    const ka = tiKeys.get(a)!;
    const kb = tiKeys.get(b)!;
    return ka.run - kb.run || ka.start - kb.start || byText(a.out.task_id, b.out.task_id) || a.out.map_index - b.out.map_index;
  });
  const events = [...r.events.values()].sort((a, b) => a.ms - b.ms || (a.id ?? 0) - (b.id ?? 0));

  const dagIds = [...r.dagOrder];
  for (const id of [...new Set(runs.map((x) => x.out.dag_id))].sort(byText)) if (!r.dagSeen.has(id)) dagIds.push(id);

  // Clock: from the first thing that happened to the last.
  const instants: string[] = [];
  for (const x of runs) for (const v of [x.out.run_after, x.out.queued_at, x.out.start_date, x.out.end_date]) if (v) instants.push(v);
  for (const x of tis) for (const v of [x.out.start_date, x.out.end_date]) if (v) instants.push(v);
  for (const x of events) instants.push(x.out.timestamp);
  const ms = instants.map((s) => parseInstant(s, 'UTC'));
  // A loop, not Math.min(...ms): spreading hundreds of thousands of instants overflows the stack.
  const lo = opts.clock?.start ?? (ms.length ? ms.reduce((a, b) => Math.min(a, b)) : 0);
  const hi = opts.clock?.end ?? (ms.length ? ms.reduce((a, b) => Math.max(a, b)) : lo);
  if (runs.length === 0 && events.length === 0) r.problem('(all)', 'warning', 'no dag runs or asset events among the documents');

  const output: RunOutput = {
    windtunnel: 1,
    scenario: opts.name ?? 'imported',
    airflow: profileOf(r.version),
    seed: 0,
    clock: { start: formatInstant(lo), end: formatInstant(Math.max(hi, lo + 1000)) },
    dag_runs: runs.map((x) => x.out),
    task_instances: tis.map((x) => x.out),
    xcoms: [],
    asset_events: events.map((x) => x.out),
    event_results: [],
    log: historyLog(runs.map((x) => x.out), tis.map((x) => x.out)),
  };
  return { output, problems: r.problems, airflow_version: r.version, dag_ids: dagIds };
}

function profileOf(version: string | null): string {
  if (!version) return '3.1';
  if (version.startsWith('2.')) return '2';
  if (version.startsWith('3.0')) return '3.0';
  if (version.startsWith('3.1')) return '3.1';
  if (version.startsWith('3.2')) return '3.2';
  return '3.3';
}

/** Output instants as ms (their text does not sort: "00:00Z" > "00:00.500Z"); null sorts last. */
function msOr(s: string | null): number {
  return s === null ? Number.MAX_SAFE_INTEGER : parseInstant(s, 'UTC');
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the history shows happened, as log lines (the explorer's log panel and arrows read them). */
function historyLog(runs: DagRunOut[], tis: TaskInstanceOut[]): LogEntryOut[] {
  const log: LogEntryOut[] = [];
  const add = (at: string | null, kind: string, run: { dag_id: string; run_id: string }, task_id: string | null, why: string) => {
    if (at) log.push({ at, kind, dag_id: run.dag_id, run_id: run.run_id, task_id, why });
  };
  for (const r of runs) {
    add(r.queued_at ?? r.run_after, 'dag_run.queued', r, null, `imported from Airflow: ${r.run_type} run (${r.triggered_by})`);
    add(r.start_date, 'dag_run.running', r, null, 'imported from Airflow: started');
    if (r.state === 'success' || r.state === 'failed') add(r.end_date, `dag_run.${r.state}`, r, null, `imported from Airflow: ${r.state}`);
  }
  for (const ti of tis) {
    add(ti.start_date, 'ti.running', ti, ti.task_id, `imported from Airflow: try ${ti.try_number}`);
    if (ti.state && ti.end_date) add(ti.end_date, `ti.${ti.state}`, ti, ti.task_id, `imported from Airflow: ${ti.state}`);
  }
  // Stable: by time, then the order added.
  return log.map((e, i) => ({ e, i, ms: msOr(e.at) })).sort((a, b) => a.ms - b.ms || a.i - b.i).map((x) => x.e);
}
