// No import cycles, in core/ or anywhere in the repository's TypeScript: every file can be read
// after the files it imports. A new cycle fails here with the files of the loop in order.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no type declarations
import { findCycles, importGraph } from '../../scripts/import_graph.mjs';

interface Cycle { files: string[]; cycle: string[] }
const root = new URL('../..', import.meta.url).pathname;
const describeCycles = (cycles: Cycle[]) => cycles.map((c) => `import cycle: ${c.cycle.join(' → ')}`).join('\n');

describe('import graph', () => {
  it('core/ has no import cycle (type-only imports included)', () => {
    const graph = importGraph(root, ['core']);
    expect(graph.size).toBeGreaterThan(100);
    expect(describeCycles(findCycles(graph))).toBe('');
  });

  it('the whole repository has no import cycle', () => {
    const graph = importGraph(root, ['core', 'cli', 'electron', 'renderer', 'view', 'node', 'scripts', 'test']);
    expect(describeCycles(findCycles(graph))).toBe('');
  });

  it('names the files of a cycle, type-only and dynamic imports included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-cycle-'));
    mkdirSync(join(dir, 'core'));
    writeFileSync(join(dir, 'core', 'a.ts'), "import type { B } from './b.js';\nexport type A = B;\n");
    writeFileSync(join(dir, 'core', 'b.ts'), "export type B = number;\nexport const c = () => import('./c.js');\n");
    writeFileSync(join(dir, 'core', 'c.ts'), "export { type A } from './a.js';\n");
    writeFileSync(join(dir, 'core', 'd.ts'), "import { c } from './b.js';\nexport const d = c;\n");
    const cycles: Cycle[] = findCycles(importGraph(dir, ['core']));
    expect(cycles).toHaveLength(1);
    expect(cycles[0].files).toEqual(['core/a.ts', 'core/b.ts', 'core/c.ts']);
    expect(describeCycles(cycles)).toBe('import cycle: core/a.ts → core/b.ts → core/c.ts → core/a.ts');
  });
});
