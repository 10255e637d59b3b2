// The swarm generator draws task mapping over an earlier task's returned list, and those worlds are
// valid and expand at run time (the invariants suite then checks them like any other world).
import { describe, expect, test } from 'vitest';
import initSqlJs from 'sql.js';
import { formatError, parseScenario, simulate } from '../../core/index.js';
import { generateScenario } from './generator.js';

const sql = await initSqlJs();
type Obj = Record<string, unknown>;
const overXCom = (doc: Obj) => (doc.dags as Obj[]).some((d) => (d.tasks as Obj[]).some((t) => {
  const e = t.expand as Record<string, unknown> | undefined;
  return !!e && Object.values(e).some((v) => !!v && typeof v === 'object' && !Array.isArray(v));
}));

describe('swarm worlds with XCom mapping', () => {
  test('some worlds map over an upstream XCom; they parse, and their mapped tasks expand', () => {
    const seeds = Array.from({ length: 200 }, (_, s) => s).filter((s) => overXCom(generateScenario(s).doc));
    expect(seeds.length).toBeGreaterThan(5);
    let expanded = 0;
    for (const seed of seeds.slice(0, 6)) {
      const g = generateScenario(seed);
      const parsed = parseScenario(g.yaml, `swarm-${seed}.yaml`);
      if (!parsed.ok) throw new Error(`seed ${seed}: ${parsed.errors.map(formatError).join('; ')}`);
      const r = simulate(parsed.scenario, { sql });
      expanded += r.output.log.filter((l) => l.kind === 'ti.expanded').length;
      r.close();
    }
    expect(expanded).toBeGreaterThan(0);
  }, 120_000);
});
