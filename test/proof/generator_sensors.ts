// Sensors in swarm worlds of Airflow 3 profiles (issue 16 item 2): some plain python tasks become
// `operator: sensor` in poke, reschedule or deferrable mode, with a condition that holds after a
// while, never (so they time out), or on another DAG's task (ExternalTaskSensor), sometimes with
// soft_fail. Drawn from a dice of its own after the rest of the world, so a world without sensors
// is exactly what it was before.
import { Prng } from '../../core/util/prng.js';

type Obj = Record<string, unknown>;

export function sensorDice(seed: number): Prng {
  return new Prng(((seed * 3266489917) >>> 0) ^ 0x5e45);
}

export function addSensors(doc: Obj, p: Prng): void {
  if (!String(doc.airflow).startsWith('3.')) return;
  const chance = (x: number) => p.next() < x;
  const pick = <T>(xs: readonly T[]): T => xs[p.int(0, xs.length - 1)];
  const dags = doc.dags as Obj[];
  for (const dag of dags) {
    const tasks = (dag.tasks as Obj[] | undefined) ?? [];
    for (const t of tasks) {
      const plain = (t.operator ?? 'python') === 'python' && !t.expand && !t.expand_kwargs && !Array.isArray(t.returns) && !t.outlets && !t.trigger && !t.branch && !t.condition;
      if (!plain || !chance(0.12)) continue;
      const mode = pick(['poke', 'reschedule', 'deferrable'] as const);
      const s: Obj = { mode, poke_interval: pick(['PT1M', 'PT5M', 'PT10M']) };
      if (chance(0.6)) s.timeout = pick(['PT10M', 'PT30M', 'PT1H']);
      if (chance(0.2)) s.soft_fail = true;
      const others = dags.filter((d) => d !== dag && ((d.tasks as Obj[] | undefined) ?? []).length > 0);
      if (mode !== 'deferrable' && others.length > 0 && chance(0.25)) {
        const other = pick(others);
        const ext: Obj = { dag_id: other.dag_id, task_id: ((other.tasks as Obj[])[0]).task_id };
        if (chance(0.3)) ext.failed_states = ['failed'];
        s.external = ext;
      } else {
        s.succeeds_at = pick<unknown>([{ after: 'PT0S' }, { after: 'PT5M' }, { after: 'PT20M' }, { after: 'PT2H' }, null]);
      }
      for (const k of ['duration', 'outcome', 'returns', 'templates']) delete t[k];
      t.operator = 'sensor';
      t.sensor = s;
    }
  }
}
