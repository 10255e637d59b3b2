import { describe, expect, test } from 'vitest';
import { createLocator, locatePath } from '../../core/scenario/locate.js';
import { formatPath, parsePath } from '../../core/scenario/reader.js';
import { parseScenario } from '../../core/scenario/parse.js';

const TEXT = `windtunnel: 1
name: t
clock: {start: 2025-01-01, end: 2025-01-02}
pools:
  "my pool": 3
dags:
  - dag_id: d
    tasks:
      - task_id: a
      - task_id: b
        upstream: [a]
        pool:
    params: &p {x: 1}
  - dag_id: e
    params: *p
`;

describe('locate', () => {
  const at = createLocator(TEXT);

  test('values, list items and keys', () => {
    expect(at('')).toEqual({ line: 1, col: 1, exact: true });
    expect(at('name')).toEqual({ line: 2, col: 7, exact: true });
    expect(at('dags[0]')).toEqual({ line: 7, col: 5, exact: true });
    expect(at('dags[0].tasks[1]')).toEqual({ line: 10, col: 9, exact: true });
    expect(at('dags[0].tasks[1].upstream[0]')).toEqual({ line: 11, col: 20, exact: true });
    expect(at(['dags', 0, 'tasks', 0, 'task_id'])).toEqual({ line: 9, col: 18, exact: true });
  });

  test('an empty value points at its key', () => {
    expect(at('dags[0].tasks[1].pool')).toEqual({ line: 12, col: 9, exact: true });
  });

  test('quoted keys and aliases', () => {
    expect(at('pools["my pool"]')).toEqual({ line: 5, col: 14, exact: true });
    expect(at('dags[1].params.x')).toEqual({ line: 13, col: 20, exact: true });
  });

  test('missing paths give the deepest existing part', () => {
    expect(at('dags[0].tasks[7].pool')).toEqual({ line: 9, col: 7, exact: false });
    expect(at('dags[0].nope')).toEqual({ line: 7, col: 5, exact: false });
  });

  test('unreadable paths and texts', () => {
    expect(at('dags[x]')).toBeNull();
    expect(locatePath('', 'a')).toEqual({ line: 1, col: 1, exact: false });
    expect(locatePath('{{{{', 'a.b')).not.toBeNull();
  });

  test('agrees with the parser on error locations', () => {
    const text = TEXT.replace('upstream: [a]', 'upstream: [zz]');
    const r = parseScenario(text, 'f.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const e of r.errors) {
      const p = locatePath(text, e.path);
      expect(p, e.path).toMatchObject({ line: e.line, col: e.col });
    }
  });
});

describe('paths', () => {
  test('format and parse round-trip', () => {
    const cases: (string | number)[][] = [[], ['dags', 0, 'tasks', 2, 'trigger_rule'], ['pools', 'my pool'], ['params', 'a.b', 'c'], ['x', 'quo"te']];
    for (const c of cases) expect(parsePath(formatPath(c))).toEqual(c);
    expect(formatPath(['dags', 0, 'tasks', 2, 'trigger_rule'])).toBe('dags[0].tasks[2].trigger_rule');
    expect(formatPath(['pools', 'my pool'])).toBe('pools["my pool"]');
  });
});
