// `{alias: name}` inside an asset schedule: AssetAlias(name), resolved by the scheduler to the assets
// linked to the alias when it evaluates the condition (asset_alias.ts).
import { isMap } from 'yaml';
import type { AssetCondition } from '../model/scenario.js';
import type { Reader, Val } from './reader.js';

/** The alias condition at `v`, undefined when it is one but wrong (reported), null when `v` has no alias key. */
export function aliasCondition(r: Reader, v: Val, profile: string): AssetCondition | undefined | null {
  if (!isMap(v.node) || !v.node.has('alias')) return null;
  if (profile === '2') { r.error(v, "asset aliases are modelled for Airflow 3 only (Airflow 2.11's DatasetAlias is not)"); return undefined; }
  const f = r.fields(v, ['alias'], 'an asset alias {alias: name} (nothing else in the same mapping)');
  const av = f?.get('alias');
  const name = av && r.str(av, 'an asset alias name');
  if (av && name === '') { r.error(av, 'an asset alias name cannot be empty'); return undefined; }
  return name ? { kind: 'alias', name } : undefined;
}
