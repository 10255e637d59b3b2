// `npm run swarm -- --seeds N`: many seeded random worlds (test/proof/generator.ts), each simulated
// with every invariant (core/scheduler/invariants.ts) checked after every step. A failing seed is
// printed and its scenario written to test-results/swarm/seed-<N>.yaml, which replays it.
//
//   --seeds N     how many seeds (default 200)          --from S   first seed (default 1000)
//   --seed S      one seed, verbose                      --scale K  bigger worlds (default 1)
//   --jobs J      worker threads (default: cores)        --out DIR  where failing scenarios go
//   --keep-going  do not stop after the first 5 failures
//   --timeout S   a seed running longer than S seconds fails as a hang (default 120)
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist', 'proof', 'swarm_core.mjs');

if (isMainThread) await main();
else await worker();

function args() {
  const a = process.argv.slice(2);
  const get = (name, def) => {
    const i = a.indexOf(`--${name}`);
    if (i < 0) return def;
    const v = a[i + 1];
    if (v === undefined || v.startsWith('--')) { console.error(`swarm: --${name} needs a value`); process.exit(2); }
    return v;
  };
  for (const x of a) {
    if (x.startsWith('--') && !['--seeds', '--from', '--seed', '--scale', '--jobs', '--out', '--keep-going', '--timeout'].includes(x)) {
      console.error(`swarm: unknown option ${x}`);
      process.exit(2);
    }
  }
  const num = (name, def) => {
    const n = Number(get(name, def));
    if (!Number.isInteger(n) || n < 0) { console.error(`swarm: --${name} must be a non-negative integer`); process.exit(2); }
    return n;
  };
  const single = get('seed', null);
  return {
    from: single !== null ? num('seed') : num('from', '1000'),
    count: single !== null ? 1 : num('seeds', '200'),
    single: single !== null,
    scale: num('scale', '1') || 1,
    jobs: Math.max(1, num('jobs', String(availableParallelism()))),
    out: get('out', join(root, 'test-results', 'swarm')),
    keepGoing: a.includes('--keep-going'),
    timeout: num('timeout', '120') || 120,
  };
}

async function main() {
  const opt = args();
  await build({
    entryPoints: [join(root, 'test', 'proof', 'swarm_core.ts')], outfile: bundle, bundle: true, platform: 'node',
    format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
  });
  const seeds = Array.from({ length: opt.count }, (_, i) => opt.from + i);
  const jobs = Math.min(opt.jobs, seeds.length) || 1;
  console.log(`swarm: seeds ${opt.from}..${opt.from + opt.count - 1} (scale ${opt.scale}) on ${jobs} worker(s)`);
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  const failures = [];
  const totals = { steps: 0, runs: 0, tis: 0, events: 0, refused: 0, log: 0 };
  let stopping = false;
  const { generateYaml } = await import(pathToFileURL(bundle).href);
  const fail = (r) => {
    failures.push(r);
    mkdirSync(opt.out, { recursive: true });
    const file = join(opt.out, `seed-${r.seed}.yaml`);
    writeFileSync(file, r.repro);
    console.log(`✗ seed ${r.seed}: ${r.problems.length} problem(s); scenario written to ${file}`);
    for (const p of r.problems.slice(0, 8)) console.log(`    ${p.split('\n')[0]}`);
    if (failures.length >= 5 && !opt.keepGoing) stopping = true;
  };
  const report = (r) => {
    done++;
    for (const k of Object.keys(totals)) totals[k] += r.stats[k];
    if (!r.ok) fail(r);
    else if (opt.single) {
      console.log(`✓ seed ${r.seed}: ${r.stats.steps} steps, ${r.stats.runs} runs, ${r.stats.tis} task instances, ${r.stats.events} events (${r.stats.refused} refused), ${Math.round(r.stats.ms)} ms`);
      mkdirSync(opt.out, { recursive: true });
      writeFileSync(join(opt.out, `seed-${r.seed}.yaml`), r.repro);
      console.log(`  scenario: ${join(opt.out, `seed-${r.seed}.yaml`)}`);
    }
    if (!opt.single && (done % 50 === 0 || done === seeds.length)) {
      console.log(`  ${done}/${seeds.length} seeds, ${failures.length} failed, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  };
  // One lane per worker; a seed that runs past --timeout is a failure ("hangs"): its worker is
  // terminated and replaced.
  await Promise.all(Array.from({ length: jobs }, () => new Promise((resolve, reject) => {
    let w = null;
    let current = null;
    let timer = null;
    const spawn = () => {
      const me = new Worker(new URL(import.meta.url), { workerData: { scale: opt.scale } });
      w = me;
      me.on('message', (r) => {
        if (w !== me || r.seed !== current) return; // a replaced worker's late answer
        clearTimeout(timer); current = null; report(r); feed();
      });
      me.on('error', reject);
    };
    const feed = () => {
      if (stopping || next >= seeds.length) { w.postMessage(null); w.once('exit', resolve); return; }
      current = seeds[next++];
      const seed = current;
      timer = setTimeout(() => {
        if (current !== seed) return;
        const problems = [`hang: the seed did not finish within ${opt.timeout} s (the parser and the simulation must end in bounded time)`];
        void w.terminate();
        report({ seed, ok: false, problems, stats: { steps: 0, runs: 0, tis: 0, events: 0, refused: 0, log: 0, ms: opt.timeout * 1000 }, repro: `# Swarm failure, seed ${seed}: ${problems[0]}\n${generateYaml(seed, opt.scale)}` });
        spawn();
        feed();
      }, opt.timeout * 1000);
      w.postMessage(seed);
    };
    spawn();
    feed();
  })));
  const secs = (performance.now() - t0) / 1000;
  console.log(`swarm: ${done} seed(s) in ${secs.toFixed(1)} s: ${totals.steps} steps checked, ${totals.runs} runs, ${totals.tis} task instances, ${totals.events} events (${totals.refused} refused)`);
  if (failures.length) {
    console.log(`swarm: ${failures.length} FAILED: ${failures.map((f) => f.seed).join(', ')}${stopping ? ' (stopped early; --keep-going runs them all)' : ''}`);
    process.exit(1);
  }
  console.log('swarm: all invariants held');
}

async function worker() {
  const { runSeed, reproFile } = await import(pathToFileURL(bundle).href);
  const { default: initSqlJs } = await import('sql.js');
  const sql = await initSqlJs();
  parentPort.on('message', (seed) => {
    if (seed === null) { parentPort.close(); return; }
    const r = runSeed(seed, sql, { scale: workerData.scale, clock: () => performance.now() });
    parentPort.postMessage({ seed, ok: r.ok, problems: r.problems, stats: r.stats, repro: reproFile(r) });
  });
}
