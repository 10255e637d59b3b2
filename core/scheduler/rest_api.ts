// The REST API v2 subset the engine answers (§9.2, §10): core/rest/ routes the request and
// validates bodies exactly as Airflow's FastAPI app does; this file maps each route onto the
// same trigger, backfill and asset paths the other events use, and shapes the answers.
import { type SimState, operatorName } from './state/sim_state.js';
import type { DagRecord, RunRecord, TaskInstanceRecord } from './state/records.js';
import { lastSchedulingDecision } from './state/run_scan.js';
import { triggerDagRun } from './manual_trigger.js';
import { requestIsoformat } from './request_instants.js';
import { createBackfill } from './backfill.js';
import { assetEvents, registerAssetChange } from './assets.js';
import { hasMappedExtras } from './mapped.js';
import { atLeast, type RestProfile } from '../rest/profile.js';
import { routeRequest } from '../rest/router.js';
import { validateTriggerBody } from '../rest/validate_trigger_body.js';
import { validateBackfillBody } from '../rest/validate_backfill_body.js';
import { validateAssetEventBody } from '../rest/validate_asset_event_body.js';
import { paginationParams } from '../rest/query.js';
import { dagResponse, type DagFacts } from '../rest/dag_response.js';

function dagFacts(d: DagRecord): DagFacts {
  return {
    dag_id: d.spec.dag_id, is_paused: d.paused, timetable_summary: d.timetable.summary, timetable_periodic: d.timetable.periodic,
    max_active_runs: d.spec.max_active_runs, max_active_tasks: d.spec.max_active_tasks,
    max_consecutive_failed_dag_runs: d.spec.max_consecutive_failed_dag_runs,
    has_task_concurrency_limits: d.spec.tasks.some((t) => t.max_active_tis_per_dag !== null || t.max_active_tis_per_dagrun !== null),
  };
}

/** Airflow's task instance ids are uuid7 strings (clients validate the format): the row number in that shape. */
function taskInstanceUuid(dbId: number): string {
  return `00000000-0000-7000-8000-${dbId.toString(16).padStart(12, '0')}`;
}
import {
  assetEventCollectionResponse, assetEventResponse, backfillResponse, dagRunCollectionResponse, dagRunResponse,
  dryRunBackfillResponse, taskInstanceCollectionResponse, taskInstanceResponse, versionResponse, type AssetEventRow, type DagRunRow,
} from '../rest/responses.js';
import {
  assetNotFound, backfillAlreadyRunning, badRequest, backfillDagNotFound, backfillInvalid, dagRunNotFound, getDagNotFound,
  listDagRunsDagNotFound, taskInstancesCheckOrder, taskInstancesDagNotFound, taskInstancesRunNotFound, triggerDagNotFound, type RestError,
} from '../rest/errors.js';

export interface ApiResponse {
  status: number;
  body: unknown;
  error?: string;
  run_id?: string;
}

/** Airflow 2 had API v1; its runs are answered with the 3.0 shapes (plus execution_date). */
function restProfile(sim: SimState): RestProfile {
  return sim.profile === '2' ? '3.0' : sim.profile;
}

/** GET /api/v2/version: the installed release each profile reproduces. */
const VERSION: Readonly<Record<RestProfile, string>> = { '3.0': '3.0.6', '3.1': '3.1.8', '3.2': '3.2.2', '3.3': '3.3.2' };

const fromError = (e: RestError): ApiResponse => ({ status: e.status, body: e.body, error: errorText(e.body) });

function errorText(body: unknown): string {
  const detail = (body as { detail?: unknown })?.detail ?? body;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) return detail.map((d) => `${(d.loc ?? []).join('.')}: ${d.msg}`).join('; ');
  if (detail && typeof detail === 'object' && 'reason' in detail) return String((detail as { reason: unknown }).reason);
  return JSON.stringify(detail);
}

export function dagRunRow(run: RunRecord): DagRunRow {
  return {
    dag_id: run.dag.spec.dag_id, run_id: run.run_id, logical_date: run.logical_date, queued_at: run.queued_at,
    start_date: run.start_date, end_date: run.end_date, data_interval_start: run.data_interval?.start ?? null,
    data_interval_end: run.data_interval?.end ?? null, run_after: run.run_after, last_scheduling_decision: lastSchedulingDecision(run),
    run_type: run.run_type, state: run.state, triggered_by: run.triggered_by, conf: run.conf,
    partition_key: run.partition_key ?? null, partition_date: null,
  };
}

function tiRow(ti: TaskInstanceRecord) {
  return {
    id: taskInstanceUuid(ti.dbId), task_id: ti.task.task_id, dag_id: ti.run.dag.spec.dag_id, run_id: ti.run.run_id, map_index: ti.map_index,
    logical_date: ti.run.logical_date, run_after: ti.run.run_after, start_date: ti.start_date, end_date: ti.end_date,
    state: ti.state, try_number: ti.try_number, max_tries: ti.max_tries, pool: ti.task.pool, pool_slots: ti.task.pool_slots,
    priority_weight: ti.run.dag.priority[ti.index], operator: operatorName(ti.task), operator_name: operatorName(ti.task),
    rendered_fields: ti.rendered, queue: 'default',
  };
}

/** The runs each asset event made (Airflow's dagrun_asset_event association), in creation order. */
function createdRuns(sim: SimState): Map<number, RunRecord[]> {
  const by = new Map<number, RunRecord[]>();
  for (const run of [...sim.runsInOrder].sort((a, b) => a.id - b.id)) {
    for (const id of run.consumed_event_ids) {
      const l = by.get(id);
      if (l) l.push(run); else by.set(id, [run]);
    }
  }
  return by;
}

/** One event's row (given the record: looking each one up by id made a listing quadratic in events). */
function assetEventRow(sim: SimState, e: ReturnType<typeof assetEvents>[number], created: Map<number, RunRecord[]>): AssetEventRow {
  const spec = sim.scenario.assets.find((a) => a.name === e.asset)!;
  return {
    id: e.id, asset_id: sim.assetIds.get(e.asset)!, uri: spec.uri, name: spec.name, group: 'asset', extra: e.extra,
    source_task_id: e.source_task_id, source_dag_id: e.source_dag_id, source_run_id: e.source_run_id, source_map_index: -1,
    created_dagruns: (created.get(e.id) ?? []).map((r) => ({
      run_id: r.run_id, dag_id: r.dag.spec.dag_id, logical_date: r.logical_date, start_date: r.start_date, end_date: r.end_date, state: r.state,
      data_interval_start: r.data_interval?.start ?? null, data_interval_end: r.data_interval?.end ?? null,
      partition_key: r.partition_key ?? null, triggering: e.id === Math.max(...r.consumed_event_ids),
    })),
    timestamp: e.timestamp,
  };
}

export function handleApiRequest(sim: SimState, method: string, target: string, body: unknown): ApiResponse {
  const profile = restProfile(sim);
  const routed = routeRequest(profile, method, target);
  if (routed.kind === 'response') return { status: routed.status, body: routed.body, error: routed.status >= 400 ? errorText(routed.body) : undefined };
  if (routed.kind === 'unsupported') {
    const detail = `Windtunnel does not simulate ${routed.method} ${routed.template}`;
    return { status: 501, body: { detail }, error: detail };
  }
  const p = routed.params;
  const page = () => paginationParams(routed.query, profile);
  switch (routed.route) {
    case 'get_version':
      return { status: 200, body: versionResponse(VERSION[profile]) };
    case 'list_dags': {
      const dags = sim.dagOrder.map((d) => dagResponse(profile, dagFacts(d)));
      return { status: 200, body: { dags, total_entries: dags.length } };
    }
    case 'get_dag': {
      const d = sim.dags.get(p.dag_id);
      if (!d) return fromError(getDagNotFound(profile, p.dag_id));
      return { status: 200, body: dagResponse(profile, dagFacts(d)) };
    }
    case 'list_dag_runs': {
      const runs = p.dag_id === '~' ? sim.runsInOrder : sim.dags.get(p.dag_id)?.runs;
      if (!runs) return fromError(listDagRunsDagNotFound(profile, p.dag_id));
      const pg = page();
      if (!pg.ok) return { status: 422, body: { detail: pg.errors }, error: errorText({ detail: pg.errors }) };
      return { status: 200, body: dagRunCollectionResponse(profile, runs.slice(pg.value.offset, pg.value.offset + pg.value.limit).map(dagRunRow), runs.length) };
    }
    case 'get_dag_run': {
      const run = sim.dags.get(p.dag_id)?.runs.find((r) => r.run_id === p.dag_run_id);
      return run ? { status: 200, body: dagRunResponse(profile, dagRunRow(run)) } : fromError(dagRunNotFound(p.dag_id, p.dag_run_id));
    }
    case 'list_task_instances': {
      // "~" for dag_id or dag_run_id means every DAG or every run. The run is looked up by run_id
      // alone; 3.0 checks the DAG first, 3.1 the run first (and then the DAG of that run).
      const dag = sim.dags.get(p.dag_id);
      let matching: RunRecord[] | null = null;
      for (const check of taskInstancesCheckOrder(profile)) {
        if (check === 'run' && p.dag_run_id !== '~') {
          matching = sim.runsInOrder.filter((r) => r.run_id === p.dag_run_id);
          if (matching.length === 0) return fromError(taskInstancesRunNotFound(p.dag_run_id));
        }
        const dagOfRun = atLeast(profile, '3.1') && matching !== null && matching.length > 0;
        if (check === 'dag' && p.dag_id !== '~' && !dag && !dagOfRun) return fromError(taskInstancesDagNotFound(profile, p.dag_id));
      }
      // Airflow orders by map_index, then by the task instance's id: a uuid7, so creation order.
      const runs = (matching ?? [...sim.runsInOrder].sort((a, b) => a.id - b.id)).filter((r) => p.dag_id === '~' || r.dag.spec.dag_id === p.dag_id);
      const pg = page();
      if (!pg.ok) return { status: 422, body: { detail: pg.errors }, error: errorText({ detail: pg.errors }) };
      const all = runs.flatMap((r) => r.tis.filter((t): t is TaskInstanceRecord => Boolean(t)));
      if (runs.some(hasMappedExtras)) all.sort((a, b) => a.map_index - b.map_index || a.dbId - b.dbId);
      const tis = all.slice(pg.value.offset, pg.value.offset + pg.value.limit).map(tiRow);
      return { status: 200, body: taskInstanceCollectionResponse(profile, tis, all.length) };
    }
    case 'trigger_dag_run': {
      // FastAPI validates the body before the route looks the Dag up: a bad body to a missing Dag is
      // 422, not 404 (real 3.1.8 and 3.3.2 in the oracle). Airflow 2's connexion route looks first.
      const missing = !sim.dags.has(p.dag_id);
      if (missing && sim.profile === '2') return fromError(triggerDagNotFound(p.dag_id, profile));
      const v = validateTriggerBody(body, profile, sim.now);
      if (!v.ok) return { status: v.status, body: v.body, error: errorText(v.body) };
      if (missing) return fromError(triggerDagNotFound(p.dag_id, profile));
      const b = v.body;
      // 3.3 validates the key against the timetable (A3.3/serialization/definitions/dag.py:544-563):
      // no scenario DAG is partitioned, so any key is DagNotPartitionedError, a ValueError -> 400.
      if (atLeast(profile, '3.3') && b.partition_key !== null) {
        return fromError(badRequest(`Dag '${p.dag_id}' is not a partitioned Dag and does not accept a partition_key.`));
      }
      const out = triggerDagRun(sim, {
        dag_id: p.dag_id, path: 'rest_api', logical_date: b.logical_date, run_id: b.dag_run_id, conf: b.conf,
        // Without a run_after in the body it is the request time, k µs after the instant for the k-th request.
        run_after: b.run_after, run_after_text: b.run_after_from_body ? b.run_after_isoformat : requestIsoformat(sim, sim.now), partition_key: b.partition_key,
        data_interval: b.data_interval_start !== null && b.data_interval_end !== null ? { start: b.data_interval_start, end: b.data_interval_end } : null,
      });
      if (!out.ok) return out.rest ? fromError(out.rest) : { status: out.status ?? 400, body: { detail: out.error }, error: out.error };
      return { status: 200, body: { ...dagRunResponse(profile, dagRunRow(out.run)), note: b.note }, run_id: out.run.run_id };
    }
    case 'create_backfill':
    case 'create_backfill_dry_run': {
      const v = validateBackfillBody(body, profile);
      if (!v.ok) return { status: v.status, body: v.body, error: errorText(v.body) };
      const b = v.body;
      const dry = routed.route === 'create_backfill_dry_run';
      const out = createBackfill(sim, { dag_id: b.dag_id, from_date: b.from_date, to_date: b.to_date, run_backwards: b.run_backwards, dag_run_conf: b.dag_run_conf, reprocess_behavior: b.reprocess_behavior, max_active_runs: b.max_active_runs }, dry);
      if (!out.ok) {
        if (out.status === 404) return fromError(backfillDagNotFound(b.dag_id));
        if (out.status === 409) return fromError(backfillAlreadyRunning(b.dag_id));
        return fromError(backfillInvalid(out.error));
      }
      if (dry) return { status: 200, body: dryRunBackfillResponse(out.infos.filter((i) => i.action !== 'skip').map((i) => i.info.logical_date)) };
      const bf = out.backfill!;
      return { status: 200, body: backfillResponse(profile, { id: bf.id, dag_id: b.dag_id, from_date: b.from_date, to_date: b.to_date, dag_run_conf: b.dag_run_conf, is_paused: bf.is_paused, reprocess_behavior: b.reprocess_behavior, max_active_runs: bf.max_active_runs, created_at: sim.now, completed_at: bf.completed_at, updated_at: sim.now }) };
    }
    case 'create_asset_event': {
      const v = validateAssetEventBody(body);
      if (!v.ok) return { status: v.status, body: v.body, error: errorText(v.body) };
      const name = [...sim.assetIds.entries()].find(([, id]) => id === v.body.asset_id)?.[0];
      if (!name) return fromError(assetNotFound(v.body.asset_id));
      const ev = registerAssetChange(sim, name, v.body.extra);
      // Just made: no run has consumed it yet.
      return { status: 200, body: assetEventResponse(assetEventRow(sim, ev!, new Map()), profile) };
    }
    case 'list_asset_events': {
      const created = createdRuns(sim);
      const rows = assetEvents(sim).map((e) => assetEventRow(sim, e, created));
      const pg = page();
      if (!pg.ok) return { status: 422, body: { detail: pg.errors }, error: errorText({ detail: pg.errors }) };
      return { status: 200, body: assetEventCollectionResponse(rows.slice(pg.value.offset, pg.value.offset + pg.value.limit), rows.length, profile) };
    }
  }
}
