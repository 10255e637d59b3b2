// A task with alias_outlets in an exported DAG file: outlets=[..., AssetAlias(name)] and a callable
// that, after the simulated work, adds each asset event through its alias with
// outlet_events[AssetAlias(alias)].add(Asset(...)), which Airflow records when the try succeeds.
import type { Scenario, TaskSpec } from '../../model/scenario.js';
import { pyStr } from './python.js';

/** The callable, after WORK_FUNCTION in a DAG file that has alias outlets. */
export const ALIAS_FUNCTION = `def windtunnel_alias_work(duration, outcome="success", returns=None, templates=None, alias_adds=(), **context):
    """windtunnel_work, then one asset event through each alias: alias_adds is [alias, asset name, uri] triples."""
    value = windtunnel_work(duration, outcome, returns, templates, **context)
    for alias, name, uri in alias_adds:
        context["outlet_events"][AssetAlias(alias)].add(Asset(name=name, uri=uri))
    return value
`;

export const hasAliasOutlets = (t: TaskSpec): boolean => (t.alias_outlets?.length ?? 0) > 0;

/** op_kwargs' alias_adds: [alias, name, uri] per added asset, in the order the scenario lists them. */
export function aliasAdds(t: TaskSpec, scenario: Scenario): [string, string, string][] {
  return (t.alias_outlets ?? []).flatMap((o) => o.adds.map((a): [string, string, string] => [o.alias, a, scenario.assets.find((s) => s.name === a)?.uri ?? a]));
}

/** The outlets argument with the task's aliases after its assets. */
export function outletsWithAliases(outletsCode: string | null, t: TaskSpec): string {
  const aliases = (t.alias_outlets ?? []).map((o) => `AssetAlias(${pyStr(o.alias)})`);
  const inner = outletsCode === null ? '' : outletsCode.slice(1, -1);
  return `[${[inner, ...aliases].filter((s) => s !== '').join(', ')}]`;
}
