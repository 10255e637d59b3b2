// `run --format table` lists the scenario's inputs with their outcome (refused requests too) and
// the asset events, after the runs: a 409 or 422 is visible without opening the decision log.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync('node', ['bin/windtunnel.mjs', ...args], { encoding: 'utf8' });

describe('run --format table: inputs and asset events', () => {
  it('lists each request with its status, the refused ones with their error', () => {
    const r = cli('run', '--lesson', 'inference-push-rest', '--format', 'table');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^inputs \(5, 2 refused\)$/m);
    // The second request at 10:05 is stamped 1 µs later (docs/fidelity.md): its own run id, no 409.
    expect(r.stdout).toMatch(/^1 +2025-05-01T10:05:00Z +api +200 +manual__2025-05-01T10:05:00\.000001\+00:00 *$/m);
    expect(r.stdout).toMatch(/^4 +2025-05-01T10:10:00Z +api +409 +— +Unique constraint violation$/m);
    expect(r.stdout).toMatch(/^2 +2025-05-01T10:07:00Z +api +422 +— +body\.logical_date: Field required$/m);
    expect(r.stdout).not.toMatch(/^asset events/m);
  });

  it("shows Airflow 2's refusal and queue messages with the asset events they became", () => {
    const af2 = cli('run', '--lesson', 'hyperparameter-tuning-2x', '--format', 'table').stdout;
    expect(af2).toMatch(/^1 +2025-03-01T09:00:00Z +trigger +refused +— +A DAG Run already exists/m);
    const poll = cli('run', '--lesson', 'inference-poll-watcher', '--format', 'table').stdout;
    expect(poll).toMatch(/^inputs \(5, 0 refused\)$/m);
    expect(poll.match(/^\d +\S+ +message +ok /gm)).toHaveLength(5);
    expect(poll).toMatch(/^asset events \(5\)$/m);
    expect(poll).toMatch(/^2025-05-01T10:03:00Z +inference_requests +external +\{"from_trigger":true,"payload":\{"input_path":"s3:\/\/bucket\/c\.csv"\}\}$/m);
  });
});
