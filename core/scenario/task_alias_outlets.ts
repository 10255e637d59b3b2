// A task's `alias_outlets: [{alias: name, adds: [asset, ...]}]`: outlets=[AssetAlias(name)] and, when a
// try succeeds, outlet_events[AssetAlias(name)].add(Asset(asset)) for each of `adds` (asset_alias.ts).
// The added assets must be declared under assets: (Airflow would create an unknown one on the fly;
// that is not modelled).
import type { AliasOutlet, TaskSpec } from '../model/scenario.js';
import type { Fields, Reader } from './reader.js';

/** Sets task.alias_outlets from the task's key; false when the key is wrong (reported). */
export function readAliasOutlets(r: Reader, f: Fields, task: TaskSpec, assets: ReadonlyMap<string, unknown>, profile: string): boolean {
  const v = f.get('alias_outlets');
  if (!v) return true;
  const before = r.errors.length;
  if (profile === '2') {
    r.error(f.keyOf('alias_outlets')!, "asset aliases are modelled for Airflow 3 only (Airflow 2.11's DatasetAlias is not)");
    return false;
  }
  if (task.operator !== 'python') {
    r.error(f.keyOf('alias_outlets')!, `alias_outlets needs operator: python (the callable adds the events; this task's operator is ${task.operator})`);
    return false;
  }
  if (task.expand) {
    r.error(f.keyOf('alias_outlets')!, 'alias_outlets on a mapped task is not modelled');
    return false;
  }
  const items = r.list(v, 'a list of {alias: name, adds: [asset, ...]}') ?? [];
  const out: AliasOutlet[] = [];
  for (const it of items) {
    const g = r.fields(it, ['alias', 'adds'], 'an alias outlet {alias: name, adds: [asset, ...]}');
    if (!g) continue;
    const av = r.required(g, 'alias', 'an alias outlet names its alias: {alias: name, adds: [...]}');
    const alias = av && r.str(av, 'an asset alias name');
    if (av && alias === '') r.error(av, 'an asset alias name cannot be empty');
    const addsV = g.get('adds');
    const adds: string[] = [];
    for (const { value, at } of (addsV ? r.strList(addsV, 'a list of asset names') : []) ?? []) {
      if (!assets.has(value)) r.error(at, `unknown asset '${value}'${assets.size ? ` (declared: ${[...assets.keys()].join(', ')})` : ' (declare it under assets:)'}`);
      else if (!adds.includes(value)) adds.push(value);
    }
    if (alias && out.some((o) => o.alias === alias)) r.error(av!, `alias '${alias}' is listed twice in this task's alias_outlets`);
    else if (alias) out.push({ alias, adds });
  }
  if (r.errors.length !== before) return false;
  task.alias_outlets = out;
  return true;
}
