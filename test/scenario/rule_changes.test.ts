// The plain-words rule changes compare mode lists between two profiles, and which explain a run.
import { describe, expect, it } from 'vitest';
import { explainDifference, RULE_CHANGES, ruleChangesBetween } from '../../core/scenario/rule_changes.js';
import type { DagRunOut } from '../../core/model/output.js';

const run = (over: Partial<DagRunOut>): DagRunOut => ({
  dag_id: 'd', run_id: 'r', run_type: 'manual', triggered_by: 'rest_api', logical_date: null, data_interval_start: null,
  data_interval_end: null, run_after: '2025-01-01T00:00:00Z', queued_at: null, start_date: null, end_date: null,
  state: 'success', conf: {}, backfill_id: null, clear_number: 0, ...over,
});

describe('ruleChangesBetween', () => {
  it('is symmetric and takes the changes after the older profile up to the newer', () => {
    const a = ruleChangesBetween('3.1', '3.3');
    expect(a).toEqual(ruleChangesBetween('3.3', '3.1'));
    expect(new Set(a.map((c) => c.since))).toEqual(new Set(['3.2', '3.3']));
    expect(ruleChangesBetween('3.3', '3.3')).toEqual([]);
    expect(ruleChangesBetween('2', '3.3')).toEqual(RULE_CHANGES);
  });
  it('3.2 vs 3.3 is only the operator run type and the context keys', () => {
    expect(ruleChangesBetween('3.2', '3.3').map((c) => c.row)).toEqual([5, 29]);
  });
});

describe('explainDifference', () => {
  const changes = ruleChangesBetween('3.1', '3.3');
  it('an operator run whose run_type differs is the 3.3 operator_triggered change', () => {
    const hit = explainDifference(changes, ['run_type'], run({ triggered_by: 'operator' }), run({ triggered_by: 'operator', run_type: 'operator_triggered' }));
    expect(hit.map((c) => c.row)).toEqual([5]);
  });
  it('a REST run whose run_after differs is the 3.2 run_after change, not the operator one', () => {
    const hit = explainDifference(changes, ['run_id', 'run_after'], run({}), run({ run_after: '2025-01-01T10:00:00Z' }));
    expect(hit.map((c) => c.row)).toEqual([3]);
  });
  it('a scheduled run that exists on one side only is not blamed on REST or operator rules', () => {
    const hit = explainDifference(changes, [], run({ run_type: 'scheduled', triggered_by: 'timetable' }), null);
    expect(hit.map((c) => c.row)).toEqual([14]);
  });
});
