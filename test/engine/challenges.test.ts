// Every built-in challenge is well formed, its starting scenario fails the goal and its reference
// solution meets it: the goal is checked by the engine, so a challenge cannot be solved by text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGoal, listChallenges } from '../../core/index.js';
import { output } from './run_yaml.js';
// @ts-expect-error: a plain .mjs script without types
import { generateChallenges } from '../../scripts/gen-lessons.mjs';

describe('challenges', () => {
  it('challenges_data.ts is generated from the .yaml files (run node scripts/gen-lessons.mjs)', () => {
    expect(readFileSync('core/scenario/challenges/challenges_data.ts', 'utf8')).toBe(generateChallenges());
  });

  it('at least six, each with a goal, a hint, checks and a reference solution, on distinct topics', () => {
    const all = listChallenges();
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const c of all) {
      expect(c.errors, c.name).toEqual([]);
      expect(c.checks.length, c.name).toBeGreaterThan(0);
      expect(c.hint.length, c.name).toBeGreaterThan(20);
      expect(c.start, c.name).not.toBe(c.solution);
    }
    expect(new Set(all.map((c) => c.topic)).size).toBe(all.length);
  });

  for (const c of listChallenges()) {
    it(`${c.name}: the starting scenario fails the goal, the reference solution meets it`, async () => {
      const before = checkGoal(c, await output(c.start));
      expect(before.met).toBe(false);
      expect(before.results.some((r) => !r.ok && r.message.length > 0)).toBe(true);
      const after = checkGoal(c, await output(c.solution));
      expect(after.results.filter((r) => !r.ok).map((r) => r.message)).toEqual([]);
      expect(after.met).toBe(true);
    });
  }
});
