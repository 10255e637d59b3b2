// Determinism in Node: the same scenario and seed give byte-identical JSON across repeated runs in
// one process, across fresh sql.js instances, and between the library and the CLI in a separate
// process (`windtunnel run --format json`). The Chromium side is determinism_browser.test.ts.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLesson, listLessons } from '../../core/index.js';
import { generateScenario } from './generator.js';
import { DETERMINISM_SEEDS, outputText } from './determinism_shared.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TMP = join(ROOT, 'test-results', 'determinism');

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const line = a.slice(0, i).split('\n').length;
  return `first difference at character ${i} (line ${line}): ${JSON.stringify(a.slice(Math.max(0, i - 60), i + 60))} vs ${JSON.stringify(b.slice(Math.max(0, i - 60), i + 60))}`;
}

const cases = [
  ...listLessons().map((l) => ({ name: `lesson ${l.name}`, yaml: getLesson(l.name)!.text })),
  ...DETERMINISM_SEEDS.map((s) => ({ name: `swarm seed ${s}`, yaml: generateScenario(s).yaml })),
];

describe('determinism in Node', () => {
  test.each(cases)('$name: three runs, two sql.js instances, identical bytes', async ({ yaml }) => {
    const a = await outputText(yaml);
    const b = await outputText(yaml);
    const c = await outputText(yaml, true);
    if (a !== b) expect.fail(firstDifference(a, b));
    if (a !== c) expect.fail(firstDifference(a, c));
    expect(JSON.parse(a).dag_runs.length + JSON.parse(a).event_results.length).toBeGreaterThan(0);
  });

  test('a different seed changes the output where randomness is used', async () => {
    const yaml = getLesson('hyperparameter-tuning-3x')!.text;
    expect(yaml).toMatch(/^seed: 7$/m);
    const a = await outputText(yaml);
    const b = await outputText(yaml.replace(/^seed: 7$/m, 'seed: 8'));
    expect(a).not.toBe(b);
  });

  test('the CLI in a separate process prints the same bytes as the library', async () => {
    mkdirSync(TMP, { recursive: true });
    const picks = [cases[0], cases[cases.length - 1], cases.find((c) => c.name.includes('hyperparameter-tuning-3x'))!];
    for (const c of picks) {
      const file = join(TMP, `${c.name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.yaml`);
      writeFileSync(file, c.yaml);
      const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'windtunnel.mjs'), 'run', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(cli.status, cli.stderr).toBe(0);
      const lib = await outputText(c.yaml);
      if (cli.stdout !== lib) expect.fail(`${c.name}: ${firstDifference(cli.stdout, lib)}`);
    }
  });
});
