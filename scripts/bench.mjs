// `npm run bench`: Windtunnel's performance figures in one run, printed and written to
// bench-results/bench.json.
//   - speed-up (simulated time / wall time) on 1-year and 10-year hourly scenarios (10 tasks each),
//     each in its own Node process so peak memory (max RSS) is that scenario's alone, and the
//     `run --format json` output streamed (runOutputJsonChunks, bytes counted) as the CLI writes it;
//   - cost per task instance against a raw sql.js UPDATE-by-key baseline measured in the same run;
//   - parse + validate time of a 1,000-DAG scenario file;
//   - deployment scale: one day of 1,000 and of 5,000 DAGs (scripts/gen-deployment.mjs), CPU per task
//     instance against the single-DAG year and memory against the rows' sql.js size (issue 17);
//   - real Airflow's wall time against Windtunnel's on the same scenarios (scripts/bench-oracle.mjs);
//   - the timeline redraw benchmark (scripts/bench-timeline.mjs, when present, run as a child
//     process), its bench-results/timeline.json included.
// Targets: 10 years hourly with 10 tasks in under 30 s and under 1 GiB.
//
//   --quick        skip the 10-year scenario          --years-limit S  stop a scenario after S s (default 600)
//   --out FILE     where the JSON goes (default bench-results/bench.json)
//   --no-timeline  skip the timeline redraw benchmark (it builds the renderer and drives Chromium)
//   --no-oracle    skip real Airflow side by side (scripts/bench-oracle.mjs; skipped anyway when not set up)
// One measurement alone (e.g. to profile): node --cpu-prof scripts/bench.mjs --child simulate 0.25
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'proof', 'bench_core.mjs');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : def; };

const TARGET = { seconds: 30, bytes: 1024 ** 3 };
const HOUR = 3_600_000;

/** A DAG with 10 tasks, hourly, catching up from clock.start: the benchmark world. */
export function hourlyScenario(years) {
  const start = Date.UTC(2025, 0, 1);
  const end = Number.isInteger(years) ? Date.UTC(2025 + years, 0, 1) : start + Math.round(years * 8766) * HOUR;
  const tasks = [
    ['extract', [], 'PT5M'], ['validate', ['extract'], 'PT2M'], ['clean', ['validate'], 'PT4M'],
    ['features_a', ['clean'], 'PT6M'], ['features_b', ['clean'], 'PT3M'], ['join', ['features_a', 'features_b'], 'PT2M'],
    ['train', ['join'], 'PT10M'], ['evaluate', ['train'], 'PT3M'], ['publish', ['evaluate'], 'PT1M'], ['notify', ['publish'], 'PT1M'],
  ].map(([id, up, d]) => `      - {task_id: ${id}, duration: ${d}${up.length ? `, upstream: [${up.join(', ')}]` : ''}}`).join('\n');
  return {
    span: end - start,
    yaml: `windtunnel: 1
name: bench-hourly-${years}y
clock: {start: ${new Date(start).toISOString()}, end: ${new Date(end).toISOString()}}
seed: 1
dags:
  - dag_id: hourly_pipeline
    schedule: "@hourly"
    start_date: ${new Date(start).toISOString()}
    catchup: true
    max_active_runs: 4
    tasks:
${tasks}
`,
  };
}

/** A 1,000-DAG scenario file with a mix of schedules, retries, pools and dependencies. */
export function thousandDags() {
  const schedules = ['"@hourly"', '"@daily"', '"0 */3 * * *"', '{delta: PT90M}', '{cron_data_interval: "30 2 * * *"}', 'null', '"@once"', '{multiple_cron: ["@hourly", "30 */2 * * *"]}'];
  const dags = [];
  for (let i = 0; i < 1000; i++) {
    dags.push(`  - dag_id: dag_${String(i).padStart(4, '0')}
    schedule: ${schedules[i % schedules.length]}
    start_date: 2025-01-01
    timezone: ${i % 7 === 0 ? 'Europe/Berlin' : 'UTC'}
    max_active_runs: ${1 + (i % 4)}
    params: {n: ${i}, name: "dag ${i}"}
    default_args: {retries: ${i % 3}, retry_delay: PT5M}
    tasks:
      - {task_id: extract, duration: {uniform: [PT1M, PT5M]}, pool: io}
      - {task_id: transform, upstream: [extract], duration: PT3M, templates: {cmd: "run --ds {{ ds }} --n {{ params.n }}"}}
      - {task_id: load, upstream: [transform], duration: PT2M, trigger_rule: all_done, outlets: [asset_${i % 20}]}
      - {task_id: report, upstream: [load], operator: empty}`);
  }
  const assets = Array.from({ length: 20 }, (_, i) => `  - name: asset_${i}`).join('\n');
  return `windtunnel: 1\nname: thousand-dags\nclock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z}\npools: {io: 16}\nassets:\n${assets}\ndags:\n${dags.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Child processes: one measurement each, printed as one JSON line.

async function child(kind, arg) {
  const core = await import(pathToFileURL(bundle).href);
  const { default: initSqlJs } = await import('sql.js');
  const out = {};
  if (kind === 'simulate') {
    const years = Number(arg);
    const { yaml, span } = hourlyScenario(years);
    const sql = await initSqlJs();
    const t0 = performance.now();
    const p = core.parseScenario(yaml, 'bench.yaml');
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    let steps = 0;
    const r = core.simulate(p.scenario, { sql, afterStep: () => { steps++; } });
    const t2 = performance.now();
    const cpuSim = process.cpuUsage(cpu0);
    const heapAfterSimulate = process.memoryUsage().heapUsed;
    // The CLI's `run --format json` bytes, streamed as the CLI writes them (counted, not kept).
    let jsonBytes = 0;
    let jsonError = null;
    const cpu1 = process.cpuUsage();
    try { for (const chunk of core.runOutputJsonChunks(r.outputStream)) jsonBytes += Buffer.byteLength(chunk); } catch (err) { jsonBytes = null; jsonError = String(err); }
    const t3 = performance.now();
    const cpuJson = process.cpuUsage(cpu1);
    const o = r.outputStream;
    Object.assign(out, {
      years, simulated_ms: span, parse_ms: t1 - t0, simulate_ms: t2 - t1, simulate_cpu_ms: (cpuSim.user + cpuSim.system) / 1000,
      output_json_ms: t3 - t2, output_json_cpu_ms: (cpuJson.user + cpuJson.system) / 1000, output_json_bytes: jsonBytes, output_json_error: jsonError,
      steps, runs: o.dag_runs.length, task_instances: o.task_instances.length, log_entries: o.log.length,
      heap_used_bytes: heapAfterSimulate,
    });
    r.close();
  } else if (kind === 'deployment') {
    // Issue 17: N DAGs on mixed schedules for one day (scripts/gen-deployment.mjs); the rows' own
    // size is the sql.js file they make, to hold the process's memory against.
    const { deploymentScenario } = await import(pathToFileURL(join(root, 'scripts', 'gen-deployment.mjs')).href);
    const dags = Number(arg);
    const sql = await initSqlJs();
    const p = core.parseScenario(deploymentScenario(dags), 'deployment.yaml');
    if (!p.ok) throw new Error(JSON.stringify(p.errors.slice(0, 3)));
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const r = core.simulate(p.scenario, { sql });
    const cpuSim = process.cpuUsage(cpu0);
    const t1 = performance.now();
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const o = r.outputStream;
    let backlog = 0;
    for (const d of o.dag_runs) if (d.state === 'queued') backlog++;
    const dbBytes = r.exportDb().length;
    Object.assign(out, {
      dags, simulate_ms: t1 - t0, simulate_cpu_ms: (cpuSim.user + cpuSim.system) / 1000, runs: o.dag_runs.length, task_instances: o.task_instances.length,
      queued_runs_at_end: backlog, rss_before_simulate_bytes: rssBefore, peak_rss_after_simulate_bytes: peakRss, sqljs_db_bytes: dbBytes,
    });
    r.close();
  } else if (kind === 'sql-baseline') {
    // stack.md's baseline: UPDATE by key inside one transaction, with the engine's pragmas.
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.exec('PRAGMA journal_mode=MEMORY; PRAGMA locking_mode=EXCLUSIVE; PRAGMA synchronous=OFF;');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, dag_id TEXT, run_id TEXT, state TEXT, try_number INTEGER, end_date TEXT)');
    const N = 200_000;
    db.exec('BEGIN');
    const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)');
    for (let i = 1; i <= N; i++) ins.run([i, 'hourly_pipeline', `scheduled__${i}`, null, 0, null]);
    ins.free();
    db.exec('COMMIT');
    const up = db.prepare('UPDATE t SET state = ?, try_number = ?, end_date = ? WHERE id = ?');
    const rounds = [];
    for (let k = 0; k < 3; k++) {
      db.exec('BEGIN');
      const t0 = performance.now();
      for (let i = 1; i <= N; i++) up.run(['success', k + 1, '2025-01-01T00:00:00.000Z', i]);
      rounds.push(((performance.now() - t0) * 1000) / N);
      db.exec('COMMIT');
    }
    up.free();
    db.close();
    rounds.sort((a, b) => a - b);
    Object.assign(out, { rows: N, update_us: rounds[1], rounds_us: rounds });
  } else if (kind === 'parse') {
    const text = thousandDags();
    const times = [];
    let dags = 0;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const p = core.parseScenario(text, 'thousand.yaml');
      times.push(performance.now() - t0);
      if (!p.ok) throw new Error(JSON.stringify(p.errors.slice(0, 3)));
      dags = p.scenario.dags.length;
    }
    times.sort((a, b) => a - b);
    Object.assign(out, { dags, bytes: text.length, parse_ms: times[1], runs_ms: times });
  }
  const ru = process.resourceUsage();
  out.max_rss_bytes = ru.maxRSS * 1024;
  out.cpu_user_ms = ru.userCPUTime / 1000;
  out.cpu_system_ms = ru.systemCPUTime / 1000;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(kind, arg, limitS) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', kind, String(arg)], {
    encoding: 'utf8', maxBuffer: 1 << 26, timeout: limitS * 1000,
  });
  const wall_ms = performance.now() - t0;
  if (r.error || r.status !== 0) {
    const why = r.error?.code === 'ETIMEDOUT' ? `did not finish within ${limitS} s` : r.signal ? `killed by ${r.signal}` : `exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`;
    return { ok: false, error: why, wall_ms };
  }
  const line = r.stdout.trim().split('\n').pop();
  return { ok: true, wall_ms, ...JSON.parse(line) };
}

// ---------------------------------------------------------------------------------------------

const fmt = (n, d = 1) => (n === undefined || n === null || Number.isNaN(n) ? '—' : Number(n).toFixed(d));
const mib = (b) => (b === undefined ? '—' : `${(b / 2 ** 20).toFixed(0)} MiB`);

async function main() {
  const quick = flag('quick');
  const limit = Number(opt('years-limit', '600'));
  const outFile = opt('out', join(root, 'bench-results', 'bench.json'));
  await build({ entryPoints: [join(root, 'core', 'index.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });

  const report = {
    when: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, parallelism: availableParallelism(), cpu: cpus()[0]?.model ?? '', total_memory_bytes: totalmem(), load_average_at_start: loadavg() },
    targets: { ten_years_seconds: TARGET.seconds, ten_years_bytes: TARGET.bytes },
  };
  console.log(`windtunnel bench — Node ${process.version}, ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (wall times grow with other load; CPU times are given too)`);

  const base = runChild('sql-baseline', 0, 300);
  report.sql_update_baseline = base;
  console.log(`sql.js UPDATE by key (one transaction, ${base.rows ?? '?'} rows): ${fmt(base.update_us, 2)} µs`);

  report.scenarios = [];
  for (const years of quick ? [1] : [1, 10]) {
    const r = runChild('simulate', years, limit);
    const s = { name: `${years} year${years > 1 ? 's' : ''} hourly, 10 tasks`, ...r };
    if (r.ok) {
      s.speedup = r.simulated_ms / r.simulate_ms;
      s.us_per_task_instance = (r.simulate_ms * 1000) / r.task_instances;
      s.task_instance_vs_sql_update = base.ok ? s.us_per_task_instance / base.update_us : null;
      s.task_instances_per_second = r.task_instances / (r.simulate_ms / 1000);
    }
    if (years === 10) {
      s.meets_time_target = r.ok && r.simulate_ms / 1000 < TARGET.seconds;
      s.meets_memory_target = r.ok && r.max_rss_bytes < TARGET.bytes;
    }
    report.scenarios.push(s);
    if (r.ok) {
      console.log(`${s.name}: ${r.runs} runs, ${r.task_instances} task instances, ${r.steps} steps`);
      console.log(`  simulate ${fmt(r.simulate_ms / 1000, 2)} s → speed-up ${fmt(s.speedup / 1e6, 2)}×10⁶ (simulated/wall); ${fmt(s.us_per_task_instance, 1)} µs per task instance = ${fmt(s.task_instance_vs_sql_update, 1)}× a raw sql.js UPDATE; ${fmt(s.task_instances_per_second, 0)} TIs/s`);
      const json = r.output_json_error ? `output JSON FAILED after ${fmt(r.output_json_ms / 1000, 1)} s: ${r.output_json_error}` : `output JSON streamed ${fmt(r.output_json_ms / 1000, 2)} s (${mib(r.output_json_bytes)})`;
      console.log(`  simulate CPU ${fmt(r.simulate_cpu_ms / 1000, 2)} s; parse ${fmt(r.parse_ms, 1)} ms; ${json}; peak RSS ${mib(r.max_rss_bytes)}; process wall ${fmt(r.wall_ms / 1000, 1)} s`);
    } else console.log(`${s.name}: FAILED — ${r.error} (after ${fmt(r.wall_ms / 1000, 1)} s)`);
    if (years === 10) console.log(`  targets: < ${TARGET.seconds} s ${s.meets_time_target ? 'met' : 'MISSED'}, < 1 GiB ${s.meets_memory_target ? 'met' : 'MISSED'}`);
  }

  // Deployment scale (issue 17): cost per task instance of a many-DAG day against the single-DAG
  // year above (target within 2×), and memory grown while simulating against the sql.js size of the
  // rows it made (target within 1.5×). CPU time is the basis: wall time follows the machine's load.
  const year = report.scenarios.find((s) => s.years === 1 && s.ok);
  const yearCpuUs = year ? (year.simulate_cpu_ms * 1000) / year.task_instances : null;
  report.deployments = [];
  for (const dags of quick ? [1000] : [1000, 5000]) {
    const r = runChild('deployment', dags, limit);
    const d = { name: `one day of ${dags} DAGs`, ...r };
    if (r.ok) {
      d.cpu_us_per_task_instance = (r.simulate_cpu_ms * 1000) / r.task_instances;
      d.cpu_per_ti_vs_single_dag_year = yearCpuUs ? d.cpu_us_per_task_instance / yearCpuUs : null;
      d.memory_grown_bytes = r.peak_rss_after_simulate_bytes - r.rss_before_simulate_bytes;
      d.memory_vs_sqljs_rows = d.memory_grown_bytes / r.sqljs_db_bytes;
      d.meets_cost_target = d.cpu_per_ti_vs_single_dag_year !== null && d.cpu_per_ti_vs_single_dag_year <= 2;
      d.meets_memory_target = d.memory_vs_sqljs_rows <= 1.5;
      console.log(`${d.name}: ${r.runs} runs (${r.queued_runs_at_end} still queued: the backlog), ${r.task_instances} task instances; simulate ${fmt(r.simulate_ms / 1000, 2)} s wall, ${fmt(r.simulate_cpu_ms / 1000, 2)} s CPU`);
      console.log(`  ${fmt(d.cpu_us_per_task_instance, 1)} µs CPU per task instance = ${fmt(d.cpu_per_ti_vs_single_dag_year, 2)}× the single-DAG year (target ≤ 2: ${d.meets_cost_target ? 'met' : 'MISSED'}); ` +
        `memory grown ${mib(d.memory_grown_bytes)} (peak RSS ${mib(r.peak_rss_after_simulate_bytes)}) = ${fmt(d.memory_vs_sqljs_rows, 2)}× the rows in sql.js (${mib(r.sqljs_db_bytes)}; target ≤ 1.5: ${d.meets_memory_target ? 'met' : 'MISSED'})`);
    } else console.log(`${d.name}: FAILED — ${r.error} (after ${fmt(r.wall_ms / 1000, 1)} s)`);
    report.deployments.push(d);
  }

  const parse = runChild('parse', 0, 300);
  report.parse_1000_dags = parse;
  console.log(parse.ok ? `parse + validate, ${parse.dags} DAGs (${mib(parse.bytes)} of YAML): ${fmt(parse.parse_ms, 0)} ms (median of 3), peak RSS ${mib(parse.max_rss_bytes)}` : `parse 1,000 DAGs: FAILED — ${parse.error}`);

  // Real Airflow on the same scenarios (scripts/bench-oracle.mjs prints its own lines, or one saying
  // it is skipped when the oracle is not set up).
  if (flag('no-oracle')) console.log('oracle side by side: skipped (--no-oracle)');
  else {
    const o = spawnSync(process.execPath, [join(root, 'scripts', 'bench-oracle.mjs')], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 900_000 });
    process.stdout.write(o.stdout || '');
    if (o.status !== 0) console.log(`oracle side by side: exited ${o.status}: ${(o.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
    const oj = join(root, 'bench-results', 'oracle.json');
    report.oracle = o.status === 0 && existsSync(oj) ? JSON.parse(readFileSync(oj, 'utf8')) : null;
  }

  const timeline = join(root, 'scripts', 'bench-timeline.mjs');
  const timelineJson = join(root, 'bench-results', 'timeline.json');
  if (flag('no-timeline')) {
    report.timeline = null;
    console.log('timeline redraw: skipped (--no-timeline)');
  } else if (existsSync(timeline)) {
    const before = existsSync(timelineJson) ? statSync(timelineJson).mtimeMs : 0;
    // A 1,000,000-run layout (issue 17) needs a bigger heap and, on a loaded machine, minutes.
    const t = spawnSync(process.execPath, ['--max-old-space-size=6144', timeline], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 2_400_000 });
    const fresh = existsSync(timelineJson) && statSync(timelineJson).mtimeMs > before;
    // Exit 1 means a case was over the frame budget: its figures are still the report's.
    report.timeline = fresh ? JSON.parse(readFileSync(timelineJson, 'utf8')) : { ok: false, status: t.status, stderr: (t.stderr || '').slice(-2000) };
    console.log(`timeline redraw (scripts/bench-timeline.mjs)${t.status === 0 ? '' : `: exited ${t.status}`}`);
    console.log((t.stdout || '').trim().split('\n').filter((l) => l.trim() && !l.startsWith('wrote')).map((l) => `  ${l.trim()}`).join('\n'));
  } else {
    report.timeline = null;
    console.log('timeline redraw: scripts/bench-timeline.mjs not present, skipped');
  }

  report.machine.load_average_at_end = loadavg();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${outFile}`);
}

if (argv[0] === '--child') await child(argv[1], argv[2]);
else await main();
