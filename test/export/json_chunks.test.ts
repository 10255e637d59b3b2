// runOutputJsonChunks: `run --format json` streamed in pieces is byte for byte runOutputJson, for
// every lesson (from the simulation's records) and for RunOutput objects, including lists that
// cross batch boundaries and the values JSON.stringify drops or rewrites.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLessons } from '../../core/index.js';
import { runOutputJson } from '../../core/export/json.js';
import { runOutputJsonChunks } from '../../core/export/json_chunks.js';
import type { RunOutput, RunOutputStream } from '../../core/model/output.js';
import { runYaml } from '../engine/run_yaml.js';
import { FIXTURE_DIR } from './golden.js';

const streamed = (o: RunOutputStream | RunOutput) => [...runOutputJsonChunks(o)].join('');

describe('runOutputJsonChunks', () => {
  for (const lesson of listLessons()) {
    it(`${lesson.name}: the stream from the records is runOutputJson(output) and the golden`, async () => {
      const r = await runYaml(lesson.text);
      const fromRecords = streamed(r.outputStream);
      expect(fromRecords).toBe(runOutputJson(r.output));
      expect(fromRecords).toBe(readFileSync(`test/golden/lessons/${lesson.name}.json`, 'utf8'));
      expect(streamed(r.output)).toBe(fromRecords);
      r.close();
    });
  }

  it('streams RunOutput objects as runOutputJson prints them (the export fixtures)', () => {
    for (const name of ['empty.run.json', 'etl-train.run.json']) {
      const output = JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as RunOutput;
      expect(streamed(output)).toBe(runOutputJson(output));
    }
  });

  it('matches JSON.stringify on empty and long lists, odd strings and dropped values', () => {
    const weird = {
      windtunnel: 1, scenario: 'line\nbreak "quoted" \\ \u2028 \ud800 lone, 𝄞 emoji', airflow: '3.1', seed: 0, skipped: undefined,
      clock: { start: 'a', end: 'b', nested: { deeper: [1, [2, []], {}] } },
      dag_runs: [], task_instances: Array.from({ length: 1300 }, (_, i) => ({ i, s: `x${i}\n`, nested: { a: [i, { b: null }] }, gone: undefined })),
      xcoms: [undefined, null, () => 1, 'text', 3.5, [], {}], asset_events: [{}], event_results: [[]], log: [{ at: 'x', why: '' }],
    };
    expect(streamed(weird as unknown as RunOutput)).toBe(JSON.stringify(weird, null, 2) + '\n');
    expect(streamed({} as RunOutput)).toBe('{}\n');
  });

  it('streams lazy lists (any iterable with a length) like arrays, in pieces', () => {
    const n = 2000;
    const lazy = { length: n, *[Symbol.iterator]() { for (let i = 0; i < n; i++) yield { i }; } };
    const chunks = [...runOutputJsonChunks({ windtunnel: 1, log: lazy } as unknown as RunOutputStream)];
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.join('')).toBe(JSON.stringify({ windtunnel: 1, log: [...lazy] }, null, 2) + '\n');
  });
});
