// `--profile P` replaces the file's `airflow:` for run/validate/export; a bad value is a usage error.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const cli = (...args: string[]) => spawnSync('node', ['bin/windtunnel.mjs', ...args], { encoding: 'utf8' });

describe('run --profile', () => {
  it('the lesson reports the profile asked for, and runs by its rules', () => {
    const run = (...extra: string[]) => JSON.parse(cli('run', '--lesson', 'hyperparameter-tuning-3x', '--format', 'json', ...extra).stdout);
    const as30 = run('--profile', '3.0');
    const as33 = run('--profile', '3.3');
    expect([as30.airflow, as33.airflow]).toEqual(['3.0', '3.3']);
    // A REST trigger without dag_run_id or logical date: 3.0 adds a random suffix, 3.1+ do not.
    const generated = (out: { dag_runs: Array<{ run_id: string }> }) => out.dag_runs.map((r) => r.run_id).filter((id) => id.startsWith('manual__'));
    expect(generated(as30).every((id) => /_[A-Za-z0-9]{8}$/.test(id))).toBe(true);
    expect(generated(as33).length).toBeGreaterThan(0);
    expect(generated(as33).every((id) => /^manual__[0-9T:.+-]+$/.test(id))).toBe(true);
  });
  it('an unknown profile exits 2 and names the choices', () => {
    const r = cli('run', '--lesson', 'hyperparameter-tuning-3x', '--profile', '3.9');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--profile must be one of 2, 3.0, 3.1, 3.2, 3.3, not '3.9'");
  });
});
