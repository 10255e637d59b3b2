// The app's worker refuses the same scenarios as `windtunnel run`, with the same located text, so
// an every-minute DAG until 9999 shows an error at its clock.end line instead of hanging the tab.
import { describe, expect, it } from 'vitest';
import { handle } from '../../renderer/lib/worker.js';
import { parseScenario, workBudgetError } from '../../core/index.js';

const FOREVER = `windtunnel: 1
name: forever
clock:
  start: 2025-01-01T00:00:00Z
  end: 9999-01-01T00:00:00Z
dags:
  - dag_id: d
    schedule: "* * * * *"
    start_date: 2025-01-01
    tasks: [{task_id: t}]
`;

describe('app worker: work estimate', () => {
  it('run: the refusal as a located error (stage simulate), the same text as the CLI', async () => {
    const t0 = performance.now();
    const res = await handle({ id: 1, method: 'run', params: { session: 'main', text: FOREVER, file: 'forever.yaml' } } as never);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(res).toMatchObject({ ok: true });
    const reply = (res as { result: { ok: boolean; stage: string; errors: unknown[] } }).result;
    expect(reply.ok).toBe(false);
    expect(reply.stage).toBe('simulate');
    const p = parseScenario(FOREVER, 'forever.yaml');
    if (!p.ok) throw new Error('parse');
    expect(reply.errors).toEqual([workBudgetError(p.scenario, FOREVER, 'forever.yaml')]);
    expect(reply.errors[0]).toMatchObject({ line: 5, col: 8, path: 'clock.end' });
  });
});
