// The columnar decision log gives back exactly what was written, across its chunk boundaries,
// and refuses a run that is not the simulation's run with that id.
import { describe, expect, it } from 'vitest';
import { DecisionLog } from '../../core/scheduler/state/decision_log.js';

describe('DecisionLog', () => {
  const runs = [{ id: 1, run_id: 'scheduled__a' }, { id: 2, run_id: 'manual__b' }];

  it('stores lines by column and reads them back as entries, past a chunk boundary', () => {
    const log = new DecisionLog(runs);
    const n = 70_000; // more than two chunks of 32,768
    for (let i = 0; i < n; i++) {
      log.push(1_735_689_600_000 + i * 1000, i % 3 ? 'ti.success' : 'dag_run.created', i % 5 ? 'd' : null, i % 2 ? runs[0] : null, i % 7 ? `t${i % 4}` : null, `why ${i % 11}`, i % 13 ? null : runs[1]);
    }
    expect(log.length).toBe(n);
    for (const i of [0, 1, 12, 13, 32_767, 32_768, 65_535, 65_536, n - 1]) {
      const e = log.entry(i);
      const expected: Record<string, unknown> = {
        at: 1_735_689_600_000 + i * 1000, kind: i % 3 ? 'ti.success' : 'dag_run.created', dag_id: i % 5 ? 'd' : null,
        run_id: i % 2 ? 'scheduled__a' : null, task_id: i % 7 ? `t${i % 4}` : null, why: `why ${i % 11}`,
      };
      if (i % 13 === 0) expected.ref_run_id = 'manual__b';
      expect(e).toEqual(expected);
      expect(Object.keys(e)).toEqual(Object.keys(expected));
      expect([log.at(i), log.kind(i), log.dagId(i), log.runId(i)]).toEqual([e.at, e.kind, e.dag_id, e.run_id]);
    }
    expect(log.slice(32_766, 32_770).map((e) => e.at)).toEqual([32_766, 32_767, 32_768, 32_769].map((i) => 1_735_689_600_000 + i * 1000));
    expect([...log].length).toBe(n);
    expect(() => log.entry(n)).toThrow(RangeError);
  });

  it('removes a line (the invariant tests rewrite history) and keeps appending after it', () => {
    const log = new DecisionLog(runs);
    for (let i = 0; i < 32_769; i++) log.push(i, 'k', null, null, null, `w${i}`, null);
    log.remove(5);
    expect(log.length).toBe(32_768);
    expect(log.entry(5).why).toBe('w6');
    expect(log.entry(32_767).why).toBe('w32768');
    log.push(99, 'k', null, null, null, 'after', null);
    expect(log.entry(32_768).why).toBe('after');
  });

  it('refuses a run that is not the one with its id', () => {
    const log = new DecisionLog(runs);
    expect(() => log.push(0, 'k', null, { id: 1, run_id: 'impostor' }, null, 'w', null)).toThrow(/not the simulation's run/);
  });
});
