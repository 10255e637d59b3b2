// Lists inside compared values (a REST answer's dag_runs) are compared item by item, and a declared
// rule names a field inside any item with `[]`; nothing else matches such a rule.
import { describe, expect, it } from 'vitest';
import { alignOutputs } from '../../cli/airflow/diff_align.js';
import { applyDeclared, loadDeclared, parseDeclared, ruleMatches } from '../../cli/airflow/diff_declared.js';

const run = (user: string | null, versions: unknown[], state = 'queued') => ({ dag_run_id: 'r', dag_id: 'd', state, triggering_user_name: user, dag_versions: versions });
const out = (runs: unknown[]) => ({ dag_runs: [], task_instances: [], event_results: [{ index: 0, status: 200, response: { dag_runs: runs, total_entries: runs.length } }] });

describe('lists in compared values', () => {
  it('are walked item by item, each difference named by its index', () => {
    const a = alignOutputs(out([run(null, []), run(null, [], 'success')]), out([run(null, []), run(null, [], 'failed')]));
    expect(a.differences).toEqual([{ kind: 'event_result', key: '#0', field: 'response.dag_runs[1].state', windtunnel: 'success', airflow: 'failed' }]);
  });

  it('of different lengths differ as a whole', () => {
    const a = alignOutputs(out([run(null, [])]), out([run(null, []), run(null, [])]));
    expect(a.differences.map((d) => d.field)).toEqual(['response.dag_runs', 'response.total_entries']);
  });

  it('a rule with [] declares that field in any item, and only that field', () => {
    const rules = loadDeclared();
    const a = alignOutputs(out([run(null, [])]), out([run('windtunnel', [{ id: 'uuid7', version_number: 1 }])]));
    const { undeclared, declared } = applyDeclared(a.differences, rules, '3.3');
    expect(undeclared).toEqual([]);
    expect(declared.map((d) => [d.field, d.rule]).sort()).toEqual([
      ['response.dag_runs[0].dag_versions', 'no-dag-versions'],
      ['response.dag_runs[0].triggering_user_name', 'oracle-api-user'],
    ]);
    const other = alignOutputs(out([run(null, [])]), out([run('someone', [])]));
    expect(applyDeclared(other.differences, rules, '3.3').undeclared.map((d) => d.field)).toEqual(['response.dag_runs[0].triggering_user_name']);
  });

  it('a rule may list several fields; a bad field list is refused, located', () => {
    const [rule] = parseDeclared(`declared:
  - {id: x, reason: a reason long enough to accept, kind: event_result, field: [response.a, "response.b[].c"], when: {values: {windtunnel: 1, airflow: 2}}}
`, 'f.yaml');
    const d = (field: string) => ({ kind: 'event_result' as const, key: '#0', field, windtunnel: 1, airflow: 2 });
    expect(ruleMatches(rule, d('response.a'), '3.3')).toBe(true);
    expect(ruleMatches(rule, d('response.b[3].c'), '3.3')).toBe(true);
    expect(ruleMatches(rule, d('response.b.c'), '3.3')).toBe(false);
    expect(ruleMatches(rule, d('response.b[3].c.d'), '3.3')).toBe(false);
    expect(() => parseDeclared(`declared:
  - {id: x, reason: a reason long enough to accept, kind: event_result, field: [], when: {values: {windtunnel: 1, airflow: 2}}}
`, 'f.yaml')).toThrow(/f\.yaml:2:\d+ declared\[0\]\.field: required, a non-empty string or list of strings/);
  });
});
