// What Airflow 3.2 and 3.3 changed about runs, put into swarm worlds of those profiles (the rows
// marked ◆ in docs/airflow-versions.md): REST triggers with `partition_key` (stored in 3.2, 400 in
// 3.3 for a DAG that is not partitioned) and with `run_after` in the body, TriggerDagRunOperator runs
// (operator_triggered in 3.3) before a catchup DAG's depends_on_past, auto-pause counted by run_after
// with runs that have no logical date, and xcom_pull(include_prior_dates=True) across DAGs.
//
// Drawn from a dice of its own, after the rest of the world: a world of an older profile is exactly
// what it was before these features existed, so old seeds still replay the same text.
import { Prng } from '../../core/util/prng.js';

type Obj = Record<string, unknown>;

const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The dice for the recent features of a seed (independent of the world's own dice). */
export function recentDice(seed: number): Prng {
  return new Prng(((seed * 2246822519) >>> 0) ^ 0x3233);
}

/** Which newer profile a world drawn as "3.1" becomes: 3.1, 3.2 or 3.3 (3.3 the most, as the default). */
export function newerProfile(p: Prng): '3.1' | '3.2' | '3.3' {
  const r = p.next() * 6;
  return r < 2 ? '3.1' : r < 3 ? '3.2' : '3.3';
}

const atLeast32 = (profile: string) => profile === '3.2' || profile === '3.3';

/** Adds the 3.2/3.3 features to a generated world of profile 3.2 or 3.3 (nothing for older ones). */
export function addRecentFeatures(doc: Obj, p: Prng): void {
  const profile = String(doc.airflow);
  if (!atLeast32(profile)) return;
  const chance = (x: number) => p.next() < x;
  const pick = <T>(xs: readonly T[]): T => xs[p.int(0, xs.length - 1)];
  const clock = doc.clock as { start: string; end: string };
  const start = Date.parse(clock.start);
  const end = Date.parse(clock.end);
  const within = () => start + p.int(0, Math.max(0, Math.floor((end - start) / MIN))) * MIN;
  const onHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;
  const dags = doc.dags as Obj[];
  // The new DAGs go first: an oracle-sized world (generator_oracle.ts) keeps a world's first DAGs.
  const added: Obj[] = [];
  const events = [...((doc.events as Obj[] | undefined) ?? [])];

  // REST trigger bodies: partition_key (3.2 stores it; 3.3 refuses it for a DAG that is not
  // partitioned, 400) and run_after (3.1.8+ store the body's run_after and name the run after it).
  for (const ev of events) {
    const api = ev.api as Obj | undefined;
    if (!api || api.method !== 'POST' || !/^\/api\/v2\/dags\/[^/]+\/dagRuns$/.test(String(api.path))) continue;
    const body = api.body as Obj | null;
    if (!body || typeof body !== 'object' || Array.isArray(body) || !('logical_date' in body)) continue;
    if (chance(0.3)) body.partition_key = pick(['eu', '2025-06-01', 'batch-7']);
    if (!('run_after' in body) && chance(0.3)) body.run_after = iso(Date.parse(String(ev.at)) + p.int(-30, 90) * MIN);
  }
  const rest = (at: number, dagId: string, body: Obj): Obj => ({ at: iso(at), api: { method: 'POST', path: `/api/v2/dags/${dagId}/dagRuns`, body } });

  // A TriggerDagRunOperator run of a catchup DAG whose task depends on the past: in 3.3 the run is
  // operator_triggered, not manual, so it becomes the "previous" run of the next scheduled one.
  if (chance(0.35)) {
    added.push({
      dag_id: 'x_load', schedule: '@hourly', start_date: iso(onHour(start) - p.int(0, 3) * HOUR), catchup: true,
      max_active_runs: p.int(1, 3),
      tasks: [{ task_id: 't', duration: pick(['PT5M', 'PT10M']), depends_on_past: true, outcome: { fail_if: "{{ dag_run.run_type != 'scheduled' }}" } }],
    });
    const trigger: Obj = { dag_id: 'x_load' };
    if (chance(0.3)) trigger.logical_date = null;
    if (chance(0.2)) trigger.wait_for_completion = true;
    added.push({ dag_id: 'x_kick', schedule: null, start_date: iso(onHour(start) - 24 * HOUR), tasks: [{ task_id: 'kick', operator: 'trigger_dagrun', trigger }] });
    for (let i = 0, n = p.int(1, 2); i < n; i++) events.push({ at: iso(within()), trigger: { dag_id: 'x_kick' } });
  }

  // Auto-pause after consecutive failures, counted by run_after from 3.2 on: runs without a logical
  // date (REST, logical_date null) take their place among the scheduled ones.
  if (chance(0.3)) {
    added.push({
      dag_id: 'x_fragile', schedule: pick(['@hourly', '*/30 * * * *']), start_date: iso(onHour(start)), catchup: false,
      max_consecutive_failed_dag_runs: p.int(1, 3),
      tasks: [{ task_id: 't', duration: 'PT2M', outcome: { fail_if: "{{ 'ok' not in dag_run.conf }}" } }],
    });
    for (let i = 0, n = p.int(1, 3); i < n; i++) {
      const body: Obj = { logical_date: null, conf: chance(0.7) ? { ok: 1 } : {} };
      if (chance(0.3)) body.run_after = iso(within());
      events.push(rest(within(), 'x_fragile', body));
    }
  }

  // xcom_pull(include_prior_dates=True) from another DAG: 3.2 dates the cutoff by a run of the
  // pulled DAG with the puller's run id, so a pull across DAGs usually finds no run and gets the default.
  const python = (t: Obj) => t.operator === undefined || t.operator === 'python';
  const source = dags.find((d) => d.dag_id === 'd0');
  const t0 = (source?.tasks as Obj[] | undefined)?.find((t) => t.task_id === 't0');
  const pullers = dags.filter((d) => d !== source && String(d.dag_id).startsWith('d'));
  // t0 must not feed a mapping over its XCom (its returned list decides the expansion).
  const mapsOverT0 = JSON.stringify(source?.tasks ?? []).includes('"xcom":"t0"');
  if (t0 && python(t0) && !mapsOverT0 && pullers.length && chance(0.35)) {
    if (t0.returns === undefined) t0.returns = '{{ run_id }}';
    const puller = pick(pullers);
    const task = (puller.tasks as Obj[]).find(python);
    if (task && task.returns === undefined && task.expand === undefined) {
      task.returns = pick([
        "{{ ti.xcom_pull(dag_id='d0', task_ids='t0', include_prior_dates=True) }}",
        "{{ ti.xcom_pull(dag_id='d0', task_ids='t0', include_prior_dates=True, default='none') }}",
      ]);
    }
  }

  dags.unshift(...added);
  if (events.length) {
    // Worlds listed in time order stay so (a stable sort keeps same-instant events in file order);
    // a world deliberately out of order gets the new events at its end.
    const at = (e: Obj) => Date.parse(String(e.at));
    const given = (doc.events as Obj[] | undefined) ?? [];
    if (given.every((e, i) => i === 0 || at(given[i - 1]) <= at(e))) events.sort((a, b) => at(a) - at(b));
    doc.events = events;
  }
}
