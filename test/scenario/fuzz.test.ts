// Hostile and random input: the parser returns a result (never throws, never hangs) and every error it
// reports points inside the text.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseScenario } from '../../core/scenario/parse.js';
import type { ParseResult } from '../../core/api.js';

function checkResult(text: string, r: ParseResult): void {
  const lines = text.split(/\r\n|\r|\n/).length;
  if (r.ok) {
    expect(r.scenario.windtunnel).toBe(1);
    return;
  }
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(e.file).toBe('f.yaml');
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lines + 1);
    expect(e.col).toBeGreaterThanOrEqual(1);
    expect(typeof e.path).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
  }
}

function run(text: string): void {
  let r: ParseResult | undefined;
  expect(() => { r = parseScenario(text, 'f.yaml'); }).not.toThrow();
  checkResult(text, r!);
}

const TOKENS = [
  '{', '}', '[', ']', ':', ': ', ',', '-', '- ', ' ', '  ', '\n', '\t', '"', "'", '&a ', '*a', '!!str ', '!x ', '#', '|',
  '>', '?', '%YAML 1.2\n', '---\n', '...\n', '\\', '\u0000', '\uFEFF', '\u2028', 'null', '~', 'true', '1e999', '.nan',
  '0x1F', '2025-01-01', 'PT1H', '@daily', '__proto__', 'constructor', 'windtunnel: 1\n', 'name: x\n',
  'clock: {start: 2025-01-01, end: 2025-01-02}\n', 'dags:\n', '  - dag_id: d\n', '    tasks:\n',
  '      - task_id: a\n', '        upstream: [a]\n', 'events:\n', '  - at: 2025-01-01\n', '    pause: d\n',
  'schedule: ', 'assets: ', '<<: *a\n',
];

const BASE = {
  windtunnel: 1,
  name: 'fuzz',
  airflow: '3.1',
  config: { parallelism: 4 },
  clock: { start: '2025-01-01T00:00:00Z', end: '2025-01-03T00:00:00Z' },
  pools: { gpu: 2 },
  assets: [{ name: 'model', watchers: [{ name: 'w', queue: 'q' }] }],
  dags: [{
    dag_id: 'd',
    schedule: '@daily',
    start_date: '2025-01-01',
    default_args: { retries: 1 },
    tasks: [
      { task_id: 'a', duration: 'PT5M', outlets: ['model'] },
      { task_id: 'b', upstream: ['a'], trigger_rule: 'all_done', pool: 'gpu' },
      { task_id: 't', operator: 'trigger_dagrun', upstream: ['b'], trigger: { dag_id: 'e' } },
    ],
  }, { dag_id: 'e', schedule: { assets: { any: ['model'] } }, tasks: [{ task_id: 'x' }] }],
  events: [
    { at: '2025-01-01T01:00:00Z', trigger: { dag_id: 'd', conf: { k: 1 } } },
    { at: '2025-01-01T02:00:00Z', message: { queue: 'q', payload: {} } },
  ],
};

/** Every path into BASE, so a mutation can replace any one value. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}
const BASE_PATHS = paths(BASE).filter((p) => p.length > 0);

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]] as Record<string | number, unknown>;
  cur[path[path.length - 1]] = value;
  return copy;
}

describe('fuzz', () => {
  test('the base scenario is valid', () => {
    const r = parseScenario(JSON.stringify(BASE), 'f.yaml');
    expect(r.ok).toBe(true);
  });

  test('random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), run), { numRuns: 300, seed: 1 });
  });

  test('random token soup', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((a) => a.join('')), run), { numRuns: 400, seed: 2 });
  });

  test('random JSON documents', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => run(JSON.stringify(v))), { numRuns: 200, seed: 3 });
  });

  test('one value of a valid scenario replaced by anything', () => {
    fc.assert(fc.property(
      fc.constantFrom(...BASE_PATHS), fc.jsonValue({ maxDepth: 4 }), fc.boolean(),
      (path, value, asYamlFlow) => {
        const doc = JSON.stringify(setAt(BASE, path, value), null, asYamlFlow ? undefined : 2);
        run(doc);
      },
    ), { numRuns: 400, seed: 4 });
  });

  test('deep nesting of every kind', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('[', '{a: ', '- ', 'k:\n'), (n, open) => {
      let text: string;
      if (open === '[') text = `${'['.repeat(n)}${']'.repeat(n)}`;
      else if (open === '{a: ') text = `${'{a: '.repeat(n)}1${'}'.repeat(n)}`;
      else if (open === '- ') text = Array.from({ length: Math.min(n, 400) }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n');
      else text = Array.from({ length: Math.min(n, 400) }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
      run(`windtunnel: 1\nname: x\nclock: {start: 2025-01-01, end: 2025-01-02}\ndags: [{dag_id: d, params: {x: ${text.includes('\n') ? '1' : text}}}]\n`);
      run(text);
    }), { numRuns: 60, seed: 5 });
  });
});
