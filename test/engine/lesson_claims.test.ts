// Every claim a lesson's text makes holds in its own simulation, under every profile the lesson
// speaks for; every guided step resolves to an instant and every question has exactly one right
// choice computed from the output. A change in the engine that falsifies a lesson fails here.
import { describe, expect, it } from 'vitest';
import { answerOf, checkClaim, formatError, getLesson, listLessons, parseScenario, readTeaching, simulate, stepInstant, type RunOutput } from '../../core/index.js';
import type { Profile } from '../../core/model/scenario.js';
import { sqlJs } from './run_yaml.js';

async function outputUnder(text: string, profile: Profile): Promise<RunOutput> {
  const parsed = parseScenario(text, 'lesson.yaml', { profile });
  if (!parsed.ok) throw new Error(parsed.errors.map(formatError).join('\n'));
  const r = await simulate(parsed.scenario, { sql: await sqlJs() });
  const out = r.output;
  r.close();
  return out;
}

describe('lesson claims', () => {
  for (const lesson of listLessons()) {
    describe(lesson.name, () => {
      it('has a valid lesson block with claims, steps and a checked question', () => {
        expect(lesson.teachingErrors).toEqual([]);
        expect(lesson.teaching.claims.length).toBeGreaterThan(0);
        expect(lesson.teaching.steps.length).toBeGreaterThan(0);
        expect(lesson.teaching.steps.some((s) => s.question)).toBe(true);
        expect(lesson.teaching.profiles).toContain(/^airflow:\s*"([^"]+)"/m.exec(lesson.text)![1]);
      });
      for (const profile of lesson.teaching.profiles) {
        it(`claims hold, steps resolve and questions have one right answer under ${profile}`, async () => {
          const out = await outputUnder(lesson.text, profile);
          const failed = lesson.teaching.claims
            .filter((c) => !c.profiles || c.profiles.includes(profile))
            .map((c) => checkClaim(out, c)).filter((r) => !r.ok).map((r) => r.message);
          expect(failed).toEqual([]);
          lesson.teaching.steps.forEach((step, i) => {
            expect(stepInstant(out, step).at, `step ${i}`).not.toBeNull();
            if (!step.question) return;
            const a = answerOf(out, step.question);
            expect(a.error, `step ${i}`).toBeUndefined();
            expect(a.right, `step ${i}: computed ${JSON.stringify(a.value)} is not among ${step.question.choices.join(' | ')}`).toBeGreaterThanOrEqual(0);
            expect(step.question.choices.filter((c) => c === step.question!.choices[a.right])).toHaveLength(1);
            expect(a.evidence.length, `step ${i}`).toBeGreaterThan(0);
          });
        });
      }
    });
  }
});

describe('claims can fail', () => {
  const base = getLesson('inference-push-rest')!.text.replace(/\nlesson:[\s\S]*$/, '\n');
  it('a false count, a false status and a wrong consulted run are reported with the evidence', async () => {
    const out = await outputUnder(base, '3.3');
    const { teaching, errors } = readTeaching(`${base}lesson:
  claims:
    - says: the two requests at 10:05 make three runs
      count: {table: dag_runs, where: {run_after: "2025-05-01T10:05:00Z"}}
      equals: 3
    - says: the repeated run id is accepted
      value: {table: event_results, where: {index: 4}, field: status}
      equals: 200
    - says: predict of request_42 read another run
      ref_run_of: {run_id: request_42, task_id: predict}
      equals: x
`);
    expect(errors).toEqual([]);
    const results = teaching.claims.map((c) => checkClaim(out, c));
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(results[0].message).toMatch(/states 3 but the output has 2/);
    expect(results[1].message).toMatch(/states 200 but the output has 409/);
    expect(results[2].message).toMatch(/no decision naming a consulted run/);
  });

  it('a malformed lesson block gets located errors, not a crash', () => {
    const { errors } = readTeaching(`${base}lesson:
  profiles: ["3.9"]
  claims:
    - says: x
      count: {table: runs}
    - value: {table: dag_runs}
      equals: [1]
  steps:
    - say: no instant
      question: {ask: q, choices: [a], answer: {count: {table: log}}}
`);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^lesson\.profiles\[0\]: '3\.9' is not a profile/),
      expect.stringMatching(/^lesson\.claims\[0\]\.count\.table: expected one of/),
      expect.stringMatching(/^lesson\.claims\[0\]\.equals: required/),
      expect.stringMatching(/^lesson\.claims\[1\]\.says: expected non-empty text/),
      expect.stringMatching(/^lesson\.claims\[1\]\.value\.field: expected non-empty text/),
      expect.stringMatching(/^lesson\.claims\[1\]\.equals: expected a plain value/),
      expect.stringMatching(/^lesson\.steps\[0\]: expected exactly one of at:/),
      expect.stringMatching(/^lesson\.steps\[0\]\.question\.choices: expected 2 to 4 choices/),
    ]));
  });
});
