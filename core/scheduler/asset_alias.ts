// Asset aliases (Airflow 3 AssetAlias): a task whose outlets hold an alias adds asset events through
// it at run time. Each added asset's event is recorded once per (asset, extra) with every alias it
// came through, the asset is linked to those aliases (asset_alias_asset) and the DAGs scheduled on
// them are queued for that asset (3.3.2 airflow/models/taskinstance.py register_asset_changes_in_db,
// airflow/assets/manager.py register_asset_change). A DAG scheduled on an alias resolves it to the
// linked assets when its condition is evaluated (airflow/assets/evaluation.py): any of them queued.
// The tables are made the first time an alias is used, so scenarios without aliases keep their DB.
import type { AssetCondition, TaskSpec } from '../model/scenario.js';
import type { SimState } from './state/sim_state.js';

const ready = new WeakSet<SimState>();

function ensureTables(sim: SimState): void {
  if (ready.has(sim)) return;
  ready.add(sim);
  sim.db.run('CREATE TABLE IF NOT EXISTS asset_alias (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, "group" TEXT NOT NULL DEFAULT \'asset\')');
  sim.db.run('CREATE TABLE IF NOT EXISTS asset_alias_asset (alias_id INTEGER NOT NULL, asset_id INTEGER NOT NULL, PRIMARY KEY (alias_id, asset_id))');
  sim.db.run('CREATE TABLE IF NOT EXISTS asset_alias_asset_event (alias_id INTEGER NOT NULL, event_id INTEGER NOT NULL, PRIMARY KEY (alias_id, event_id))');
}

function aliasId(sim: SimState, name: string): number {
  ensureTables(sim);
  sim.db.run('INSERT OR IGNORE INTO asset_alias (name) VALUES (?)', [name]);
  return Number(sim.db.get('SELECT id FROM asset_alias WHERE name = ?', [name])!.id);
}

/** Alias names a condition mentions. */
export function conditionAliases(c: AssetCondition, out: Set<string> = new Set()): Set<string> {
  if (c.kind === 'alias') out.add(c.name);
  else if (c.kind !== 'asset') c.of.forEach((x) => conditionAliases(x, out));
  return out;
}

/** The asset names linked to `alias` now (none before an event went through it). */
export function aliasAssets(sim: SimState, alias: string): string[] {
  if (!ready.has(sim)) return [];
  return sim.db.all('SELECT a.name AS name FROM asset_alias_asset l JOIN asset_alias al ON al.id = l.alias_id JOIN asset a ON a.id = l.asset_id WHERE al.name = ? ORDER BY a.id', [alias]).map((r) => String(r.name));
}

/** Links the event's asset to each alias and the event to it, as Airflow does before queueing. */
export function linkAliasEvent(sim: SimState, assetId: number, eventId: number, aliases: readonly string[]): void {
  for (const name of aliases) {
    const id = aliasId(sim, name);
    sim.db.run('INSERT OR IGNORE INTO asset_alias_asset (alias_id, asset_id) VALUES (?, ?)', [id, assetId]);
    sim.db.run('INSERT INTO asset_alias_asset_event (alias_id, event_id) VALUES (?, ?)', [id, eventId]);
  }
}

/**
 * The events a succeeded try adds through its aliases: one per asset (extras are always {} here),
 * in the order the callable added them, each with the aliases it came through.
 */
export function aliasEmissions(task: TaskSpec): { asset: string; aliases: string[] }[] {
  const out: { asset: string; aliases: string[] }[] = [];
  for (const o of task.alias_outlets ?? []) {
    for (const asset of o.adds) {
      const e = out.find((x) => x.asset === asset);
      if (e) { if (!e.aliases.includes(o.alias)) e.aliases.push(o.alias); } else out.push({ asset, aliases: [o.alias] });
    }
  }
  return out;
}
