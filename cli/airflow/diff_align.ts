// Windtunnel's run output against the oracle's (real Airflow replaying the same scenario), row by
// row: dag_runs by (dag_id, run_id), task_instances by (dag_id, run_id, task_id, map_index), xcoms by
// that and the key, asset events by (asset, source) and their order, event results by their index.
// Each differing field, and each row present on one side only, is one Difference. Row order never
// matters; instants are compared as instants (Airflow may print "+00:00" or microseconds).
import { pairRandomRunIds, renameRunIds } from './diff_random_ids.js';

/** What the two sides produced: `run --format json` minus the decision log (the oracle has none). */
export interface ComparableOutput {
  dag_runs: ReadonlyArray<Record<string, unknown>>;
  task_instances: ReadonlyArray<Record<string, unknown>>;
  xcoms?: ReadonlyArray<Record<string, unknown>>;
  asset_events?: ReadonlyArray<Record<string, unknown>>;
  event_results?: ReadonlyArray<Record<string, unknown>>;
}

export type DiffTable = 'dag_run' | 'task_instance' | 'xcom' | 'asset_event' | 'event_result';

/** The field of a row present on one side only. */
export const WHOLE_ROW = '(row)';

export interface Difference {
  /** The table the row belongs to. */
  kind: DiffTable;
  /** The row's key, e.g. "daily_model manual__2025-04-02T12:00:00+00:00 load -1". */
  key: string;
  /** A column, a dotted path into a value (`response.detail`), or "(row)". */
  field: string;
  /** Undefined never appears: a value absent from a side is `null` for "(row)", else "(absent)". */
  windtunnel: unknown;
  airflow: unknown;
}

export interface Alignment {
  runsCompared: number;
  taskInstancesCompared: number;
  differences: Difference[];
}

/** Printed for a field one side's output does not have at all. */
export const ABSENT = '(absent)';

const INSTANT_FIELDS = new Set([
  'logical_date', 'data_interval_start', 'data_interval_end', 'run_after', 'queued_at', 'start_date', 'end_date', 'timestamp', 'at', 'created_at', 'partition_date',
]);
const RUN_KEY = ['dag_id', 'run_id'];
const TI_KEY = [...RUN_KEY, 'task_id', 'map_index'];
const XCOM_KEY = [...TI_KEY, 'key'];
// Every field Windtunnel prints is compared, except the ones that make up the key; a field only the
// oracle prints (e.g. created_dagruns) is not a claim Windtunnel makes.
const ASSET_EVENT_KEY = ['asset', 'source_dag_id', 'source_run_id', 'source_task_id', '__key'];
const EVENT_RESULT_KEY = ['index'];

function fieldsOf(row: Record<string, unknown>, key: readonly string[]): string[] {
  return Object.keys(row).filter((f) => !key.includes(f));
}

/** Epoch microseconds of an ISO instant with a zone (Z or ±hh:mm), or null when it is not one. */
export function instantMicros(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4]}`);
  if (Number.isNaN(ms)) return null;
  const frac = (m[3] ?? '').padEnd(6, '0').slice(0, 6);
  return ms * 1000 + Number(frac);
}

function keyOf(row: Record<string, unknown>, fields: readonly string[]): string {
  return fields.map((f) => String(row[f] ?? '')).join(' ');
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (INSTANT_FIELDS.has(field)) {
    const x = instantMicros(a);
    const y = instantMicros(b);
    // At Windtunnel's resolution, the millisecond: the oracle truncates its own output instants so,
    // and response bodies carry Airflow's microseconds (the k-th request of an instant is stamped
    // k µs later, docs/fidelity.md "Same-instant requests"; run ids still show them exactly).
    if (x !== null && y !== null) return Math.floor(x / 1000) === Math.floor(y / 1000);
  }
  return canonical(a) === canonical(b);
}

/** JSON with object keys sorted, so {a, b} equals {b, a}; undefined is its own token. */
function canonical(v: unknown): string {
  if (v === undefined) return '\u0000undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const shown = (v: unknown) => (v === undefined ? ABSENT : v);

/** Field differences of one aligned pair; objects (conf, rendered, response bodies) down to their leaves. */
function compareFields(kind: DiffTable, key: string, w: Record<string, unknown>, a: Record<string, unknown>, keyFields: readonly string[], out: Difference[]): void {
  const walk = (path: string, leaf: string, x: unknown, y: unknown) => {
    if (sameValue(leaf, x, y)) return;
    if (isPlainObject(x) && isPlainObject(y)) {
      for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) walk(`${path}.${k}`, k, x[k], y[k]);
      return;
    }
    // Lists of the same length (a response's dag_runs) item by item, as `path[i]`; lists of other
    // lengths differ as a whole.
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.length > 0) {
      x.forEach((item, i) => walk(`${path}[${i}]`, leaf, item, y[i]));
      return;
    }
    out.push({ kind, key, field: path, windtunnel: shown(x), airflow: shown(y) });
  };
  for (const f of fieldsOf(w, keyFields)) walk(f, f, w[f], a[f]);
}

function alignBy(kind: DiffTable, wt: ReadonlyArray<Record<string, unknown>>, af: ReadonlyArray<Record<string, unknown>>, key: (r: Record<string, unknown>) => string, keyFields: readonly string[], out: Difference[]): number {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const r of af) byKey.set(key(r), r);
  const seen = new Set<string>();
  let compared = 0;
  for (const r of wt) {
    const k = key(r);
    seen.add(k);
    const other = byKey.get(k);
    if (!other) { out.push({ kind, key: k, field: WHOLE_ROW, windtunnel: r, airflow: null }); continue; }
    compared++;
    compareFields(kind, k, r, other, keyFields, out);
  }
  for (const r of af) {
    const k = key(r);
    if (!seen.has(k)) { seen.add(k); out.push({ kind, key: k, field: WHOLE_ROW, windtunnel: null, airflow: r }); }
  }
  return compared;
}

/**
 * Asset events have no key of their own: the n-th event of one asset from one source (task, or
 * none for events from outside) in time order is aligned with the other side's n-th.
 */
function assetEventKeys(events: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  const group = (e: Record<string, unknown>) => keyOf(e, ['asset', 'source_dag_id', 'source_run_id', 'source_task_id']).trim();
  const sorted = [...events].sort((x, y) => (instantMicros(x.timestamp) ?? 0) - (instantMicros(y.timestamp) ?? 0));
  const n = new Map<string, number>();
  return sorted.map((e) => {
    const g = group(e);
    const i = n.get(g) ?? 0;
    n.set(g, i + 1);
    return { ...e, __key: `${g} #${i}` };
  });
}

export function alignOutputs(wt: ComparableOutput, afOut: ComparableOutput): Alignment {
  const differences: Difference[] = [];
  // Runs named with Airflow's random suffix are paired first (diff_random_ids.ts); each pairing is
  // reported as a run_id difference for oracle/declared.yaml to declare.
  const pairs = pairRandomRunIds(wt.dag_runs, afOut.dag_runs);
  const af = renameRunIds(afOut, pairs);
  for (const p of pairs) differences.push({ kind: 'dag_run', key: `${p.dag_id} ${p.windtunnel}`, field: 'run_id', windtunnel: p.windtunnel, airflow: p.airflow });
  const runsCompared = alignBy('dag_run', wt.dag_runs, af.dag_runs, (r) => keyOf(r, RUN_KEY), RUN_KEY, differences);
  const taskInstancesCompared = alignBy('task_instance', wt.task_instances, af.task_instances, (r) => keyOf(r, TI_KEY), TI_KEY, differences);
  alignBy('xcom', wt.xcoms ?? [], af.xcoms ?? [], (r) => keyOf(r, XCOM_KEY), XCOM_KEY, differences);
  const ak = (r: Record<string, unknown>) => String(r.__key);
  const strip = (d: Difference): Difference => (d.field === WHOLE_ROW ? { ...d, windtunnel: dropKey(d.windtunnel), airflow: dropKey(d.airflow) } : d);
  const assetDiffs: Difference[] = [];
  alignBy('asset_event', assetEventKeys(wt.asset_events ?? []), assetEventKeys(af.asset_events ?? []), ak, ASSET_EVENT_KEY, assetDiffs);
  differences.push(...assetDiffs.map(strip));
  alignBy('event_result', wt.event_results ?? [], af.event_results ?? [], (r) => `#${String(r.index)}`, EVENT_RESULT_KEY, differences);
  return { runsCompared, taskInstancesCompared, differences };
}

function dropKey(v: unknown): unknown {
  if (!isPlainObject(v)) return v;
  const { __key: _k, ...rest } = v;
  return rest;
}
