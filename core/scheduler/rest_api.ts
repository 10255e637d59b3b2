// The REST API v2 subset the engine answers (§9.2, §10): routes map onto the same trigger,
// backfill and asset paths the other events use; bodies are validated like Airflow's pydantic
// models, with its status codes and response shapes.
import type { Simulation } from './simulation.js';
import { triggerDagRun } from './manual_trigger.js';
import { createBackfill } from './backfill.js';
import { registerAssetChange } from './assets.js';
import { dagRunResponse, taskInstanceResponse, backfillResponse, dagResponse } from './rest_shapes.js';
import { validateTriggerBody, validateBackfillBody, validateAssetEventBody } from './rest_validation.js';

export interface ApiResponse {
  status: number;
  body: unknown;
  error?: string;
  run_id?: string;
}

const notFound = (detail: string): ApiResponse => ({ status: 404, body: { detail }, error: detail });

export function handleApiRequest(sim: Simulation, method: string, rawPath: string, body: unknown): ApiResponse {
  const [path, query = ''] = rawPath.split('?');
  const params = new Map(query.split('&').filter(Boolean).map((kv) => kv.split('=').map(decodeURIComponent) as [string, string]));
  const seg = path.replace(/\/+$/, '').split('/').slice(1).map(decodeURIComponent);
  const M = method.toUpperCase();
  if (seg[0] !== 'api' || seg[1] !== 'v2') return notFound('Not Found');
  const r = seg.slice(2);

  if (r[0] === 'version' && r.length === 1) return M === 'GET' ? { status: 200, body: { version: sim.profile === '3.0' ? '3.0.6' : '3.1.3', git_version: null } } : methodNotAllowed();
  if (r[0] === 'dags' && r.length === 1) {
    if (M !== 'GET') return methodNotAllowed();
    const dags = sim.dagOrder.map((d) => dagResponse(sim, d));
    return { status: 200, body: { dags, total_entries: dags.length } };
  }
  if (r[0] === 'dags' && r.length === 2) {
    if (M !== 'GET') return methodNotAllowed();
    const dag = sim.dags.get(r[1]);
    return dag ? { status: 200, body: dagResponse(sim, dag) } : notFound(`Dag with id ${r[1]} was not found`);
  }
  if (r[0] === 'dags' && r[2] === 'dagRuns') {
    const dag = sim.dags.get(r[1]);
    if (r.length === 3 && M === 'POST') {
      if (!dag) return notFound(`DAG with dag_id: '${r[1]}' not found`);
      const v = validateTriggerBody(body, sim.profile);
      if (!v.ok) return { status: 422, body: { detail: v.detail }, error: v.message };
      const out = triggerDagRun(sim, { dag_id: r[1], path: 'rest_api', logical_date: v.body.logical_date, run_id: v.body.dag_run_id, conf: v.body.conf ?? {}, run_after: v.body.run_after, data_interval: v.body.data_interval });
      if (!out.ok) return { status: out.status ?? 400, body: out.detail ?? { detail: out.error }, error: out.error };
      return { status: 200, body: dagRunResponse(sim, out.run, v.body.note), run_id: out.run.run_id };
    }
    if (r.length === 3 && M === 'GET') {
      const runs = r[1] === '~' ? sim.runsInOrder : dag?.runs;
      if (!runs) return notFound(`The DAG with dag_id: \`${r[1]}\` was not found`);
      const limit = Number(params.get('limit') ?? 50);
      const offset = Number(params.get('offset') ?? 0);
      const all = runs.map((run) => dagRunResponse(sim, run, null));
      return { status: 200, body: { dag_runs: all.slice(offset, offset + limit), total_entries: all.length } };
    }
    if (r.length >= 4) {
      const run = dag?.runs.find((x) => x.run_id === r[3]);
      if (!run) return notFound(`The DagRun with dag_id: \`${r[1]}\` and run_id: \`${r[3]}\` was not found`);
      if (M !== 'GET') return methodNotAllowed();
      if (r.length === 4) return { status: 200, body: dagRunResponse(sim, run, null) };
      if (r.length === 5 && r[4] === 'taskInstances') {
        const tis = run.tis.filter(Boolean).map((ti) => taskInstanceResponse(sim, ti!));
        return { status: 200, body: { task_instances: tis, total_entries: tis.length } };
      }
    }
    return M === 'POST' || M === 'GET' ? notFound('Not Found') : methodNotAllowed();
  }
  if (r[0] === 'backfills' && (r.length === 1 || (r.length === 2 && r[1] === 'dry_run'))) {
    if (M !== 'POST') return methodNotAllowed();
    const v = validateBackfillBody(body);
    if (!v.ok) return { status: 422, body: { detail: v.detail }, error: v.message };
    const dry = r.length === 2;
    const out = createBackfill(sim, v.body, dry);
    if (!out.ok) return { status: out.status, body: { detail: out.error }, error: out.error };
    if (dry) {
      const backfills = out.infos.filter((i) => i.action !== 'skip').map((i) => ({ logical_date: new Date(i.info.logical_date).toISOString().replace('.000Z', 'Z') }));
      return { status: 200, body: { backfills, total_entries: backfills.length } };
    }
    return { status: 200, body: backfillResponse(sim, out.backfill!, v.body) };
  }
  if (r[0] === 'assets' && r[1] === 'events' && r.length === 2) {
    if (M !== 'POST') return methodNotAllowed();
    const v = validateAssetEventBody(body, sim);
    if (!v.ok) return { status: v.status, body: { detail: v.detail }, error: v.message };
    const ev = registerAssetChange(sim, v.asset, v.extra);
    if (!ev) return notFound(`Asset with ID: \`${v.asset_id}\` was not found`);
    return { status: 200, body: { id: ev.id, asset_id: v.asset_id, extra: ev.extra, source_task_id: null, source_dag_id: null, source_run_id: null, source_map_index: -1, created_dagruns: [], timestamp: new Date(ev.timestamp).toISOString().replace('.000Z', 'Z') } };
  }
  return notFound('Not Found');
}

function methodNotAllowed(): ApiResponse {
  return { status: 405, body: { detail: 'Method Not Allowed' }, error: 'Method Not Allowed' };
}
