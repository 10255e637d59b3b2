// `npm run oracle:swarm -- --profile P --seeds N [--from S] [--out DIR] [--size oracle|full] [--record]`:
// N seeded swarm worlds under profile P replayed through real Airflow and Windtunnel
// (test/oracle/oracle_swarm.ts); prints a summary and writes it to test-results/oracle-swarm/<P>.json.
// --size: oracle-sized worlds (default, what npm test replays: test/proof/generator_oracle.ts) or the
// generator's full-size ones. --record rewrites test/oracle/open_differences/<P>.swarm.json, the
// ratchet npm test's swarm sample is held to (run it with --from 0 and the test's count).
// Exit 0 when no world shows an undeclared difference, 1 when one does, 2 for usage, 3 when the
// oracle is not set up.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist', 'proof', 'oracle_swarm.mjs');
const record = process.argv.includes('--record');
const argv = process.argv.slice(2).filter((a) => a !== '--record');
const usage = (m) => { console.error(`oracle:swarm: ${m}\nusage: npm run oracle:swarm -- --profile P --seeds N [--from S] [--out DIR] [--size oracle|full] [--record]`); process.exit(2); };
const known = ['--profile', '--seeds', '--from', '--out', '--size'];
for (let i = 0; i < argv.length; i += 2) {
  if (!known.includes(argv[i])) usage(`unknown option ${argv[i]}`);
  if (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) usage(`${argv[i]} needs a value`);
}
const get = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : def; };
const int = (name, def) => { const n = Number(get(name, def)); if (!Number.isInteger(n) || n < 0) usage(`--${name} must be a non-negative integer`); return n; };
const profile = get('profile', '3.1');
const seeds = int('seeds', '100');
const from = int('from', '10000');
const out = get('out', join(root, 'test-results', 'oracle-swarm', profile));
const size = get('size', 'oracle');
if (size !== 'oracle' && size !== 'full') usage('--size must be oracle or full');

await build({
  entryPoints: [join(root, 'test', 'oracle', 'oracle_swarm.ts')], outfile: bundle, bundle: true, platform: 'node',
  format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
});
const { runOracleSwarm } = await import(pathToFileURL(bundle).href);
const s = await runOracleSwarm({ profile, seeds, from, out, size, record, log: (l) => console.log(l) });
if (!s) process.exit(3);
console.log(`oracle:swarm: profile ${s.profile} against Airflow ${s.airflow_version}: ${s.scenarios} world(s) (seeds from ${from}), ${s.runs} runs and ${s.task_instances} task instances compared, ${s.declared} declared difference(s), ${s.undeclared} undeclared in ${s.failed.length} world(s), ${s.oracle_errors.length} oracle error(s); ${(s.wall_ms / 1000).toFixed(1)} s (${s.ms_per_scenario} ms per world)`);
if (Object.keys(s.by_field).length) console.log(`  undeclared by field: ${Object.entries(s.by_field).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
mkdirSync(join(root, 'test-results', 'oracle-swarm'), { recursive: true });
writeFileSync(join(root, 'test-results', 'oracle-swarm', `${profile}.json`), `${JSON.stringify({ from, size, ...s }, null, 2)}\n`);
if (record) console.log(`oracle:swarm: recorded the open differences of these worlds in test/oracle/open_differences/${profile}.swarm.json`);
process.exit(s.failed.length + s.oracle_errors.length > 0 ? 1 : 0);
