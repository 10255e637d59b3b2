// `import DIR` over a hostile folder: symbolic link loops and FIFOs end with a warning, not a hang.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocuments } from '../../cli/airflow/documents.js';

const page = JSON.stringify({ dag_runs: [{ dag_id: 'd', dag_run_id: 'r', run_after: '2025-01-01T00:00:00Z', state: 'success', run_type: 'manual' }], total_entries: 1 });

describe('import folder walk', () => {
  it('a link to its own folder and a two-folder cycle are each walked once', () => {
    const root = mkdtempSync(join(tmpdir(), 'wt-sec-walk-'));
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'b'));
    writeFileSync(join(root, 'a', 'runs.json'), page);
    symlinkSync('..', join(root, 'a', 'up'));          // a/up -> root (contains a again)
    symlinkSync('../a', join(root, 'b', 'to-a'));      // b/to-a -> a
    symlinkSync('.', join(root, 'self'));              // root/self -> root
    const t0 = performance.now();
    const r = readDocuments([root]);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.docs.map((d) => d.name)).toEqual([join(root, 'a', 'runs.json')]);
    expect(r.problems.filter((p) => p.level === 'warning').length).toBeGreaterThanOrEqual(2);
    for (const p of r.problems) expect(p.message).toMatch(/already read/);
  });

  it('a deep chain of distinct folders stops at the depth limit', () => {
    const root = mkdtempSync(join(tmpdir(), 'wt-sec-deep-'));
    let d = root;
    for (let i = 0; i < 40; i++) { d = join(d, 'x'); mkdirSync(d); }
    const r = readDocuments([root]);
    expect(r.problems.some((p) => /folders deep/.test(p.message))).toBe(true);
  });

  it('a FIFO named *.json is reported, not read (a read would block forever)', () => {
    const root = mkdtempSync(join(tmpdir(), 'wt-sec-fifo-'));
    execFileSync('mkfifo', [join(root, 'pipe.json')]);
    writeFileSync(join(root, 'runs.json'), page);
    const r = readDocuments([root]);
    expect(r.docs.map((d) => d.name)).toEqual([join(root, 'runs.json')]);
    expect(r.problems).toEqual([{ document: join(root, 'pipe.json'), level: 'error', message: 'not a regular file: not read' }]);
  });
});
