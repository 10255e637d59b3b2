// execution_timeout (issue 16): a try still running at start + timeout fails there, then the retry
// rules apply as for any failure; a try within its timeout is untouched; dagrun_timeout still
// ends the run at its own instant.
import { describe, expect, it } from 'vitest';
import { output, tiOf } from './run_yaml.js';

const scenario = (task: string, dagExtra = '') => `
windtunnel: 1
name: timeout
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z}
dags:
  - dag_id: d
    schedule: null
    start_date: 2025-01-01
    ${dagExtra}
    tasks:
      - ${task}
events:
  - at: 2025-01-01T00:00:00Z
    trigger: {dag_id: d, run_id: r}`;

describe('execution_timeout', () => {
  it('a try longer than its timeout fails at start + timeout; each retry gets the same limit', async () => {
    const out = await output(scenario('{task_id: t, duration: PT30M, execution_timeout: PT10M, retries: 1, retry_delay: PT5M}'));
    expect(tiOf(out, 'r', 't')).toMatchObject({ state: 'failed', try_number: 2, start_date: '2025-01-01T00:15:00Z', end_date: '2025-01-01T00:25:00Z' });
    expect(tiOf(out, 'r', 't').error).toContain('AirflowTaskTimeout');
    const tries = out.log.filter((l) => l.task_id === 't' && (l.kind === 'ti.up_for_retry' || l.kind === 'ti.failed')).map((l) => [l.at, l.kind]);
    expect(tries).toEqual([['2025-01-01T00:10:00Z', 'ti.up_for_retry'], ['2025-01-01T00:25:00Z', 'ti.failed']]);
    expect(out.dag_runs[0]).toMatchObject({ state: 'failed', end_date: '2025-01-01T00:25:00Z' });
  });

  it('a try within its timeout succeeds at its own end', async () => {
    const out = await output(scenario('{task_id: t, duration: PT10M, execution_timeout: PT10M}'));
    expect(tiOf(out, 'r', 't')).toMatchObject({ state: 'success', end_date: '2025-01-01T00:10:00Z' });
  });

  it('dagrun_timeout before execution_timeout: the run fails at its timeout and the try is skipped', async () => {
    const out = await output(scenario('{task_id: t, duration: PT3H, execution_timeout: PT2H}', 'dagrun_timeout: PT1H'));
    expect(out.dag_runs[0]).toMatchObject({ state: 'failed', end_date: '2025-01-01T01:00:00Z' });
    expect(tiOf(out, 'r', 't').state).toBe('skipped');
  });

  it('execution_timeout in default_args applies to every task; a bad value is a located error', async () => {
    const out = await output(scenario('{task_id: t, duration: PT30M}', 'default_args: {execution_timeout: PT1M}'));
    expect(tiOf(out, 'r', 't')).toMatchObject({ state: 'failed', end_date: '2025-01-01T00:01:00Z' });
    await expect(output(scenario('{task_id: t, execution_timeout: soon}'))).rejects.toThrow(/execution_timeout/);
  });
});
