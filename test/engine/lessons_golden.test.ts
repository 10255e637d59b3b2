// Every built-in lesson parses, simulates, replays byte for byte, and matches its golden trace
// and JSON output; the embedded lesson module is in sync with the .yaml files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listLessons, traceText } from '../../core/index.js';
import { matchGolden } from '../golden/golden.js';
import { runYaml } from './run_yaml.js';
// @ts-expect-error: a plain .mjs script without types
import { generate } from '../../scripts/gen-lessons.mjs';

describe('built-in lessons', () => {
  it('lessons_data.ts is generated from the .yaml files (run node scripts/gen-lessons.mjs)', () => {
    expect(readFileSync('core/scenario/lessons/lessons_data.ts', 'utf8')).toBe(generate());
  });

  it('there are lessons, each with a title, a question and a narrative', () => {
    const lessons = listLessons();
    expect(lessons.length).toBeGreaterThanOrEqual(10);
    for (const l of lessons) {
      expect(l.title, l.name).not.toBe(l.name);
      expect(l.question, l.name).toMatch(/\?$/);
      expect(l.narrative.length, l.name).toBeGreaterThan(200);
    }
  });

  for (const lesson of listLessons()) {
    it(`${lesson.name}: golden trace and output, identical on replay`, async () => {
      const a = await runYaml(lesson.text);
      const b = await runYaml(lesson.text);
      const json = JSON.stringify(a.output, null, 2) + '\n';
      expect(JSON.stringify(b.output, null, 2) + '\n').toBe(json);
      const trace = matchGolden(`test/golden/lessons/${lesson.name}.trace`, traceText(a.output));
      const out = matchGolden(`test/golden/lessons/${lesson.name}.json`, json);
      a.close(); b.close();
      expect(trace.ok, trace.message).toBe(true);
      expect(out.ok, out.message).toBe(true);
    });
  }
});
