// The simulation worker: the whole core (parser, scheduler, sql.js DB, nunjucks templates) runs
// here, off the UI thread, behind the typed protocol in protocol.ts. Live simulations stay open by
// session name so the SQL console can query their metadata DB.
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import { parseDocument, isMap } from 'yaml';
import { parseScenario, simulate, listLessons, nextRuns, type SimulationResult, type Scenario } from '../../core/index.js';
import type {
  Method, NextRunsReply, NextRunsRequest, RunReply, RunRequest, ScenarioSummary, WorkerMethods, WorkerRequest, WorkerResponse,
} from './protocol.js';

let sqlPromise: Promise<SqlJsStatic> | null = null;
const sql = (): Promise<SqlJsStatic> => (sqlPromise ??= initSqlJs({ locateFile: () => wasmUrl }));
const sessions = new Map<string, SimulationResult>();

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
  const parsed = parseScenario(withOverrides(req.text, req), req.file);
  if (!parsed.ok) return { ok: false, session: req.session, errors: parsed.errors, stage: 'parse' };
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
  sessions.get(req.session)?.close();
  sessions.set(req.session, result);
  return { ok: true, session: req.session, output: result.output, scenario: summarize(parsed.scenario), warnings: parsed.warnings, elapsed_ms: Math.round(elapsed) };
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
  validate: ({ text, file }) => {
    const parsed = parseScenario(text, file);
    return parsed.ok ? { errors: [], warnings: parsed.warnings } : { errors: parsed.errors, warnings: [] };
  },
  query: ({ session, sql: q }) => {
    const s = sessions.get(session);
    if (!s) return { error: 'no simulation has run yet: open or edit a scenario first' };
    try { return s.query(q); } catch (e) { return { error: e instanceof Error ? e.message : String(e) }; }
  },
  lessons: () => listLessons().map(({ name, title, question, narrative, text }) => ({ name, title, question, narrative, text })),
  nextRuns: next,
  close: ({ session }) => {
    const s = sessions.get(session);
    s?.close();
    sessions.delete(session);
    return { closed: !!s };
  },
  exportDb: ({ session }) => sessions.get(session)?.exportDb() ?? null,
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
