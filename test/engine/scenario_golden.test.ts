// Golden traces for scenario files under test/golden/scenarios (DST weeks and other edge cases).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { traceText } from '../../core/index.js';
import { matchGolden } from '../golden/golden.js';
import { runYaml } from './run_yaml.js';

const dir = 'test/golden/scenarios';
describe('scenario goldens', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    it(file, async () => {
      const sim = await runYaml(readFileSync(`${dir}/${file}`, 'utf8'));
      const runs = sim.output.dag_runs.map((r) => `${r.dag_id} ${r.run_id} logical=${r.logical_date ?? '—'} interval=${r.data_interval_start ?? '—'}..${r.data_interval_end ?? '—'} run_after=${r.run_after} ${r.state}`).join('\n') + '\n';
      const a = matchGolden(`${dir}/${file.replace('.yaml', '.runs.txt')}`, runs);
      const b = matchGolden(`${dir}/${file.replace('.yaml', '.trace')}`, traceText(sim.output));
      sim.close();
      expect(a.ok, a.message).toBe(true);
      expect(b.ok, b.message).toBe(true);
    });
  }
});
