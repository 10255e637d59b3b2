// Oracle-sized swarm worlds: a generated world (generator.ts) cut down so that real Airflow replays it
// in seconds, not minutes. Real Airflow pays a few database round trips per scheduler pass and a few
// passes per instant, so its cost follows the number of instants and rows: a short clock, few DAGs,
// few tasks and few events. Every feature the world drew stays (ad-hoc runs, REST, assets and watchers,
// backfills, depends_on_past, xcom_pull of prior runs, mapping, catchup, clears and marks); only counts
// and spans shrink. Pure and seeded: the same seed gives the same world, on its own dice, so the
// full-size generator's worlds are unchanged.
import { stringify } from 'yaml';
import { Prng } from '../../core/util/prng.js';
import { generateScenario, type Generated, type GenOptions } from './generator.js';

type Obj = Record<string, unknown>;

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The limits of an oracle-sized world. */
export const ORACLE_SIZE = { maxHours: 6, maxDags: 2, maxTasks: 3, maxEvents: 6, catchupHours: 6, backfillHours: 6 } as const;

export function generateOracleScenario(seed: number, opts: GenOptions = {}): Generated {
  const doc = structuredClone(generateScenario(seed, opts).doc) as Obj;
  shrink(doc, new Prng((seed * 40503) >>> 0 ^ 0x0a11ce));
  return { seed, yaml: stringify(doc, { lineWidth: 0 }), doc };
}

function shrink(doc: Obj, p: Prng): void {
  const clock = doc.clock as { start: string; end: string };
  const start = Date.parse(clock.start);
  const hours = [2, 3, 4, 6][p.int(0, 3)];
  const end = Math.min(Date.parse(clock.end), start + Math.min(hours, ORACLE_SIZE.maxHours) * HOUR);
  clock.end = iso(end);

  const dags = (doc.dags as Obj[]).slice(0, ORACLE_SIZE.maxDags);
  doc.dags = dags;
  for (const dag of dags) {
    const tasks = (dag.tasks as Obj[]).slice(0, ORACLE_SIZE.maxTasks);
    const kept = new Set(tasks.map((t) => t.task_id as string));
    for (const t of tasks) {
      if (Array.isArray(t.upstream)) {
        const up = (t.upstream as string[]).filter((u) => kept.has(u));
        if (up.length) t.upstream = up;
        else delete t.upstream;
      }
    }
    dag.tasks = tasks;
    // Catchup over at most a few hours before the clock starts (each caught-up run is replayed).
    const earliest = start - ORACLE_SIZE.catchupHours * HOUR;
    if (typeof dag.start_date === 'string' && Date.parse(dag.start_date) < earliest) dag.start_date = iso(Math.floor(earliest / HOUR) * HOUR);
  }

  const events = ((doc.events as Obj[] | undefined) ?? []).filter((e) => Date.parse(e.at as string) <= end).slice(0, ORACLE_SIZE.maxEvents);
  for (const e of events) {
    const bf = (e.backfill ?? (e.api as Obj | undefined)?.body) as Obj | undefined;
    if (bf && typeof bf.from_date === 'string' && typeof bf.to_date === 'string') {
      const to = Date.parse(bf.to_date);
      if (to - Date.parse(bf.from_date) > ORACLE_SIZE.backfillHours * HOUR) bf.from_date = iso(to - ORACLE_SIZE.backfillHours * HOUR);
    }
  }
  if (events.length) doc.events = events;
  else delete doc.events;
  doc.description = `${String(doc.description ?? '').trim()} Oracle-sized (test/proof/generator_oracle.ts).`;
}
