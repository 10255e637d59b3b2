import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOutputJson } from '../../core/export/json.js';
import type { RunOutput } from '../../core/model/output.js';
import { FIXTURE_DIR } from './golden.js';

describe('runOutputJson', () => {
  it('is the run output as `run --format json` prints it: 2-space indent, final newline, lossless', () => {
    const text = readFileSync(join(FIXTURE_DIR, 'etl-train.run.json'), 'utf8');
    const output: RunOutput = JSON.parse(text);
    const json = runOutputJson(output);
    expect(json).toBe(JSON.stringify(output, null, 2) + '\n');
    expect(JSON.parse(json)).toEqual(output);
    // The fixture was written the same way: exporting it again changes nothing.
    expect(json).toBe(text);
  });
});
