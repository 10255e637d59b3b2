import { describe, expect, test } from 'vitest';
import type { Difference } from '../../cli/airflow/diff_align.js';
import { ratchet, signature } from './open_differences.js';

const d = (field: string, key = 'dag run_1'): Difference => ({ kind: 'dag_run', key, field, windtunnel: 1, airflow: 2 });

describe('open differences ratchet', () => {
  test('a difference not recorded is fresh; recorded ones pass whatever their values', () => {
    const r = ratchet([d('end_date'), { ...d('run_id'), airflow: 'other' }], [signature(d('run_id'))]);
    expect(r.fresh.map((x) => x.field)).toEqual(['end_date']);
    expect(r.gone).toEqual([]);
  });
  test('a recorded difference that no longer occurs is reported as gone', () => {
    expect(ratchet([], [signature(d('state'))]).gone).toEqual(['dag_run | dag run_1 | state']);
  });
  test('nothing recorded: every difference is fresh', () => {
    expect(ratchet([d('a'), d('b', 'dag run_2')]).fresh).toHaveLength(2);
  });
});

describe('open oracle failures', () => {
  test('are one stable line without temporary paths', async () => {
    const { oracleFailure } = await import('./open_differences.js');
    expect(oracleFailure(new Error('oracle failed on /tmp/wt-oracle-ab12/x.yaml: boom\nTraceback'))).toBe('oracle-error | oracle failed on <tmp>: boom');
  });
});

describe('recorded swarm worlds', () => {
  test('carry the hash of their text: the same world is not stale, another world is, an unhashed one never', async () => {
    const { recordedFor, worldLine } = await import('./open_differences.js');
    const list = ['dag_run | d r | state', worldLine('world A')];
    expect(recordedFor(list, 'world A')).toEqual({ signatures: ['dag_run | d r | state'], stale: false });
    expect(recordedFor(list, 'world B').stale).toBe(true);
    expect(recordedFor(['dag_run | d r | state'], 'anything')).toEqual({ signatures: ['dag_run | d r | state'], stale: false });
    expect(recordedFor(undefined, 'x')).toEqual({ signatures: [], stale: false });
  });
});
