// The simulation worker: the whole core (parser, scheduler, sql.js DB, nunjucks templates) runs
// here, off the UI thread, behind the typed protocol in protocol.ts. Live simulations stay open by
// session name so the SQL console can query their metadata DB.
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import { parseDocument, isMap } from 'yaml';
import {
  parseScenario, simulate, listLessons, nextRuns, readHistoryText, draftWhatIfScenario, whatIf, workBudgetError,
  type SimulationResult, type Scenario, type RunOutput,
} from '../../core/index.js';
import type {
  HistoryRequest, Method, NextRunsReply, NextRunsRequest, RunReply, RunRequest, ScenarioSummary, WhatIfReply, WhatIfRequest, WorkerMethods, WorkerRequest, WorkerResponse,
} from './protocol.js';
import { historySession, historySummary, type HistorySession } from './history_session.js';
import { computeStats, statsConfig, type StatsConfig } from '../../core/index.js';

let sqlPromise: Promise<SqlJsStatic> | null = null;
const sql = (): Promise<SqlJsStatic> => (sqlPromise ??= initSqlJs({ locateFile: () => wasmUrl }));
/** Open sessions by name: simulations and histories, each with its metadata DB for SQL. */
const sessions = new Map<string, HistorySession | SimulationResult>();
/** The RunOutput behind each history session, for what-ifs. */
const histories = new Map<string, RunOutput>();
/** What each simulation's scenario says about capacity (pools, parallelism), for the capacity charts. */
const capacity = new Map<string, StatsConfig>();

function replaceSession(name: string, s: HistorySession | SimulationResult, history: RunOutput | null): void {
  sessions.get(name)?.close();
  capacity.delete(name);
  sessions.set(name, s);
  if (history) histories.set(name, history); else histories.delete(name);
}

/** Apply profile / prior_run_order overrides to the YAML text (appended keys keep line numbers). */
export function withOverrides(text: string, req: Pick<RunRequest, 'profile' | 'prior_run_order'>): string {
  if (!req.profile && !req.prior_run_order) return text;
  const doc = parseDocument(text);
  if (doc.errors.length || !isMap(doc.contents)) return text;
  if (req.profile) doc.set('airflow', req.profile);
  if (req.prior_run_order) {
    if (doc.get('rules') === undefined) doc.set('rules', doc.createNode({}));
    doc.setIn(['rules', 'prior_run_order'], req.prior_run_order);
  }
  return doc.toString({ lineWidth: 0 });
}

function summarize(s: Scenario): ScenarioSummary {
  return {
    name: s.name,
    description: s.description,
    airflow: s.airflow,
    prior_run_order: s.rules.prior_run_order,
    dag_ids: s.dags.map((d) => d.dag_id),
    tasks: Object.fromEntries(s.dags.map((d) => [d.dag_id, d.tasks.map((t) => t.task_id)])),
    schedules: Object.fromEntries(s.dags.map((d) => [d.dag_id, d.schedule_text])),
    timezones: Object.fromEntries(s.dags.map((d) => [d.dag_id, d.timezone])),
    clock: { start: s.clock.start, end: s.clock.end },
  };
}

async function run(req: RunRequest): Promise<RunReply> {
  const history = readHistoryText(req.text, req.file);
  if (history) {
    if (!history.ok) return { ok: false, session: req.session, errors: history.errors, stage: 'history' };
    const f = history.file;
    const actual = f.kind === 'history' ? f.output : f.actual;
    const t0 = performance.now();
    replaceSession(req.session, historySession(actual, await sql()), actual);
    return {
      ok: true, session: req.session, output: actual, scenario: historySummary(actual), warnings: [], elapsed_ms: Math.round(performance.now() - t0), source: 'history',
      history: { draft: draftWhatIfScenario(actual), ...(f.kind === 'what_if' ? { what_if: { output: f.what_if, scenario: historySummary(f.what_if) } } : {}) },
    };
  }
  const text = withOverrides(req.text, req);
  const parsed = parseScenario(text, req.file);
  if (!parsed.ok) return { ok: false, session: req.session, errors: parsed.errors, stage: 'parse' };
  // The same refusal, at the same line, as `windtunnel run`: hours of work would hang the tab.
  const tooMuch = workBudgetError(parsed.scenario, text, req.file, req.until !== undefined ? { until: req.until } : {});
  if (tooMuch) return { ok: false, session: req.session, stage: 'simulate', errors: [tooMuch] };
  const SQL = await sql();
  const t0 = performance.now();
  let result: SimulationResult;
  try {
    result = simulate(parsed.scenario, { sql: SQL, ...(req.until !== undefined ? { until: req.until } : {}) });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, session: req.session, stage: 'simulate', errors: [{ file: req.file, line: 1, col: 1, path: '', message: `simulation failed: ${message}` }] };
  }
  const elapsed = performance.now() - t0;
  replaceSession(req.session, result, null);
  capacity.set(req.session, statsConfig(parsed.scenario));
  // The output goes to the app; the worker keeps only the simulation's records (and the SQL DB),
  // so a 1,000-DAG day is never held twice here.
  const output = result.output;
  result.releaseOutput();
  return { ok: true, session: req.session, output, scenario: summarize(parsed.scenario), warnings: parsed.warnings, elapsed_ms: Math.round(elapsed), source: 'scenario' };
}

/** A RunOutput from elsewhere (a live server's state): shown read-only; its DB is built on the first query. */
async function openHistory(req: HistoryRequest): Promise<RunReply> {
  const t0 = performance.now();
  replaceSession(req.session, historySession(req.output, await sql()), req.output);
  return {
    ok: true, session: req.session, output: req.output, scenario: historySummary(req.output), warnings: [], elapsed_ms: Math.round(performance.now() - t0),
    source: 'history', history: { draft: draftWhatIfScenario(req.output) },
  };
}

async function runWhatIf(req: WhatIfRequest): Promise<WhatIfReply> {
  const located = (message: string) => ({ ok: false as const, errors: [{ file: req.file, line: 1, col: 1, path: '', message }] });
  const history = histories.get(req.history);
  if (!history) return located('no history is open: open an imported history or attach to a server first');
  const parsed = parseScenario(req.text, req.file);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const tooMuch = workBudgetError(parsed.scenario, req.text, req.file);
  if (tooMuch) return { ok: false, errors: [tooMuch] };
  const t0 = performance.now();
  try {
    const r = whatIf(history, parsed.scenario, { sql: await sql() });
    return { ok: true, output: r.output, scenario: summarize(parsed.scenario), notes: r.notes, warnings: parsed.warnings, elapsed_ms: Math.round(performance.now() - t0) };
  } catch (e) {
    return located(`what-if failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function next(req: NextRunsRequest): NextRunsReply {
  try {
    const rows = nextRuns({
      schedule: req.schedule,
      timezone: req.timezone || 'UTC',
      start_date: req.start_date || null,
      catchup: req.catchup ?? false,
      create_cron_data_intervals: req.create_cron_data_intervals ?? false,
      now: req.now || new Date().toISOString(),
      n: Math.max(1, Math.min(500, req.n ?? 10)),
    });
    const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString().replace('.000Z', 'Z'));
    return {
      ok: true,
      runs: rows.map((r) => ({
        run_after: iso(r.run_after)!, logical_date: iso(r.logical_date), data_interval_start: iso(r.data_interval_start),
        data_interval_end: iso(r.data_interval_end), utc_offset_minutes: r.utc_offset_minutes, dst_shift: r.dst_shift,
      })),
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

const handlers: { [M in Method]: (p: WorkerMethods[M][0]) => WorkerMethods[M][1] | Promise<WorkerMethods[M][1]> } = {
  run,
  history: openHistory,
  whatIf: runWhatIf,
  validate: ({ text, file }) => {
    const parsed = parseScenario(text, file);
    return parsed.ok ? { errors: [], warnings: parsed.warnings } : { errors: parsed.errors, warnings: [] };
  },
  query: ({ session, sql: q }) => {
    const s = sessions.get(session);
    if (!s) return { error: 'no simulation has run yet: open or edit a scenario first' };
    try {
      const r = s.query(q);
      const refused = 'takeRefused' in s ? s.takeRefused() : [];
      return refused.length && !('error' in r) ? { ...r, notes: refused.map((m) => `not in the SQL tables: ${m}`) } : r;
    } catch (e) { return { error: e instanceof Error ? e.message : String(e) }; }
  },
  lessons: () => listLessons().map(({ name, title, question, narrative, text, teaching }) => ({ name, title, question, narrative, text, teaching })),
  nextRuns: next,
  close: ({ session }) => {
    const s = sessions.get(session);
    s?.close();
    sessions.delete(session);
    histories.delete(session);
    capacity.delete(session);
    return { closed: !!s };
  },
  exportDb: ({ session }) => sessions.get(session)?.exportDb() ?? null,
  stats: ({ session }) => {
    // A simulation's output is the one it already made (read, not copied); a history's is kept above.
    const s = sessions.get(session);
    if (!s) return null;
    // A simulation's figures are read from its records as a stream (no second copy of the output).
    const output = histories.get(session) ?? ('outputStream' in s ? s.outputStream : null);
    return output ? computeStats(output, capacity.get(session) ?? {}) : null;
  },
};

export async function handle(req: WorkerRequest): Promise<WorkerResponse> {
  try {
    const h = handlers[req.method] as (p: unknown) => unknown;
    if (!h) return { id: req.id, ok: false, error: `unknown method ${String(req.method)}` };
    return { id: req.id, ok: true, result: await h(req.params) };
  } catch (e) {
    return { id: req.id, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

// Only when loaded as a worker (not when imported by tests).
const scope = globalThis as unknown as { onmessage: unknown; postMessage: (m: unknown) => void; document?: unknown; WorkerGlobalScope?: unknown };
if (typeof scope.WorkerGlobalScope !== 'undefined' && scope.document === undefined) {
  scope.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
    scope.postMessage(await handle(ev.data));
  };
}
