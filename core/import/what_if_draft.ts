// A first what-if scenario for an imported history, so the explorer can re-simulate it with one
// edit. What Airflow's REST answers do not carry (task dependencies, the DAG's own settings) is
// not guessed silently: each inferred value says where it came from in a comment, and what could
// not be inferred is left at Airflow's default with a note to fill it in.
import type { AssetEventOut, DagRunOut, RunOutput, TaskInstanceOut } from '../model/output.js';
import { formatInstant, outputInstantMs, parseInstant } from '../time/instant.js';
import { PROFILES } from '../scenario/defaults.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const ms = outputInstantMs;

export interface InferredSchedule {
  /** The YAML value for `schedule:`. */
  yaml: string;
  /** Where it came from, for a comment. */
  note: string;
  /** The first run's anchor (logical date or interval start), for start_date. */
  start: number | null;
}

/** The schedule that explains a DAG's scheduled runs (UTC), or null with the reason. */
export function inferSchedule(runs: readonly DagRunOut[]): InferredSchedule {
  const sched = runs.filter((r) => r.run_type === 'scheduled').map((r) => ({
    at: ms(r.logical_date) ?? ms(r.run_after)!, dis: ms(r.data_interval_start), die: ms(r.data_interval_end), after: ms(r.run_after)!,
  })).sort((a, b) => a.at - b.at);
  const others = runs.length - sched.length;
  const asset = runs.some((r) => r.run_type === 'asset_triggered');
  if (sched.length < 2) {
    const why = sched.length === 0 ? 'no scheduled runs in the history' : 'one scheduled run: too few to tell its schedule';
    const hint = asset ? '; asset-triggered runs seen: set {assets: [...]}' : others ? `; ${others} other run(s) are replayed as they came` : '';
    return { yaml: 'null', note: `${why}${hint}`, start: sched[0]?.at ?? null };
  }
  const gaps = sched.slice(1).map((r, i) => r.at - sched[i].at);
  const step = gaps.reduce((a, b) => Math.min(a, b), Infinity);
  const n = sched.length;
  if (step <= 0) return { yaml: 'null', note: 'scheduled runs share a logical date: cannot tell the schedule', start: sched[0].at };
  // Data intervals: every run spans one step and runs at its end (CronDataIntervalTimetable).
  const intervals = sched.every((r) => r.dis !== null && r.die !== null && r.die - r.dis > 0 && r.after === r.die);
  const first = sched[0];
  const anchor = intervals ? first.dis! : first.at;
  const regular = gaps.every((g) => g === step);
  const multiples = gaps.every((g) => g % step === 0);
  const missing = regular ? '' : ', some runs missing (paused or failed to schedule?)';
  const d = new Date(anchor);
  const mi = d.getUTCMinutes();
  const h = d.getUTCHours();
  const exactMinute = d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;
  let cron: string | null = null;
  if (multiples && exactMinute) {
    if (step === HOUR) cron = mi === 0 ? '@hourly' : `${mi} * * * *`;
    else if (step === DAY) cron = mi === 0 && h === 0 ? '@daily' : `${mi} ${h} * * *`;
    else if (step === WEEK) cron = mi === 0 && h === 0 && d.getUTCDay() === 0 ? '@weekly' : `${mi} ${h} * * ${d.getUTCDay()}`;
    else if (step < HOUR && HOUR % step === 0 && mi % (step / MINUTE) === 0 && step % MINUTE === 0) cron = `*/${step / MINUTE} * * * *`;
    else if (step < DAY && step % HOUR === 0 && DAY % step === 0 && h % (step / HOUR) === 0) cron = `${mi} */${step / HOUR} * * *`;
  }
  // Monthly: the same day and time every month.
  if (cron === null && exactMinute && step >= 28 * DAY && step <= 31 * DAY &&
    sched.every((r) => { const x = new Date(intervals ? r.dis! : r.at); return x.getUTCDate() === d.getUTCDate() && x.getUTCHours() === h && x.getUTCMinutes() === mi; })) {
    cron = mi === 0 && h === 0 && d.getUTCDate() === 1 ? '@monthly' : `${mi} ${h} ${d.getUTCDate()} * *`;
  }
  const seen = `${n} scheduled runs`;
  if (cron !== null) {
    const yaml = intervals ? `{cron_data_interval: ${JSON.stringify(cron)}}` : JSON.stringify(cron);
    return { yaml, note: `from ${seen}${missing}${intervals ? ', with data intervals' : ''}`, start: anchor };
  }
  if (multiples) {
    const iso = isoDuration(step);
    const yaml = intervals ? `{delta_data_interval: ${iso}}` : `{delta_trigger: ${iso}}`;
    return { yaml, note: `every ${iso} from ${seen}${missing}`, start: anchor };
  }
  return { yaml: 'null', note: `${seen} at irregular times: fill in the schedule`, start: anchor };
}

/**
 * The asset condition behind a DAG's asset-triggered runs, from which events made them (Airflow's
 * `created_dagruns`): one asset, all of several (every run consumed events of each), or any of
 * them. Null when the history does not say.
 */
export function inferAssetSchedule(runs: readonly DagRunOut[], events: readonly AssetEventOut[]): { yaml: string; note: string } | null {
  const assetRuns = new Set(runs.filter((r) => r.run_type === 'asset_triggered').map((r) => r.run_id));
  if (assetRuns.size === 0) return null;
  const dagId = runs[0].dag_id;
  const perRun = new Map<string, Set<string>>();
  for (const e of events) {
    for (const c of e.created_dagruns ?? []) {
      if (c.dag_id !== dagId || !assetRuns.has(c.run_id)) continue;
      let s = perRun.get(c.run_id);
      if (!s) perRun.set(c.run_id, (s = new Set()));
      s.add(e.asset);
    }
  }
  if (perRun.size === 0) return null;
  const all = [...new Set([...perRun.values()].flatMap((s) => [...s]))].sort();
  const names = all.map((a) => JSON.stringify(a)).join(', ');
  const every = [...perRun.values()].every((s) => s.size === all.length);
  const seen = `${perRun.size} asset-triggered run${perRun.size === 1 ? '' : 's'}`;
  if (all.length === 1 || every) return { yaml: `[${names}]`, note: `from the events that made ${seen}${all.length > 1 ? ' (each needed all of them)' : ''}` };
  return { yaml: `{any: [${names}]}`, note: `from the events that made ${seen} (each needed one of them)` };
}

export interface InferredTask { task_id: string; duration: string; upstream: string[]; note: string }

/**
 * Task ids in the order they usually start, each with its median duration over finished tries and
 * the upstream tasks its timing implies: A is upstream of B when, in every run where both ran, B
 * started after A started and no earlier than A ended (then reduced to the direct ones). Airflow's
 * REST answers do not carry the DAG's edges, so this is the best the history tells.
 */
export function inferTasks(runs: readonly DagRunOut[], tis: readonly TaskInstanceOut[]): InferredTask[] {
  const runStart = new Map(runs.map((r) => [r.run_id, ms(r.start_date)] as const));
  const by = new Map<string, { durations: number[]; offsets: number[]; firstSeen: number }>();
  const spans = new Map<string, Map<string, { s: number; e: number }>>(); // run_id → task_id → last try's span
  tis.forEach((t, i) => {
    let e = by.get(t.task_id);
    if (!e) by.set(t.task_id, (e = { durations: [], offsets: [], firstSeen: i }));
    const s = ms(t.start_date);
    const f = ms(t.end_date);
    if (s !== null && f !== null && f >= s) {
      e.durations.push(f - s);
      let m = spans.get(t.run_id);
      if (!m) spans.set(t.run_id, (m = new Map()));
      m.set(t.task_id, { s, e: f });
    }
    const rs = runStart.get(t.run_id);
    if (s !== null && rs !== null && rs !== undefined) e.offsets.push(s - rs);
  });
  const ids = [...by.keys()];
  const before = new Map<string, Set<string>>(ids.map((b) => [b, new Set<string>()]));
  for (const b of ids) {
    for (const a of ids) {
      if (a === b) continue;
      let seen = false;
      let always = true;
      for (const m of spans.values()) {
        const x = m.get(a);
        const y = m.get(b);
        if (!x || !y) continue;
        seen = true;
        if (!(x.s < y.s && x.e <= y.s)) { always = false; break; }
      }
      if (seen && always) before.get(b)!.add(a);
    }
  }
  // Direct upstreams only: drop A when another upstream C of B already comes after A.
  const upstreamOf = (b: string): string[] => {
    const cands = before.get(b)!;
    return [...cands].filter((a) => ![...cands].some((c) => c !== a && before.get(c)!.has(a)));
  };
  return [...by.entries()]
    .map(([task_id, e]) => ({ task_id, e, offset: median(e.offsets) ?? Infinity }))
    .sort((a, b) => a.offset - b.offset || a.e.firstSeen - b.e.firstSeen)
    .map(({ task_id, e }) => {
      const m = median(e.durations);
      const duration = m === null ? 'PT1M' : isoDuration(Math.max(1000, Math.round(m / 1000) * 1000));
      const note = m === null ? 'no finished try: default duration' : `median of ${e.durations.length} tr${e.durations.length === 1 ? 'y' : 'ies'}`;
      return { task_id, duration, upstream: upstreamOf(task_id).sort((x, y) => ids.indexOf(x) - ids.indexOf(y)), note };
    });
}

/** Most runs of the DAG running at one instant in the history. */
export function peakConcurrency(runs: readonly DagRunOut[]): number {
  const edges: Array<[number, number]> = [];
  for (const r of runs) {
    const s = ms(r.start_date);
    if (s === null) continue;
    edges.push([s, 1]);
    const e = ms(r.end_date);
    if (e !== null) edges.push([e, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of edges) { now += d; peak = Math.max(peak, now); }
  return peak;
}

/**
 * The what-if scenario's YAML. The cut (clock.start) is the middle of the history, so the
 * timelines show the history carried over, then the re-simulation next to what really happened,
 * then beyond it for as long again.
 */
export function draftWhatIfScenario(history: RunOutput, dagOrder?: readonly string[]): string {
  const lo = parseInstant(history.clock.start, 'UTC');
  const hi = parseInstant(history.clock.end, 'UTC');
  const cut = Math.max(lo, Math.floor((lo + (hi - lo) / 2) / HOUR) * HOUR);
  const end = Math.max(hi + (hi - cut), cut + HOUR);
  const dagIds = [...new Set([...(dagOrder ?? []), ...history.dag_runs.map((r) => r.dag_id)])]
    .filter((id) => history.dag_runs.some((r) => r.dag_id === id));
  const runsBy = groupBy(history.dag_runs, (r) => r.dag_id);
  const tisBy = groupBy(history.task_instances, (t) => t.dag_id);
  const assets = [...new Set(history.asset_events.map((e) => e.asset))].sort();
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    `# What-if for the imported history ${q(history.scenario)} (Airflow ${history.airflow}): ${history.dag_runs.length} dag runs of ${dagIds.length} DAG(s),`,
    `# ${history.clock.start} … ${history.clock.end}.`,
    '# Change the settings below (catchup, schedule, max_active_runs, ...) to re-simulate. Before',
    '# clock.start (the cut) the history stands as it happened; after it the scheduler decides again,',
    '# and the manual runs and outside asset events of the history are replayed at their times.',
    "# Inferred from the history (the REST API does not return them): schedules in UTC, task durations",
    '# and upstream tasks (from the order tasks ran in). Check them against the real DAG.',
    'windtunnel: 1',
    `name: ${q(`${history.scenario}-what-if`)}`,
    `airflow: ${q((PROFILES as readonly string[]).includes(history.airflow) ? history.airflow : '3.1')}`,
    `clock: {start: ${formatInstant(cut)}, end: ${formatInstant(end)}}`,
  ];
  if (assets.length) {
    lines.push('assets:');
    for (const a of assets) lines.push(`  - name: ${q(a)}`);
  }
  lines.push('dags:');
  if (dagIds.length === 0) lines.push('  []');
  for (const id of dagIds) {
    const runs = runsBy.get(id) ?? [];
    const time = inferSchedule(runs);
    const asset = inferAssetSchedule(runs, history.asset_events);
    // Asset runs and time runs together are AssetOrTimeSchedule.
    const s = !asset ? time
      : time.yaml === 'null' ? { ...time, yaml: `{assets: ${asset.yaml}}`, note: asset.note }
        : { ...time, yaml: `{assets: ${asset.yaml}, or_schedule: ${time.yaml}}`, note: `${asset.note}; time: ${time.note}` };
    const tasks = inferTasks(runs, tisBy.get(id) ?? []);
    const firstAfter = runs.reduce((a, r) => Math.min(a, ms(r.run_after)!), Infinity);
    lines.push(`  - dag_id: ${q(id)}`);
    lines.push(`    schedule: ${s.yaml}   # ${s.note}`);
    lines.push(`    start_date: ${formatInstant(s.start ?? firstAfter)}`);
    lines.push('    timezone: UTC');
    lines.push('    catchup: false');
    lines.push(`    max_active_runs: 16   # Airflow's default; at most ${peakConcurrency(runs)} ran at once in the history`);
    if (tasks.length === 0) {
      lines.push('    tasks:   # no task instances in the history');
      lines.push('      - {task_id: work, duration: PT1M}');
    } else {
      lines.push('    tasks:');
      for (const t of tasks) {
        const up = t.upstream.length ? `, upstream: [${t.upstream.map(q).join(', ')}]` : '';
        // Outlets: the assets whose events this task made.
        const outs = [...new Set(history.asset_events.filter((e) => e.source_dag_id === id && e.source_task_id === t.task_id).map((e) => e.asset))].sort();
        const out = outs.length ? `, outlets: [${outs.map(q).join(', ')}]` : '';
        lines.push(`      - {task_id: ${q(t.task_id)}, duration: ${t.duration}${up}${out}}   # ${t.note}${up ? '; upstream from timing' : ''}${out ? '; outlets from its asset events' : ''}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const l = m.get(k);
    if (l) l.push(x); else m.set(k, [x]);
  }
  return m;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds as an ISO 8601 duration: P1D, PT1H30M, PT45S, PT0.5S. */
export function isoDuration(t: number): string {
  if (t === 0) return 'PT0S';
  let rest = t;
  const days = Math.floor(rest / DAY); rest -= days * DAY;
  const hours = Math.floor(rest / HOUR); rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE); rest -= minutes * MINUTE;
  const seconds = rest / 1000;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
