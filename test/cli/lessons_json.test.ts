// `windtunnel lessons --format json` lists every lesson with its steps and questions, and the
// answer spec of each question (the explorer computes the right choice from the simulation).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync('node', ['bin/windtunnel.mjs', ...args], { encoding: 'utf8' });

describe('windtunnel lessons', () => {
  it('--format json lists lessons with profiles, claims, steps and questions', () => {
    const r = cli('lessons', '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const lessons = JSON.parse(r.stdout) as Array<{ name: string; profiles: string[]; claims: unknown[]; steps: Array<{ say: string; question?: { ask: string; choices: string[]; answer: Record<string, unknown> } }> }>;
    expect(lessons.length).toBeGreaterThanOrEqual(12);
    const push = lessons.find((l) => l.name === 'inference-push-rest')!;
    expect(push.profiles).toEqual(['3.1', '3.2', '3.3']);
    const q = push.steps.find((s) => s.question)!.question!;
    expect(q.choices).toEqual(['200', '409', '422']);
    expect(q.answer).toEqual({ value: { table: 'event_results', where: { index: 1 }, field: 'status' } });
    for (const l of lessons) expect(l.steps.some((s) => s.question), l.name).toBe(true);
  });

  it('the plain listing is unchanged and a bad --format is a usage error', () => {
    expect(cli('lessons').stdout).toMatch(/^inference-push-rest\n {2}Inference pushed through the REST API\n {2}Q: /m);
    const bad = cli('lessons', '--format', 'xml');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format must be table or json/);
  });
});
