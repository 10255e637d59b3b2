// The browser side of the determinism check: core bundled for the browser (esbuild, platform
// browser), run in a Chromium Web Worker as the renderer's worker runs it, with sql.js's wasm
// fetched from the test's static server. Returns the same text the CLI prints.
import initSqlJs from 'sql.js';
import { parseScenario, simulate } from '../../core/index.js';

export async function runScenario(yaml: string, wasmUrl: string): Promise<string> {
  const sql = await initSqlJs({ locateFile: () => wasmUrl });
  const p = parseScenario(yaml, 'd.yaml');
  if (!p.ok) throw new Error(JSON.stringify(p.errors.slice(0, 3)));
  const r = simulate(p.scenario, { sql });
  const text = JSON.stringify(r.output, null, 2) + '\n';
  r.close();
  return text;
}
