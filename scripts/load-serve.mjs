#!/usr/bin/env node
// Load test for `windtunnel serve`: starts the server as a second process on loopback, sends
// POST /api/v2/dags/{dag_id}/dagRuns at a fixed rate (open loop: each request has a scheduled send
// time, and its latency counts from then, so a stalled server cannot hide queueing) over keep-alive
// connections, then checks that every request was answered and every accepted run exists exactly
// once in GET .../dagRuns. Writes latency percentiles and the verdict as JSON.
//
//   node scripts/load-serve.mjs [--rate 1000] [--duration 30] [--connections 32] [--speed 60]
//                               [--scenario FILE | --lesson inference-push-rest] [--dag inference]
//                               [--out bench-results/serve.json]
// Exit status 0 when nothing was lost or duplicated and the achieved rate met the target.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const o = { rate: 1000, duration: 30, connections: 32, speed: 60, lesson: 'inference-push-rest', scenario: null, dag: 'inference', out: 'bench-results/serve.json', timeoutMs: 10_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--rate') o.rate = Number(v());
    else if (a === '--duration') o.duration = Number(v());
    else if (a === '--connections') o.connections = Number(v());
    else if (a === '--speed') o.speed = Number(v());
    else if (a === '--lesson') o.lesson = v();
    else if (a === '--scenario') o.scenario = v();
    else if (a === '--dag') o.dag = v();
    else if (a === '--out') o.out = v();
    else if (a === '--timeout') o.timeoutMs = Number(v());
    else { console.error(`load-serve: unknown argument ${a}`); process.exit(2); }
  }
  return o;
}

/** Start `windtunnel serve` and read its url and token from stdout. */
function startServer(o) {
  const args = [join(root, 'bin', 'windtunnel.mjs'), 'serve', ...(o.scenario ? [o.scenario] : ['--lesson', o.lesson]), '--port', '0', '--speed', String(o.speed)];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WINDTUNNEL_TOKEN: undefined } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error(`server did not start: ${err}`)); }, 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const url = /^url: (\S+)$/m.exec(out)?.[1];
      const token = /^token: (\S+)$/m.exec(out)?.[1];
      if (url && token) { clearTimeout(timer); resolve({ child, url, token, stderr: () => err }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${err}`)); });
  });
}

function call(agent, base, token, method, path, body, timeoutMs) {
  const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const url = new URL(path, base);
  return new Promise((resolve) => {
    const req = request({
      agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { json = null; }
        resolve({ status: res.statusCode, json });
      });
      res.on('error', (e) => resolve({ status: 0, error: String(e) }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, error: String(e.message ?? e) }));
    if (data) req.write(data);
    req.end();
  });
}

/** CPU time (user + system) the server process has used, from /proc (Linux), or null. */
async function serverCpuMs(pid) {
  try {
    const { readFileSync } = await import('node:fs');
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Math.round(((Number(f[11]) + Number(f[12])) * 1000) / 100);
  } catch {
    return null;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 1000) / 1000;
}

export async function loadTest(o) {
  const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
  const server = await startServer(o);
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections });
  const total = Math.round(o.rate * o.duration);
  const latencies = new Float64Array(total);
  const service = new Float64Array(total);
  const statuses = new Map();
  const accepted = [];
  const errors = [];
  let answered = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  try {
    // Warm up the connections and the server's JIT with a few reads.
    for (let i = 0; i < o.connections; i++) await call(agent, server.url, server.token, 'GET', '/api/v2/version', undefined, o.timeoutMs);
    const t0 = performance.now();
    let next = 0;
    const pending = [];
    const queue = [];
    const pump = () => {
      while (queue.length && inFlight < o.connections) {
        const i = queue.shift();
        const scheduled = t0 + (i * 1000) / o.rate;
        const sent = performance.now();
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const runId = `load-${i}`;
        pending.push(call(agent, server.url, server.token, 'POST', `/api/v2/dags/${encodeURIComponent(o.dag)}/dagRuns`, { logical_date: null, dag_run_id: runId, conf: { input_path: `s3://bucket/load-${i}.csv` } }, o.timeoutMs).then((r) => {
          const done = performance.now();
          inFlight--;
          latencies[i] = done - scheduled;
          service[i] = done - sent;
          answered += r.status !== 0 ? 1 : 0;
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status === 200) {
            if (r.json?.dag_run_id !== runId) errors.push(`request ${i}: answered run ${r.json?.dag_run_id}`);
            accepted.push(runId);
          } else if (errors.length < 20) errors.push(`request ${i}: ${r.status} ${r.error ?? JSON.stringify(r.json).slice(0, 200)}`);
          pump();
        }));
      }
    };
    await new Promise((resolve) => {
      const step = () => {
        const due = Math.min(total, Math.floor(((performance.now() - t0) * o.rate) / 1000) + 1);
        while (next < due) queue.push(next++);
        pump();
        if (next < total) setTimeout(step, 1);
        else resolve();
      };
      step();
    });
    while (queue.length || inFlight) { pump(); await new Promise((r) => setTimeout(r, 5)); }
    await Promise.all(pending);
    const elapsed = (performance.now() - t0) / 1000;

    // Every accepted run must exist exactly once.
    const seen = new Map();
    let listed = 0;
    for (let offset = 0; ; offset += 100) {
      const r = await call(agent, server.url, server.token, 'GET', `/api/v2/dags/${encodeURIComponent(o.dag)}/dagRuns?limit=100&offset=${offset}`, undefined, 60_000);
      if (r.status !== 200) { errors.push(`listing at offset ${offset}: ${r.status}`); break; }
      for (const run of r.json.dag_runs) seen.set(run.dag_run_id, (seen.get(run.dag_run_id) ?? 0) + 1);
      listed += r.json.dag_runs.length;
      if (r.json.dag_runs.length < 100) break;
    }
    const loadRuns = [...seen.keys()].filter((k) => k.startsWith('load-'));
    const missing = accepted.filter((id) => !seen.has(id));
    const duplicates = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    const extra = loadRuns.filter((id) => !accepted.includes(id));
    const clock = await call(agent, server.url, server.token, 'GET', '/windtunnel/clock', undefined, 10_000);
    const cpu = await serverCpuMs(server.child.pid);

    const lat = [...latencies].sort((a, b) => a - b);
    const svc = [...service].sort((a, b) => a - b);
    const achieved = total / elapsed;
    const ok = answered === total && missing.length === 0 && duplicates.length === 0 && extra.length === 0 && (statuses.get(200) ?? 0) === total && achieved >= o.rate * 0.97;
    return {
      ok,
      scenario: o.scenario ?? `lesson:${o.lesson}`,
      dag_id: o.dag,
      speed: o.speed,
      target_rate_per_s: o.rate,
      duration_s: o.duration,
      connections: o.connections,
      requests: total,
      answered,
      achieved_rate_per_s: Math.round(achieved * 10) / 10,
      elapsed_s: Math.round(elapsed * 1000) / 1000,
      status_counts: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
      accepted_runs: accepted.length,
      runs_listed: listed,
      missing_runs: missing.length,
      duplicate_runs: duplicates.length,
      unexpected_runs: extra.length,
      max_in_flight: maxInFlight,
      latency_ms: { note: 'from the scheduled send time (includes client-side queueing)', p50: percentile(lat, 50), p90: percentile(lat, 90), p99: percentile(lat, 99), p999: percentile(lat, 99.9), max: percentile(lat, 100), mean: Math.round((lat.reduce((s, x) => s + x, 0) / lat.length) * 1000) / 1000 },
      service_ms: { note: 'from the actual send time', p50: percentile(svc, 50), p90: percentile(svc, 90), p99: percentile(svc, 99), p999: percentile(svc, 99.9), max: percentile(svc, 100) },
      server_clock: clock.json,
      server_process_cpu_ms: cpu,
      server_busy_share: clock.json?.busy_ms !== undefined ? Math.round((clock.json.busy_ms / (elapsed * 1000)) * 1000) / 1000 : null,
      errors: errors.slice(0, 20),
      node: process.version,
      machine: { cpus: cpus().length, loadavg_before: loadBefore, loadavg_after: loadavg().map((x) => Math.round(x * 100) / 100), note: 'the load generator and the server share these CPUs' },
    };
  } finally {
    agent.destroy();
    server.child.kill('SIGTERM');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const o = parseArgs(process.argv.slice(2));
  const result = await loadTest(o);
  if (o.out && o.out !== '-') {
    mkdirSync(dirname(join(root, o.out)), { recursive: true });
    writeFileSync(join(o.out.startsWith('/') ? '' : root, o.out), JSON.stringify(result, null, 2) + '\n');
  }
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.ok ? 0 : 1);
}
