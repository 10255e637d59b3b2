// Declared-difference rules: each matches its table, field, profiles and predicate and nothing else;
// a bad rule file is refused with located errors; the repository's file loads.
import { describe, expect, it } from 'vitest';
import { applyDeclared, loadDeclared, parseDeclared, DeclaredFileError } from '../../cli/airflow/diff_declared.js';
import { ABSENT, type Difference } from '../../cli/airflow/diff_align.js';

const rules = parseDeclared(`declared:
  - id: next-loop
    reason: Airflow starts it on its next loop
    kind: task_instance
    field: start_date
    profiles: ["3.1"]
    when: {airflow_later_within_seconds: 1}
  - id: no-rendered
    reason: the harness cannot see rendered fields
    kind: task_instance
    field: rendered
    when: {airflow_absent: true}
  - id: pair
    reason: a known pair
    kind: event_result
    field: status
    when: {values: {windtunnel: 409, airflow: 400}}
`, 'rules.yaml');

const d = (field: string, windtunnel: unknown, airflow: unknown, kind: Difference['kind'] = 'task_instance'): Difference => ({ kind, key: 'k', field, windtunnel, airflow });

describe('declared rules', () => {
  it('declare only the differences their predicate describes', () => {
    const diffs = [
      d('start_date', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00.500000+00:00'), // declared
      d('start_date', '2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z'), // declared (at most 1 s)
      d('start_date', '2025-01-01T00:00:00Z', '2025-01-01T00:00:01.000001Z'), // too late
      d('start_date', '2025-01-01T00:00:01Z', '2025-01-01T00:00:00Z'), // earlier: not declared
      d('start_date', '2025-01-01T00:00:00Z', null), // not an instant
      d('end_date', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00.5Z'), // other field
      d('start_date', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00.5Z', 'dag_run'), // other table
      d('rendered', {}, ABSENT), // declared
      d('rendered', { cmd: 'x' }, { cmd: 'y' }), // present but different
      d('status', 409, 400, 'event_result'), // declared
      d('status', 409, 404, 'event_result'),
    ];
    const { undeclared, declared } = applyDeclared(diffs, rules, '3.1');
    expect(declared.map((x) => x.rule)).toEqual(['next-loop', 'next-loop', 'no-rendered', 'pair']);
    expect(declared[0].reason).toBe('Airflow starts it on its next loop');
    expect(undeclared).toHaveLength(7);
  });

  it('apply only to their profiles', () => {
    const x = d('start_date', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00.5Z');
    expect(applyDeclared([x], rules, '3.0').undeclared).toEqual([x]);
  });

  it('refuse a bad file with every problem located', () => {
    const bad = `declared:
  - id: a
    reason: r
    kind: dag_runs
    field: state
    when: {airflow_later_within_seconds: 500}
  - id: a
    kind: dag_run
    field: state
    colour: red
    when: {}
`;
    let msg = '';
    try { parseDeclared(bad, 'bad.yaml'); } catch (e) { expect(e).toBeInstanceOf(DeclaredFileError); msg = (e as Error).message; }
    expect(msg).toContain('bad.yaml:4:11 declared[0].kind: expected one of');
    expect(msg).toContain('declared[0].when.airflow_later_within_seconds');
    expect(msg).toContain('bad.yaml:7:9 declared[1].id: duplicate id');
    expect(msg).toContain('declared[1].reason: required');
    expect(msg).toContain('bad.yaml:10:5 declared[1].colour: unknown key');
    expect(msg).toContain('declared[1].when: expected exactly one of');
    expect(() => parseDeclared('declared: [', 'broken.yaml')).toThrow(/broken\.yaml:1:/);
  });

  it('the repository file loads, every rule with a reason', () => {
    for (const r of loadDeclared()) expect(r.reason.length).toBeGreaterThan(20);
  });
});

describe('pattern and windtunnel_is rules', () => {
  const more = parseDeclared(`declared:
  - {id: wording, reason: each side words it, kind: task_instance, field: error, when: {patterns: {windtunnel: 'Task failed: fail_if rendered "(.*)"', airflow: "AirflowException: outcome: fail_if rendered '(.*)'"}}}
  - {id: versions, reason: no versions in Windtunnel, kind: event_result, field: response.dag_versions, when: {windtunnel_is: []}}
`, 'more.yaml');

  it('patterns need both whole strings to match and the same captures', () => {
    const { declared, undeclared } = applyDeclared([
      d('error', 'Task failed: fail_if rendered "True"', "AirflowException: outcome: fail_if rendered 'True'"),
      d('error', 'Task failed: fail_if rendered "True"', "AirflowException: outcome: fail_if rendered 'False'"), // different value decided it
      d('error', 'Task failed: fail_if rendered "True" later', "AirflowException: outcome: fail_if rendered 'True'"), // not whole
      d('error', 'Task failed: fail_if rendered "True"', null),
    ], more, '3.3');
    expect(declared.map((x) => x.rule)).toEqual(['wording']);
    expect(undeclared).toHaveLength(3);
  });

  it('windtunnel_is needs that exact Windtunnel value and some Airflow value', () => {
    const { declared } = applyDeclared([
      d('response.dag_versions', [], [{ id: 'x' }], 'event_result'),
      d('response.dag_versions', [{ id: 'y' }], [{ id: 'x' }], 'event_result'),
      d('response.dag_versions', [], ABSENT, 'event_result'),
    ], more, '3.3');
    expect(declared).toHaveLength(1);
  });

  it('refuses a bad regular expression, located', () => {
    expect(() => parseDeclared(`declared:
  - {id: x, reason: y, kind: xcom, field: value, when: {patterns: {windtunnel: "(", airflow: "a"}}}
`, 'p.yaml')).toThrow(/p\.yaml:2:\d+ declared\[0\]\.when\.patterns: windtunnel: /);
  });
});
