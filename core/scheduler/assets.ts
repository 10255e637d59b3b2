// Assets (§8): an event is recorded, every unpaused consumer gets one queue row per asset (the
// PRIMARY KEY of asset_dag_run_queue does the dedup), and a consumer whose condition holds gets
// an asset-triggered run with no logical date, run_after = the newest queue time.
import type { AssetCondition } from '../model/scenario.js';
import type { DagRecord, RunRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { dbTime, iso } from './state/time_text.js';
import { pythonIsoformat } from '../time/instant.js';
import { aliasAssets, conditionAliases, linkAliasEvent } from './asset_alias.js';

export interface AssetEventRecord {
  id: number;
  asset: string;
  timestamp: number;
  extra: Record<string, unknown>;
  source_dag_id: string | null;
  source_run_id: string | null;
  source_task_id: string | null;
  /** Aliases the event came through (outlet_events[alias].add), when any. */
  source_aliases?: string[];
}

const eventsBySim = new WeakMap<SimState, AssetEventRecord[]>();
export function assetEvents(sim: SimState): AssetEventRecord[] {
  let e = eventsBySim.get(sim);
  if (!e) eventsBySim.set(sim, (e = []));
  return e;
}

export function conditionAssets(c: AssetCondition, out: Set<string> = new Set()): Set<string> {
  if (c.kind === 'asset') out.add(c.name);
  else if (c.kind !== 'alias') c.of.forEach((x) => conditionAssets(x, out));
  return out;
}

function evaluate(sim: SimState, c: AssetCondition, queued: Set<string>): boolean {
  if (c.kind === 'asset') return queued.has(c.name);
  if (c.kind === 'alias') return aliasAssets(sim, c.name).some((a) => queued.has(a));
  return c.kind === 'all' ? c.of.every((x) => evaluate(sim, x, queued)) : c.of.some((x) => evaluate(sim, x, queued));
}

export function registerAssetChange(
  sim: SimState, asset: string, extra: Record<string, unknown>,
  source: { dag_id: string; run_id: string; task_id: string } | null = null,
  aliases: readonly string[] = [],
): AssetEventRecord | null {
  const assetId = sim.assetIds.get(asset);
  if (assetId === undefined) return null; // unknown assets are ignored, as Airflow does
  sim.db.run('INSERT INTO asset_event (asset_id, extra, source_task_id, source_dag_id, source_run_id, source_map_index, timestamp) VALUES (?, ?, ?, ?, ?, -1, ?)',
    [assetId, JSON.stringify(extra), source?.task_id ?? null, source?.dag_id ?? null, source?.run_id ?? null, dbTime(sim.now)]);
  const ev: AssetEventRecord = { id: sim.db.lastInsertRowid(), asset, timestamp: sim.now, extra, source_dag_id: source?.dag_id ?? null, source_run_id: source?.run_id ?? null, source_task_id: source?.task_id ?? null };
  if (aliases.length) { ev.source_aliases = [...aliases]; linkAliasEvent(sim, assetId, ev.id, aliases); }
  assetEvents(sim).push(ev);
  const from = (source ? `task ${source.dag_id}.${source.task_id} in ${source.run_id}` : 'an external event') + (aliases.length ? ` through alias ${aliases.join(', ')}` : '');
  sim.note('asset.event', `asset ${asset} updated by ${from}`, { dag: source ? sim.dags.get(source.dag_id) : null });
  for (const dag of sim.dagOrder) {
    const cond = dag.timetable.asset_condition;
    if (!cond || !(conditionAssets(cond).has(asset) || (aliases.length && aliases.some((a) => conditionAliases(cond).has(a))))) continue;
    if (dag.paused) {
      sim.note('asset.not_queued', `asset ${asset} changed but ${dag.spec.dag_id} is paused: no queue row`, { dag });
      continue;
    }
    sim.db.run('INSERT OR IGNORE INTO asset_dag_run_queue (asset_id, target_dag_id, created_at) VALUES (?, ?, ?)', [assetId, dag.spec.dag_id, dbTime(sim.now)]);
    const inserted = Number(sim.db.get('SELECT changes() AS n')!.n) === 1;
    sim.note('asset.queued', inserted ? `queued for ${dag.spec.dag_id}: asset ${asset}` : `asset ${asset} already queued for ${dag.spec.dag_id}: the first queue row stays`, { dag });
  }
  return ev;
}

/** Create an asset-triggered run for `dag` if its condition holds and it has room. */
export function createAssetTriggeredRun(sim: SimState, dag: DagRecord): boolean {
  const cond = dag.timetable.asset_condition!;
  const rows = sim.db.all('SELECT a.name AS name, q.created_at AS created_at FROM asset_dag_run_queue q JOIN asset a ON a.id = q.asset_id WHERE q.target_dag_id = ?', [dag.spec.dag_id]);
  if (rows.length === 0) return false;
  const queued = new Set(rows.map((r) => String(r.name)));
  if (!evaluate(sim, cond, queued)) return false;
  if (dag.active.size >= dag.spec.max_active_runs) {
    if (!dag.assetWaitNoted) {
      sim.note('dag_run.waiting', `asset condition met but ${dag.active.size} runs are queued or running (max_active_runs ${dag.spec.max_active_runs}): queue rows wait`, { dag });
      dag.assetWaitNoted = true;
    }
    return false;
  }
  dag.assetWaitNoted = false;
  const triggered = Math.max(...rows.map((r) => Date.parse(String(r.created_at))));
  const prevAsset = [...dag.runs].reverse().find((r) => r.run_type === 'asset_triggered');
  const names = conditionAssets(cond);
  // Airflow consumes the events of the assets it schedules on and, from 3.1, those that came through its
  // aliases (A3.1/jobs/scheduler_job_runner.py:1746); 3.0 joins DagScheduleAssetReference only (:1642).
  const viaAliases = sim.profile === '3.0' ? new Set<string>() : conditionAliases(cond);
  const consumed = assetEvents(sim).filter((e) => (names.has(e.asset) || (e.source_aliases?.some((a) => viaAliases.has(a)) ?? false)) && e.timestamp <= triggered && (!prevAsset || e.timestamp > prevAsset.run_after));
  const airflow2 = sim.profile === '2';
  // Airflow 2 gave dataset-triggered runs a logical date (the newest queue time) and an interval
  // spanning the consumed events; Airflow 3 gives them none.
  const run = sim.insertRun({
    dag,
    run_id: airflow2 ? `dataset_triggered__${pythonIsoformat(triggered)}` : `asset_triggered__${pythonIsoformat(triggered)}_${sim.prng.randomString(8)}`,
    logical_date: airflow2 ? triggered : null,
    run_after: triggered,
    // reduce, not Math.min(...): a DAG paused for long can consume hundreds of thousands of events (too many arguments for the stack).
    data_interval: airflow2 ? { start: consumed.reduce((m, e) => Math.min(m, e.timestamp), triggered), end: consumed.length ? consumed.reduce((m, e) => Math.max(m, e.timestamp), -Infinity) : triggered } : null,
    run_type: 'asset_triggered', triggered_by: 'asset', conf: {},
  });
  sim.db.run('DELETE FROM asset_dag_run_queue WHERE target_dag_id = ?', [dag.spec.dag_id]);
  if ('error' in run) {
    sim.note('dag_run.refused', `asset-triggered run refused by the database: ${run.error}`, { dag });
    return true;
  }
  run.consumed_event_ids = consumed.map((e) => e.id);
  for (const e of consumed) sim.db.run('INSERT INTO dag_run_asset_event (dag_run_id, event_id) VALUES (?, ?)', [run.id, e.id]);
  sim.note('dag_run.created', `created ${run.run_id}: asset condition met (${[...queued].join(', ')} queued), run_after = newest queue time ${iso(triggered)}, ${consumed.length} asset event(s) consumed`, { run });
  return true;
}

/** triggering_asset_events for the template context: asset name → events (as dicts). */
export function triggeringAssetEvents(sim: SimState, run: RunRecord): Record<string, unknown[]> {
  if (run.consumed_event_ids.length === 0) return {};
  const ids = new Set(run.consumed_event_ids);
  const out: Record<string, unknown[]> = {};
  for (const e of assetEvents(sim)) {
    if (!ids.has(e.id)) continue;
    (out[e.asset] ??= []).push({ asset: { name: e.asset }, extra: e.extra, timestamp: dbTime(e.timestamp), source_dag_id: e.source_dag_id, source_run_id: e.source_run_id, source_task_id: e.source_task_id });
  }
  return out;
}
