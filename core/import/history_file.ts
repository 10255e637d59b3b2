// A history file: a RunOutput saved by `windtunnel import` (or `run --format json`), or the
// `{actual, what_if}` pair of `windtunnel import --what-if --format json`. The explorer opens
// these read-only, so every field it draws from is checked here and missing optional fields get
// the output format's defaults; a bad field is reported as FILE:LINE:COL path: message. Fields
// this version does not know are kept in place (the format may grow), so a valid file reads back
// key for key.
import type { ScenarioError } from '../api.js';
import type { AssetEventOut, DagRunOut, EventResultOut, LogEntryOut, RunOutput, TaskInstanceOut, XComOut } from '../model/output.js';
import { parseInstant } from '../time/instant.js';
import { createLocator } from '../scenario/locate.js';

export type HistoryFile =
  | { kind: 'history'; output: RunOutput }
  | { kind: 'what_if'; actual: RunOutput; what_if: RunOutput };

export type HistoryReadResult = { ok: true; file: HistoryFile } | { ok: false; errors: ScenarioError[] };

const MAX_ERRORS = 20;
/** Locating errors re-reads the text with positions; past this size the path alone is given. */
const MAX_LOCATE_CHARS = 8_000_000;

/** Does this text claim to be a history (JSON with `windtunnel: 1` and runs, no `dags`)? Cheap: only the
 * parsed top level is looked at. Scenario files (which have `dags`) answer false. */
export function looksLikeHistory(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if ('dags' in v) return false;
  if ('actual' in v && 'what_if' in v) return true;
  return v.windtunnel === 1 && Array.isArray(v.dag_runs);
}

/** Null when the text is not a history (then it is a scenario); otherwise the checked history. */
export function readHistoryText(text: string, file: string): HistoryReadResult | null {
  const head = text.trimStart();
  if (!head.startsWith('{')) return null;
  let value: unknown;
  try { value = JSON.parse(text); } catch { return null; }
  if (!looksLikeHistory(value)) return null;
  const problems: Array<{ path: string; message: string }> = [];
  const v = value as Record<string, unknown>;
  let file_: HistoryFile;
  if ('actual' in v && 'what_if' in v) {
    const actual = checkOutput(v.actual, 'actual', problems);
    const whatIf = checkOutput(v.what_if, 'what_if', problems);
    file_ = { kind: 'what_if', actual: actual!, what_if: whatIf! };
  } else {
    file_ = { kind: 'history', output: checkOutput(v, '', problems)! };
  }
  if (problems.length === 0) return { ok: true, file: file_ };
  const locate = text.length <= MAX_LOCATE_CHARS ? createLocator(text) : () => null;
  return {
    ok: false,
    errors: problems.slice(0, MAX_ERRORS).map((p) => {
      const at = locate(p.path);
      return { file, line: at?.line ?? 1, col: at?.col ?? 1, path: p.path, message: p.message };
    }),
  };
}

type Problems = Array<{ path: string; message: string }>;

/** Reads fields of one object, recording what is wrong under `base`. */
class Fields {
  constructor(private readonly o: Record<string, unknown>, private readonly base: string, private readonly problems: Problems) {}

  private at(key: string): string { return this.base ? `${this.base}.${key}` : key; }
  private bad(key: string, message: string): void { if (this.problems.length < MAX_ERRORS) this.problems.push({ path: this.at(key), message }); }

  str(key: string, def?: string): string {
    const x = this.o[key];
    if (typeof x === 'string') return x;
    if (x === undefined && def !== undefined) return def;
    this.bad(key, x === undefined ? 'missing (a string is required)' : `expected a string, got ${describe(x)}`);
    return def ?? '';
  }

  strOrNull(key: string): string | null {
    const x = this.o[key];
    if (x === undefined || x === null) return null;
    if (typeof x === 'string') return x;
    this.bad(key, `expected a string or null, got ${describe(x)}`);
    return null;
  }

  num(key: string, def: number): number {
    const x = this.o[key];
    if (x === undefined) return def;
    if (typeof x === 'number' && Number.isFinite(x)) return x;
    this.bad(key, `expected a number, got ${describe(x)}`);
    return def;
  }

  numOrNull(key: string): number | null {
    const x = this.o[key];
    if (x === undefined || x === null) return null;
    if (typeof x === 'number' && Number.isFinite(x)) return x;
    this.bad(key, `expected a number or null, got ${describe(x)}`);
    return null;
  }

  instant(key: string): string {
    const s = this.str(key);
    if (s && !validInstant(s)) this.bad(key, `'${s}' is not an instant (expected e.g. 2025-01-01T00:00:00Z)`);
    return s;
  }

  instantOrNull(key: string): string | null {
    const s = this.strOrNull(key);
    if (s !== null && !validInstant(s)) this.bad(key, `'${s}' is not an instant (expected e.g. 2025-01-01T00:00:00Z)`);
    return s;
  }

  obj<T>(key: string): Record<string, T> {
    const x = this.o[key];
    if (x === undefined || x === null) return {};
    if (typeof x === 'object' && !Array.isArray(x)) return x as Record<string, T>;
    this.bad(key, `expected an object, got ${describe(x)}`);
    return {};
  }

  list(key: string, required: boolean): Array<{ item: Record<string, unknown>; path: string }> {
    const x = this.o[key];
    if (x === undefined && !required) return [];
    if (!Array.isArray(x)) { this.bad(key, x === undefined ? 'missing (a list is required)' : `expected a list, got ${describe(x)}`); return []; }
    const out: Array<{ item: Record<string, unknown>; path: string }> = [];
    x.forEach((item, i) => {
      const path = `${this.at(key)}[${i}]`;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        if (this.problems.length < MAX_ERRORS) this.problems.push({ path, message: `expected an object, got ${describe(item)}` });
      } else out.push({ item: item as Record<string, unknown>, path });
    });
    return out;
  }
}

function checkOutput(value: unknown, base: string, problems: Problems): RunOutput | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ path: base, message: `expected a Windtunnel output object, got ${describe(value)}` });
    return null;
  }
  const top = new Fields(value as Record<string, unknown>, base, problems);
  const clockF = new Fields(top.obj('clock'), base ? `${base}.clock` : 'clock', problems);
  const f = (o: { item: Record<string, unknown>; path: string }) => new Fields(o.item, o.path, problems);
  const dag_runs: DagRunOut[] = top.list('dag_runs', true).map((o) => {
    const r = f(o);
    return {
      ...o.item,
      dag_id: r.str('dag_id'), run_id: r.str('run_id'), run_type: r.str('run_type', 'manual') as DagRunOut['run_type'],
      triggered_by: r.str('triggered_by', 'rest_api') as DagRunOut['triggered_by'], logical_date: r.instantOrNull('logical_date'),
      data_interval_start: r.instantOrNull('data_interval_start'), data_interval_end: r.instantOrNull('data_interval_end'),
      run_after: r.instant('run_after'), queued_at: r.instantOrNull('queued_at'), start_date: r.instantOrNull('start_date'),
      end_date: r.instantOrNull('end_date'), state: r.str('state') as DagRunOut['state'], conf: r.obj('conf'),
      backfill_id: r.numOrNull('backfill_id'), clear_number: r.num('clear_number', 0),
    };
  });
  const task_instances: TaskInstanceOut[] = top.list('task_instances', false).map((o) => {
    const t = f(o);
    return {
      ...o.item,
      dag_id: t.str('dag_id'), run_id: t.str('run_id'), task_id: t.str('task_id'), map_index: t.num('map_index', -1),
      try_number: t.num('try_number', 0), state: t.strOrNull('state') as TaskInstanceOut['state'],
      start_date: t.instantOrNull('start_date'), end_date: t.instantOrNull('end_date'), rendered: t.obj<string>('rendered'), error: t.strOrNull('error'),
    };
  });
  const xcoms: XComOut[] = top.list('xcoms', false).map((o) => {
    const x = f(o);
    return { ...o.item, dag_id: x.str('dag_id'), run_id: x.str('run_id'), task_id: x.str('task_id'), map_index: x.num('map_index', -1), key: x.str('key', 'return_value'), value: o.item.value ?? null };
  });
  const asset_events: AssetEventOut[] = top.list('asset_events', false).map((o) => {
    const e = f(o);
    return {
      ...o.item,
      asset: e.str('asset'), timestamp: e.instant('timestamp'), source_dag_id: e.strOrNull('source_dag_id'),
      source_run_id: e.strOrNull('source_run_id'), source_task_id: e.strOrNull('source_task_id'), extra: e.obj('extra'),
    };
  });
  const event_results: EventResultOut[] = top.list('event_results', false).map((o) => {
    const e = f(o);
    return {
      ...o.item,
      index: e.num('index', 0), at: e.instant('at'), kind: e.str('kind'), ok: o.item.ok === true, status: e.numOrNull('status'),
      error: e.strOrNull('error'), run_id: e.strOrNull('run_id'),
    };
  });
  const log: LogEntryOut[] = top.list('log', false).map((o) => {
    const l = f(o);
    l.strOrNull('ref_run_id');
    return {
      ...o.item,
      at: l.instant('at'), kind: l.str('kind'), dag_id: l.strOrNull('dag_id'), run_id: l.strOrNull('run_id'),
      task_id: l.strOrNull('task_id'), why: l.str('why', ''),
    };
  });
  return {
    ...(value as Record<string, unknown>),
    windtunnel: 1, scenario: top.str('scenario', 'history'), airflow: top.str('airflow', '3.1'), seed: top.num('seed', 0),
    clock: { start: clockF.instant('start'), end: clockF.instant('end') },
    dag_runs, task_instances, xcoms, asset_events, event_results, log,
  };
}

function validInstant(s: string): boolean {
  try { parseInstant(s, 'UTC'); return true; } catch { return false; }
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`;
  return `${typeof x} ${String(x)}`;
}
