// `npm test`: type checks, lint, then every vitest test; ends with one line "N passed, N failed".
// Each check stage counts as one test so a type error turns the summary red too.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';

const stages = [
  ['typecheck core (no DOM, no Node)', 'npx', ['tsc', '--noEmit', '-p', 'core/tsconfig.json']],
  ['typecheck all', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['svelte-check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'warning', '--fail-on-warnings']],
  ['lint', 'node', ['scripts/lint.mjs']],
  ['build', 'node', ['scripts/build-cli.mjs']],
  // The real-Airflow oracle's own code (oracle/, Python), checked with the 3.1 venv's tools.
  ['oracle ruff', 'oracle/.venvs/3.1/bin/ruff', ['check', '--quiet', 'oracle']],
  ['oracle mypy', 'oracle/.venvs/3.1/bin/mypy', ['--config-file', 'oracle/pyproject.toml', '--no-incremental', 'oracle/src', 'oracle/tests']],
  ['oracle pytest', 'oracle/.venvs/3.1/bin/python', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--rootdir', 'oracle', 'oracle/tests']],
];
let passed = 0;
let failed = 0;
for (const [name, cmd, args] of stages) {
  if (name === 'svelte-check' && !existsSync('renderer/App.svelte')) continue;
  if (name.startsWith('oracle ') && !existsSync(cmd)) { failed++; console.log(`✗ ${name}: ${cmd} is missing: run npm run oracle:setup`); continue; }
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status === 0) { passed++; console.log(`✓ ${name}`); } else { failed++; console.log(`✗ ${name}`); }
}
mkdirSync('test-results', { recursive: true });

/** One vitest run, its tests added to the totals (a suite that fails to load still counts). */
function vitest(out, extra) {
  const before = failed;
  const v = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...extra], { stdio: 'inherit' });
  try {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    failed += report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  } catch {
    failed++;
  }
  if (v.status !== 0 && failed === before) failed++;
}

const args = process.argv.slice(2);
vitest('test-results/vitest.json', args);
// The loopback end-to-end suites start a real Airflow and run on wall-clock time, so they run
// alone, after everything else (`npm run test:real` runs just them).
if (args.length === 0) vitest('test-results/vitest-real.json', ['--config', 'test/airflow_real/vitest.real.config.ts']);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
