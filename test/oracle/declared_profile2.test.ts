// The repository's declared rule for Airflow 2's missing run_after column covers exactly that: the
// field absent from Airflow 2's output, never a wrong value, never another profile or field.
import { describe, expect, it } from 'vitest';
import { loadDeclared, ruleMatches } from '../../cli/airflow/diff_declared.js';
import { ABSENT } from '../../cli/airflow/diff_align.js';

const rule = loadDeclared().find((r) => r.id === 'airflow2-no-run-after')!;
const d = (field: string, airflow: unknown) => ({ kind: 'dag_run' as const, key: 'd manual__x', field, windtunnel: '2025-03-01T09:00:00Z', airflow });

describe('declared rule airflow2-no-run-after', () => {
  it('declares run_after only when Airflow 2 has no such field', () => {
    expect(ruleMatches(rule, d('run_after', ABSENT), '2')).toBe(true);
    expect(ruleMatches(rule, d('run_after', '2025-03-01T09:00:01Z'), '2')).toBe(false);
    expect(ruleMatches(rule, d('run_after', null), '2')).toBe(false);
  });

  it('never applies to Airflow 3 profiles or to other fields', () => {
    for (const p of ['3.0', '3.1', '3.2', '3.3']) expect(ruleMatches(rule, d('run_after', ABSENT), p)).toBe(false);
    expect(ruleMatches(rule, d('queued_at', ABSENT), '2')).toBe(false);
    expect(ruleMatches(rule, { ...d('run_after', ABSENT), kind: 'task_instance' }, '2')).toBe(false);
  });
});
