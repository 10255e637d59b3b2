// Inputs on the picture: the lessons' requests and messages become marks with their outcome on a
// DAG's band, refused ones included, computed from the simulation's own output.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { filterInputs, inputMarks } from '../../view/inputs.js';
import { output as simulateYaml } from '../engine/run_yaml.js';

const lesson = (name: string) => simulateYaml(readFileSync(`core/scenario/lessons/${name}.yaml`, 'utf8'));

describe('inputMarks', () => {
  it('inference-push-rest: the 409 and the 422 are marks on the inference band, in time order', async () => {
    const out = await lesson('inference-push-rest');
    const marks = inputMarks(out, ['inference']);
    expect(marks).toHaveLength(out.event_results.length);
    const refused = marks.filter((m) => !m.ok);
    expect(refused.map((m) => m.outcome)).toEqual(out.event_results.filter((e) => !e.ok).map((e) => String(e.status)));
    expect(refused.map((m) => m.outcome)).toContain('409');
    expect(refused.map((m) => m.outcome)).toContain('422');
    // The 409 names no run, but the refusal's log line names its DAG.
    expect(refused.find((m) => m.outcome === '409')!.dag_id).toBe('inference');
    expect(marks.map((m) => m.at)).toEqual([...marks.map((m) => m.at)].sort((a, b) => a - b));
    const ok = marks.filter((m) => m.ok);
    for (const m of ok) expect(out.dag_runs.some((r) => r.run_id === m.run_id && r.dag_id === m.dag_id)).toBe(true);
  });

  it('inference-poll-watcher: five queue messages, each an accepted message mark', async () => {
    const out = await lesson('inference-poll-watcher');
    const marks = inputMarks(out, [...new Set(out.dag_runs.map((r) => r.dag_id))]);
    const messages = filterInputs(marks, new Set(['message']), false);
    expect(messages).toHaveLength(5);
    expect(messages.every((m) => m.ok && m.outcome === 'ok')).toBe(true);
    expect(filterInputs(marks, new Set(), true)).toHaveLength(0);
  });

  it('a DAG that is not a band falls back to the first band (null), and task-emitted asset events are marks', () => {
    const out = {
      dag_runs: [], log: [],
      event_results: [{ index: 0, at: '2025-01-01T00:00:00Z', kind: 'api', ok: true, status: 200, error: null, run_id: null, response: { dag_id: 'gone' } }],
      asset_events: [{ asset: 'a', timestamp: '2025-01-01T01:00:00Z', source_dag_id: 'p', source_run_id: 'r', source_task_id: 't', extra: {} }],
    };
    const marks = inputMarks(out, ['p']);
    expect(marks.map((m) => [m.type, m.dag_id, m.outcome])).toEqual([['request', null, '200'], ['asset', 'p', 'emitted']]);
  });
});
