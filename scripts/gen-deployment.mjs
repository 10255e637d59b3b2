#!/usr/bin/env node
// A platform team's deployment as a scenario (issue 17): N DAGs on a mix of schedules, 5 chained
// tasks of 1–9 minutes each, parallelism 256, default_pool 512, one simulated day. Used by
// `npm run bench` and for profiling; deterministic (durations come from the scenario's seed).
//   node scripts/gen-deployment.mjs N [--days D] [--out FILE]   (stdout when no --out)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SCHEDULES = ['"@hourly"', '"*/15 * * * *"', '"@daily"', '"0 */2 * * *"'];

/** YAML of an N-DAG deployment over `days` days. */
export function deploymentScenario(n, { days = 1 } = {}) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`gen-deployment: DAG count must be a positive integer, got ${n}`);
  const end = new Date(Date.UTC(2025, 0, 1) + days * 86_400_000).toISOString().replace('.000Z', 'Z');
  const dags = [];
  for (let i = 0; i < n; i++) {
    // Fixed durations 1–9 minutes per task, varied by DAG and position so runs do not line up.
    const tasks = [];
    for (let t = 0; t < 5; t++) {
      const m = 1 + ((i * 7 + t * 3) % 9);
      tasks.push(`      - {task_id: t${t}, duration: PT${m}M${t ? `, upstream: [t${t - 1}]` : ''}}`);
    }
    dags.push(`  - dag_id: dag_${String(i).padStart(5, '0')}\n    schedule: ${SCHEDULES[i % SCHEDULES.length]}\n    start_date: 2024-12-31\n    tasks:\n${tasks.join('\n')}`);
  }
  return `windtunnel: 1\nname: deployment-${n}\nconfig: {parallelism: 256}\npools: {default_pool: 512}\n` +
    `clock: {start: 2025-01-01T00:00:00Z, end: ${end}}\ndags:\n${dags.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
  const n = Number(args[0]);
  const days = Number(opt('days') ?? 1);
  try {
    const yaml = deploymentScenario(n, { days });
    const out = opt('out');
    if (out) writeFileSync(out, yaml); else process.stdout.write(yaml);
  } catch (e) { console.error(e.message); process.exit(2); }
}
