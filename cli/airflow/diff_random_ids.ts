// Run ids that end in Airflow's random suffix. Airflow names a run without a logical date (asset-
// triggered runs from 3.0 on; REST, CLI and manual runs in 3.0; partitioned runs) `<type>__<run_after>`
// plus `_` (or `__`) and 8 letters and digits from Python's unseeded `random`
// (airflow/utils/strings.py get_random_string, used by models/dagrun.py DagRun.generate_run_id and
// timetables/trigger.py). Windtunnel draws its own suffix from the scenario's seed, so the two ids of
// one run can never be equal. Before rows are aligned, such runs are paired by (dag_id, the id
// without its suffix, order of creation) and the Airflow side's id is replaced by Windtunnel's
// everywhere it appears (task instances, XComs, response bodies, rendered templates), so every other
// field is still compared. Each pairing is reported as a run_id difference, which oracle/declared.yaml
// declares (rule random-run-id-suffix); docs/fidelity.md explains it.
/**
 * `<run type>__<ISO instant with offset>[__<partition key>]` + `_` or `__` + 8 letters/digits.
 * Group 1 is everything but the random part: two ids pair only when it is the same.
 */
export const RANDOM_SUFFIX_ID = /^([a-z_]+__\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}(?:__.+?)?_{1,2})[A-Za-z0-9]{8}$/;

export interface RunIdPair {
  dag_id: string;
  windtunnel: string;
  airflow: string;
}

type Row = Record<string, unknown>;

/** The stem (id without its random part) of a suffixed run id, or null. */
export function randomSuffixStem(runId: string): string | null {
  return RANDOM_SUFFIX_ID.exec(runId)?.[1] ?? null;
}

/**
 * Pairs the runs whose ids differ only in the random suffix. Only ids without an exact counterpart on
 * the other side take part; a (dag_id, stem) group pairs only when both sides have the same number of
 * runs in it, the k-th created with the k-th created (both outputs list runs by run_after, then by
 * creation); otherwise every run of the group stays unpaired and is reported as a row on one side.
 */
export function pairRandomRunIds(wt: ReadonlyArray<Row>, af: ReadonlyArray<Row>): RunIdPair[] {
  const ids = (rows: ReadonlyArray<Row>) => new Set(rows.map((r) => `${String(r.dag_id)}\u0000${String(r.run_id)}`));
  const groups = (rows: ReadonlyArray<Row>, other: Set<string>) => {
    const g = new Map<string, string[]>();
    const ordered = rows.map((r, i) => ({ r, i })).sort((x, y) => String(x.r.run_after ?? '').localeCompare(String(y.r.run_after ?? '')) || x.i - y.i);
    for (const { r } of ordered) {
      const dagId = String(r.dag_id);
      const runId = String(r.run_id);
      if (other.has(`${dagId}\u0000${runId}`)) continue;
      const stem = randomSuffixStem(runId);
      if (stem === null) continue;
      const key = `${dagId}\u0000${stem}`;
      const list = g.get(key) ?? [];
      list.push(runId);
      g.set(key, list);
    }
    return g;
  };
  const wtGroups = groups(wt, ids(af));
  const afGroups = groups(af, ids(wt));
  const pairs: RunIdPair[] = [];
  for (const [key, wtIds] of wtGroups) {
    const afIds = afGroups.get(key);
    if (!afIds || afIds.length !== wtIds.length) continue;
    const dagId = key.slice(0, key.indexOf('\u0000'));
    wtIds.forEach((id, k) => pairs.push({ dag_id: dagId, windtunnel: id, airflow: afIds[k] }));
  }
  return pairs;
}

/** The Airflow output with each paired id replaced by Windtunnel's, in every string that holds it. */
export function renameRunIds<T>(af: T, pairs: readonly RunIdPair[]): T {
  if (pairs.length === 0) return af;
  const to = new Map(pairs.map((p) => [p.airflow, p.windtunnel]));
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp([...to.keys()].map(escape).join('|'), 'g');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(re, (m) => to.get(m) ?? m);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: walk(x), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  return walk(af) as T;
}
