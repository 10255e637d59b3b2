// External events from the scenario (triggers, REST calls, queue messages, asset events,
// backfills, pauses, clears, marks), applied in file order before the scheduler acts at their
// instant. Every event yields exactly one result: a run, or a recorded refusal; never a crash.
import type { ScenarioEvent } from '../model/scenario.js';
import type { EventResultOut } from '../model/output.js';
import { formatInstant } from '../time/instant.js';
import type { SimState } from './state/sim_state.js';
import { triggerDagRun } from './manual_trigger.js';
import { registerAssetChange } from './assets.js';
import { createBackfill } from './backfill.js';
import { clearTaskInstances, markRun, markTaskInstance } from './clear_mark.js';
import { tisToMark } from './mark_mapped.js';
import { handleApiRequest } from './rest_api.js';
import { atLeast } from '../model/profile_order.js';
import { withRequestStamp } from './request_instants.js';

export type EventResult = EventResultOut;

export function applyExternalEvent(sim: SimState, ev: ScenarioEvent, index: number): EventResult {
  return withRequestStamp(sim, ev.at, () => applyStamped(sim, ev, index));
}

function applyStamped(sim: SimState, ev: ScenarioEvent, index: number): EventResult {
  const base = { index, at: formatInstant(ev.at), kind: ev.kind };
  const ok = (run_id: string | null = null, status: number | null = null, response?: unknown): EventResult =>
    ({ ...base, ok: true, status, error: null, run_id, ...(response !== undefined ? { response } : {}) });
  const refused = (error: string, status: number | null = null, response?: unknown): EventResult => {
    sim.note('event.refused', `${ev.kind} event #${index} refused: ${error}`);
    return { ...base, ok: false, status, error, run_id: null, ...(response !== undefined ? { response } : {}) };
  };
  try {
    switch (ev.kind) {
      case 'trigger': {
        const t = ev.trigger;
        const path = t.via === 'api' ? 'rest_api' : t.via;
        const r = triggerDagRun(sim, { dag_id: t.dag_id, path, logical_date: t.logical_date, run_id: t.run_id, conf: t.conf });
        const httpish = path === 'rest_api' || path === 'ui';
        return r.ok ? ok(r.run.run_id, httpish ? 200 : null) : refused(r.error, r.status);
      }
      case 'api': {
        const res = handleApiRequest(sim, ev.api.method, ev.api.path, ev.api.body);
        return res.status < 300 ? ok(res.run_id ?? null, res.status, res.body) : refused(res.error ?? `HTTP ${res.status}`, res.status, res.body);
      }
      case 'message': {
        const watching = sim.scenario.assets.filter((a) => a.watchers.some((w) => w.queue === ev.message.queue));
        if (watching.length === 0) return refused(`no AssetWatcher listens on queue ${ev.message.queue}`);
        for (const a of watching) {
          // AssetWatcher triggers run in the triggerer, as deferred tasks' triggers do (triggerer.ts).
          sim.note('watcher.message', `the triggerer runs AssetWatcher ${a.watchers.find((w) => w.queue === ev.message.queue)!.name}'s trigger: a message on ${ev.message.queue} → asset event on ${a.name}`);
          registerAssetChange(sim, a.name, { from_trigger: true, payload: ev.message.payload });
        }
        return ok();
      }
      case 'asset_event': {
        const e = registerAssetChange(sim, ev.asset_event.asset, ev.asset_event.extra);
        return e ? ok() : refused(`Asset with name ${ev.asset_event.asset} not found`, 404);
      }
      case 'backfill': {
        const r = createBackfill(sim, ev.backfill, false);
        return r.ok ? ok(null, 200) : refused(r.error, r.status);
      }
      case 'pause':
      case 'unpause': {
        const dag = sim.dags.get(ev.dag_id);
        // The PATCH dags route's 404 (A3.x/.../routes/public/dags.py patch_dag; A2/api_connexion/
        // endpoints/dag_endpoint.py:159): the oracle replays a pause through it (2.11.2, 3.1.8, 3.3.2).
        if (!dag) return refused(sim.profile === '2' ? `Dag with id: '${ev.dag_id}' not found` : `Dag with id: ${ev.dag_id} was not found`, 404);
        dag.paused = ev.kind === 'pause';
        sim.pauseChanged(dag);
        sim.db.run('UPDATE dag SET is_paused = ? WHERE dag_id = ?', [dag.paused ? 1 : 0, dag.spec.dag_id]);
        sim.note(`dag.${ev.kind}d`, dag.paused ? 'paused: no new runs, running runs are not examined' : 'unpaused: scheduling resumes from now', { dag });
        return ok();
      }
      case 'clear': {
        const c = ev.clear;
        const clearDag = sim.dags.get(c.dag_id);
        const run = clearDag?.runs.find((r) => r.run_id === c.run_id);
        // POST clearTaskInstances with a dag_run_id the Dag lacks (A2 task_instance_endpoint.py:491;
        // A3.0-A3.3 routes/public/task_instances.py clear_task_instances; 3.3.2 in the oracle).
        if (!run && clearDag) return refused(`Dag Run id ${c.run_id} not found in dag ${c.dag_id}`, 404);
        if (!run) return refused(`The DagRun with dag_id: \`${c.dag_id}\` and run_id: \`${c.run_id}\` was not found`, 404);
        const r = clearTaskInstances(sim, run, c, `clear event #${index}`);
        return r.ok ? ok(run.run_id) : refused(r.error, r.status);
      }
      case 'mark': {
        const m = ev.mark;
        const dag = sim.dags.get(m.dag_id);
        const run = dag?.runs.find((r) => r.run_id === m.run_id);
        // A task mark is PATCH .../taskInstances/{task_id}: the DAG must have the task, then the TI
        // is looked up (A3.0/.../routes/public/task_instances.py:736-759, A3.1/.../services/public/task_instances.py:59-79).
        // Airflow 2 keeps Windtunnel's earlier wording (not checked against 2.11).
        if (dag && m.task_id !== null && sim.profile !== '2') {
          if (!dag.taskIndex.has(m.task_id)) return refused(`Task '${m.task_id}' not found in ${atLeast(sim.profile, '3.2') ? 'Dag' : 'DAG'} '${m.dag_id}'`, 404);
          if (!run) {
            return refused(atLeast(sim.profile, '3.1')
              ? `The Task Instance with dag_id: \`${m.dag_id}\`, run_id: \`${m.run_id}\`, task_id: \`${m.task_id}\` and map_index: \`None\` was not found`
              : `Task Instance not found for dag_id=${m.dag_id}, run_id=${m.run_id}, task_id=${m.task_id}`, 404);
          }
        }
        if (!run) return refused(`The DagRun with dag_id: \`${m.dag_id}\` and run_id: \`${m.run_id}\` was not found`, 404);
        if (m.task_id === null) {
          markRun(sim, run, m.state as 'success' | 'failed' | 'queued', `marked ${m.state} by event #${index}`);
          return ok(run.run_id);
        }
        const ti = run.tis[run.dag.taskIndex.get(m.task_id) ?? -1];
        if (!ti) return refused(`Task instance ${m.task_id} not found in run ${m.run_id}`, 404);
        // A mapped task: every index, or the one named (mark_mapped.ts).
        const tis = ti.task.expand ? tisToMark(sim.profile, run, m.task_id, m.map_index) : [ti];
        if (!Array.isArray(tis)) return refused(tis.error, tis.status);
        for (const t of tis) markTaskInstance(sim, t, m.state, `marked ${m.state} by event #${index}`);
        return ok(run.run_id);
      }
    }
  } catch (err) {
    // A bug must not lose the event: record it as refused and go on.
    return refused(`internal error: ${err instanceof Error ? err.message : String(err)}`, 500);
  }
}
