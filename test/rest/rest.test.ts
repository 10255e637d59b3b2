import { describe, expect, it } from 'vitest';
import { validateTriggerBody, DATA_INTERVAL_BOTH_OR_NEITHER } from '../../core/rest/validate_trigger_body.js';
import { validateBackfillBody } from '../../core/rest/validate_backfill_body.js';
import { validateAssetEventBody } from '../../core/rest/validate_asset_event_body.js';
import { routeRequest } from '../../core/rest/router.js';
import { paginationParams, parseQueryString } from '../../core/rest/query.js';
import {
  dagRunResponse, dagRunCollectionResponse, taskInstanceResponse, backfillResponse, dryRunBackfillResponse,
  assetEventResponse, versionResponse, type DagRunRow,
} from '../../core/rest/responses.js';
import {
  triggerDagNotFound, triggerDagImportErrors, dagRunNotFound, uniqueConstraintViolation, uniqueOrigError,
  dagRunInsertStatement, backfillInvalid, BACKFILL_MESSAGES, listDagRunsDagNotFound, assetNotFound, orderByDisallowed,
} from '../../core/rest/errors.js';

const NOW = Date.UTC(2025, 4, 1, 12, 0, 0, 500);
const LD = '2025-01-01T00:00:00+00:00';

describe('semantics §12 item 38: TestTriggerDagRun.test_invalid_data', () => {
  const cases: [Record<string, unknown>, unknown][] = [
    [{ executiondate: '2020-11-10T08:25:56Z' }, { input: '2020-11-10T08:25:56Z', loc: ['body', 'executiondate'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' }],
    [{ data_interval_start: '2020-11-10T08:25:56' }, { input: '2020-11-10T08:25:56', loc: ['body', 'data_interval_start'], msg: 'Input should have timezone info', type: 'timezone_aware' }],
    [{ data_interval_end: '2020-11-10T08:25:56' }, { input: '2020-11-10T08:25:56', loc: ['body', 'data_interval_end'], msg: 'Input should have timezone info', type: 'timezone_aware' }],
    [{ dag_run_id: 20 }, { input: 20, loc: ['body', 'dag_run_id'], msg: 'Input should be a valid string', type: 'string_type' }],
    [{ note: 20 }, { input: 20, loc: ['body', 'note'], msg: 'Input should be a valid string', type: 'string_type' }],
    [{ conf: 20 }, { input: 20, loc: ['body', 'conf'], msg: 'Input should be a valid dictionary', type: 'dict_type' }],
  ];
  for (const profile of ['3.0', '3.1'] as const) {
    for (const [body, expected] of cases) {
      it(`${profile} ${JSON.stringify(body)}`, () => {
        const r = validateTriggerBody({ ...body, logical_date: LD }, profile, NOW);
        expect(r).toMatchObject({ ok: false, status: 422 });
        if (r.ok) return;
        expect(r.body).toEqual({ detail: [expected] });
      });
    }
    it(`${profile} empty payload -> missing body`, () => {
      const r = validateTriggerBody(undefined, profile, NOW);
      expect(r.ok === false && r.body).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
    });
  }
  it('reports every field error at once, fields first then extra keys', () => {
    const r = validateTriggerBody({ zzz: 1, dag_run_id: 5, conf: 'x' }, '3.0', NOW);
    expect(r.ok === false && r.detail?.map((e) => [e.type, e.loc.join('.')])).toEqual([
      ['string_type', 'body.dag_run_id'], ['missing', 'body.logical_date'], ['dict_type', 'body.conf'], ['extra_forbidden', 'body.zzz'],
    ]);
  });
  it('data interval both-or-neither is a model-level value_error', () => {
    const body = { logical_date: null, data_interval_end: '2025-01-01T00:00:00Z' };
    const r = validateTriggerBody(body, '3.1', NOW);
    expect(r.ok === false && r.body).toEqual({
      detail: [{ type: 'value_error', loc: ['body'], msg: `Value error, ${DATA_INTERVAL_BOTH_OR_NEITHER}`, input: body, ctx: { error: {} } }],
    });
  });
  it('conf null: 422 in 3.0, accepted in 3.1', () => {
    expect(validateTriggerBody({ logical_date: null, conf: null }, '3.0', NOW).ok).toBe(false);
    const r = validateTriggerBody({ logical_date: null, conf: null }, '3.1', NOW);
    expect(r.ok && r.body.conf).toEqual({});
  });
});

describe('semantics §12 item 37: a valid trigger body', () => {
  it('defaults run_after to the request time and keeps logical_date', () => {
    const r = validateTriggerBody({ logical_date: '2025-05-01T12:00:00.500000+00:00' }, '3.0', NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.body).toEqual({
      dag_run_id: null, data_interval_start: null, data_interval_end: null, logical_date: NOW, run_after: NOW,
      run_after_from_body: false, run_after_naive: false, run_after_isoformat: '2025-05-01T12:00:00.500000+00:00', conf: {}, note: null, partition_key: null,
    });
  });
  it('accepts unix timestamps and offsets; run_after may be naive', () => {
    const r = validateTriggerBody({ logical_date: 1735689600, run_after: '2025-01-02T03:00:00', dag_run_id: '' }, '3.1', NOW);
    expect(r.ok && [r.body.logical_date, r.body.run_after_naive, r.body.dag_run_id, r.body.run_after_isoformat]).toEqual([
      Date.UTC(2025, 0, 1), true, null, '2025-01-02T03:00:00',
    ]);
  });
  it('3.0: explicit null run_after without a run id crashes the run-id validator (500)', () => {
    expect(validateTriggerBody({ logical_date: null, run_after: null }, '3.0', NOW)).toMatchObject({ ok: false, status: 500, body: 'Internal Server Error' });
    expect(validateTriggerBody({ logical_date: null, run_after: null, dag_run_id: 'r' }, '3.0', NOW).ok).toBe(true);
  });
});

describe('backfill and asset-event bodies', () => {
  it('backfill defaults', () => {
    const r = validateBackfillBody({ dag_id: 'd', from_date: '2025-01-01', to_date: '2025-01-05T00:00:00Z' }, '3.0');
    expect(r.ok && [r.body.max_active_runs, r.body.reprocess_behavior, r.body.run_backwards, r.body.dag_run_conf, r.body.from_date_naive, r.body.to_date_naive, r.body.run_on_latest_version])
      .toEqual([10, 'none', false, {}, true, false, null]);
    const r31 = validateBackfillBody({ dag_id: 'd', from_date: '2025-01-01', to_date: '2025-01-05' }, '3.1');
    expect(r31.ok && r31.body.run_on_latest_version).toBe(true);
  });
  it('reprocess_behavior enum error', () => {
    const r = validateBackfillBody({ dag_id: 'd', from_date: '2025-01-01', to_date: '2025-01-05', reprocess_behavior: 'all' }, '3.1');
    expect(r.ok === false && r.detail).toEqual([{
      type: 'enum', loc: ['body', 'reprocess_behavior'], msg: "Input should be 'failed', 'completed' or 'none'", input: 'all',
      ctx: { expected: "'failed', 'completed' or 'none'" },
    }]);
  });
  it('asset events take asset_id (int) and extra; a given extra gains from_rest_api', () => {
    expect(validateAssetEventBody({ asset_id: 3 })).toEqual({ ok: true, body: { asset_id: 3, extra: {} } });
    expect(validateAssetEventBody({ asset_id: '3', extra: { a: 1 } })).toEqual({ ok: true, body: { asset_id: 3, extra: { a: 1, from_rest_api: true } } });
    const r = validateAssetEventBody({ uri: 's3://x' });
    expect(r.ok === false && r.detail.map((e) => e.type)).toEqual(['missing', 'extra_forbidden']);
  });
});

describe('router', () => {
  it('matches the simulated routes', () => {
    const cases: [string, string, string, Record<string, string>][] = [
      ['POST', '/api/v2/dags/d1/dagRuns', 'trigger_dag_run', { dag_id: 'd1' }],
      ['GET', '/api/v2/dags/d1/dagRuns?limit=5', 'list_dag_runs', { dag_id: 'd1' }],
      ['GET', '/api/v2/dags/~/dagRuns', 'list_dag_runs', { dag_id: '~' }],
      ['GET', '/api/v2/dags/d1/dagRuns/manual__2025-01-01T00:00:00%2B00:00', 'get_dag_run', { dag_id: 'd1', dag_run_id: 'manual__2025-01-01T00:00:00+00:00' }],
      ['GET', '/api/v2/dags/d1/dagRuns/r1/taskInstances', 'list_task_instances', { dag_id: 'd1', dag_run_id: 'r1' }],
      ['GET', '/api/v2/dags', 'list_dags', {}],
      ['GET', '/api/v2/dags/d1', 'get_dag', { dag_id: 'd1' }],
      ['POST', '/api/v2/backfills', 'create_backfill', {}],
      ['POST', '/api/v2/backfills/dry_run', 'create_backfill_dry_run', {}],
      ['POST', '/api/v2/assets/events', 'create_asset_event', {}],
      ['GET', '/api/v2/assets/events', 'list_asset_events', {}],
      ['GET', '/api/v2/version', 'get_version', {}],
      ['post', '/api/v2/dags/d1/dagRuns', 'trigger_dag_run', { dag_id: 'd1' }],
    ];
    for (const profile of ['3.0', '3.1'] as const) {
      for (const [m, p, route, params] of cases) {
        const r = routeRequest(profile, m, p);
        expect(r.kind === 'route' && [r.route, r.params]).toEqual([route, params]);
      }
    }
  });
  it('keeps a literal + in the path and decodes the query', () => {
    const r = routeRequest('3.1', 'GET', '/api/v2/dags/d/dagRuns/a+b?order_by=-run_after&order_by=id&x=a+b%20c');
    expect(r.kind === 'route' && [r.params.dag_run_id, r.query.get('order_by'), r.query.get('x')]).toEqual(['a+b', ['-run_after', 'id'], ['a b c']]);
  });
  it('405 for a known path with the wrong method, and for any non-GET path nothing serves', () => {
    expect(routeRequest('3.0', 'DELETE', '/api/v2/version')).toEqual({ kind: 'response', status: 405, body: { detail: 'Method Not Allowed' }, headers: { allow: 'GET' } });
    expect(routeRequest('3.0', 'POST', '/api/v2/nope')).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } });
    expect(routeRequest('3.0', 'POST', '/api/v2/dags/d/dagRuns/')).toMatchObject({ status: 405 });
  });
  it('GET catch-alls: /api/... 404 {"error"}, /api/v1 removed, other paths are the UI', () => {
    expect(routeRequest('3.1', 'GET', '/api/v2/nope')).toMatchObject({ status: 404, body: { error: 'API route not found' } });
    expect(routeRequest('3.1', 'GET', '/api/v2/dags/d/dagRuns/')).toMatchObject({ status: 404, body: { error: 'API route not found' } });
    expect(routeRequest('3.1', 'GET', '/api/v1/dags')).toMatchObject({
      status: 404, body: { error: '/api/v1 has been removed in Airflow 3, please use its upgraded version /api/v2 instead.' },
    });
    expect(routeRequest('3.1', 'GET', '/home')).toMatchObject({ status: 200 });
  });
  it('known but unsimulated endpoints, per profile', () => {
    expect(routeRequest('3.1', 'DELETE', '/api/v2/dags/d/dagRuns/r')).toMatchObject({ kind: 'unsupported', template: '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}' });
    expect(routeRequest('3.1', 'GET', '/api/v2/dags/d/dagRuns/r/wait')).toMatchObject({ kind: 'unsupported' });
    expect(routeRequest('3.0', 'GET', '/api/v2/dags/d/dagRuns/r/wait')).toMatchObject({ kind: 'response', status: 404 });
    expect(routeRequest('3.0', 'GET', '/api/v2/backfills/dry_run')).toMatchObject({ kind: 'unsupported', template: '/api/v2/backfills/{backfill_id}' });
  });
});

describe('query parameters', () => {
  it('limit/offset as FastAPI validates them', () => {
    const bad = paginationParams(parseQueryString('limit=abc&offset=-1'), '3.0');
    expect(bad).toEqual({
      ok: false,
      errors: [
        { type: 'int_parsing', loc: ['query', 'limit'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'abc' },
        { type: 'greater_than_equal', loc: ['query', 'offset'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
      ],
    });
    expect(paginationParams(parseQueryString('limit=3.0&offset=+2'), '3.0')).toEqual({ ok: true, value: { limit: 3, offset: 2, order_by: [] } });
    expect(paginationParams(parseQueryString('limit=500'), '3.1')).toMatchObject({ ok: true, value: { limit: 100 } });
    expect(paginationParams(parseQueryString(''), '3.1')).toMatchObject({ ok: true, value: { limit: 50, offset: 0 } });
  });
});

const RUN: DagRunRow = {
  dag_id: 'd', run_id: 'manual__2025-05-01T12:00:00.500000+00:00', logical_date: NOW, queued_at: NOW, start_date: null, end_date: null,
  data_interval_start: NOW, data_interval_end: NOW, run_after: NOW, run_type: 'manual', state: 'queued', triggered_by: 'rest_api',
  triggering_user_name: 'admin', conf: {},
};

describe('responses', () => {
  it('DAGRunResponse 3.0 keys and datetime format', () => {
    const r = dagRunResponse('3.0', RUN);
    expect(Object.keys(r)).toEqual([
      'dag_run_id', 'dag_id', 'logical_date', 'queued_at', 'start_date', 'end_date', 'data_interval_start', 'data_interval_end',
      'run_after', 'last_scheduling_decision', 'run_type', 'state', 'triggered_by', 'conf', 'note', 'dag_versions', 'bundle_version',
    ]);
    expect(r.logical_date).toBe('2025-05-01T12:00:00.500000Z');
  });
  it('DAGRunResponse 3.1 (semantics §12 item 37 shape)', () => {
    expect(dagRunResponse('3.1', { ...RUN, start_date: NOW, end_date: NOW + 90_000 })).toEqual({
      dag_run_id: RUN.run_id, dag_id: 'd', logical_date: '2025-05-01T12:00:00.500000Z', queued_at: '2025-05-01T12:00:00.500000Z',
      start_date: '2025-05-01T12:00:00.500000Z', end_date: '2025-05-01T12:01:30.500000Z', duration: 90,
      data_interval_start: '2025-05-01T12:00:00.500000Z', data_interval_end: '2025-05-01T12:00:00.500000Z', run_after: '2025-05-01T12:00:00.500000Z',
      last_scheduling_decision: null, run_type: 'manual', state: 'queued', triggered_by: 'rest_api', triggering_user_name: 'admin',
      conf: {}, note: null, dag_versions: [], bundle_version: null, dag_display_name: 'd',
    });
    expect(Object.keys(dagRunResponse('3.1', RUN))).toEqual([
      'dag_run_id', 'dag_id', 'logical_date', 'queued_at', 'start_date', 'end_date', 'duration', 'data_interval_start', 'data_interval_end',
      'run_after', 'last_scheduling_decision', 'run_type', 'state', 'triggered_by', 'triggering_user_name', 'conf', 'note', 'dag_versions',
      'bundle_version', 'dag_display_name',
    ]);
    expect(dagRunCollectionResponse('3.1', [RUN], 7)).toMatchObject({ total_entries: 7 });
  });
  it('TaskInstanceResponse key order per profile', () => {
    const ti = { id: '0195-uuid', task_id: 't', dag_id: 'd', run_id: 'r', map_index: -1, logical_date: null, run_after: NOW, start_date: null, end_date: null, state: null, try_number: 0, max_tries: 0, pool: 'default_pool', pool_slots: 1 };
    const k30 = Object.keys(taskInstanceResponse('3.0', ti));
    expect(k30.slice(0, 4)).toEqual(['id', 'task_id', 'dag_id', 'dag_run_id']);
    expect(k30).not.toContain('operator_name');
    const k31 = Object.keys(taskInstanceResponse('3.1', ti));
    expect(k31.indexOf('dag_display_name')).toBe(k31.indexOf('task_display_name') + 1);
    expect(k31.indexOf('operator_name')).toBe(k31.indexOf('operator') + 1);
    expect(k31[k31.length - 1]).toBe('dag_version');
  });
  it('backfill, dry run, asset event, version', () => {
    const b = { id: 1, dag_id: 'd', from_date: Date.UTC(2025, 0, 1), to_date: Date.UTC(2025, 0, 5), dag_run_conf: {}, is_paused: false, reprocess_behavior: 'none' as const, max_active_runs: 10, created_at: NOW, completed_at: null, updated_at: NOW };
    expect(Object.keys(backfillResponse('3.0', b))).toEqual(['id', 'dag_id', 'from_date', 'to_date', 'dag_run_conf', 'is_paused', 'reprocess_behavior', 'max_active_runs', 'created_at', 'completed_at', 'updated_at']);
    expect(backfillResponse('3.1', b).dag_display_name).toBe('d');
    expect(dryRunBackfillResponse([Date.UTC(2025, 0, 1)])).toEqual({ backfills: [{ logical_date: '2025-01-01T00:00:00Z' }], total_entries: 1 });
    const e = assetEventResponse({ id: 1, asset_id: 2, uri: 's3://m', name: 'm', group: 'asset', extra: { from_rest_api: true }, source_task_id: null, source_dag_id: null, source_run_id: null, source_map_index: -1, created_dagruns: [], timestamp: NOW });
    expect(Object.keys(e)).toEqual(['id', 'asset_id', 'uri', 'name', 'group', 'extra', 'source_task_id', 'source_dag_id', 'source_run_id', 'source_map_index', 'created_dagruns', 'timestamp']);
    expect(versionResponse('3.1.8')).toEqual({ version: '3.1.8', git_version: null });
  });
});

describe('errors', () => {
  it('404/400 texts', () => {
    expect(triggerDagNotFound('inactive')).toEqual({ status: 404, body: { detail: "DAG with dag_id: 'inactive' not found" } });
    expect(triggerDagImportErrors('import_errors').body).toEqual({ detail: "DAG with dag_id: 'import_errors' has import errors and cannot be triggered" });
    expect(dagRunNotFound('test_dag1', 'invalid').body).toEqual({ detail: 'The DagRun with dag_id: `test_dag1` and run_id: `invalid` was not found' });
    expect(listDagRunsDagNotFound('3.0', 'x').body).toEqual({ detail: 'The DAG with dag_id: `x` was not found' });
    expect(assetNotFound(7).body).toEqual({ detail: 'Asset with ID: `7` was not found' });
    expect(orderByDisallowed('bogus').status).toBe(400);
    expect(backfillInvalid(BACKFILL_MESSAGES.futureDates)).toEqual({ status: 422, body: { detail: 'Backfill cannot be executed for future dates.' } });
  });
  it('409 unique constraint: 3.0 and 3.1 (3.1.8) show the SQL, 3.2+ hide it', () => {
    const orig = uniqueOrigError('postgres', 'dag_run', 'dag_run_dag_id_run_id_key', ['dag_id', 'run_id'], ['d', 'r']);
    expect(orig).toBe('duplicate key value violates unique constraint "dag_run_dag_id_run_id_key"\nDETAIL:  Key (dag_id, run_id)=(d, r) already exists.\n');
    const v = { exceptionId: 'AbC12xYz', statement: dagRunInsertStatement('3.0', 'postgres'), origError: orig };
    const message = 'Serious error when handling your request. Check logs for more details - you will find it in api server when you look for ID AbC12xYz';
    expect(uniqueConstraintViolation('3.0', v)).toEqual({ status: 409, body: { detail: { reason: 'Unique constraint violation', statement: v.statement, orig_error: orig, message } } });
    expect(uniqueConstraintViolation('3.1', v)).toEqual({ status: 409, body: { detail: { reason: 'Unique constraint violation', statement: v.statement, orig_error: orig, message } } });
    expect(uniqueConstraintViolation('3.2', v)).toEqual({ status: 409, body: { detail: { reason: 'Unique constraint violation', statement: 'hidden', orig_error: 'hidden', message } } });    // The statements installed 3.0.6 and 3.1.8 on PostgreSQL printed in their 409s (windtunnel diff).
    expect(dagRunInsertStatement('3.0', 'postgres')).toMatch(/%\(conf\)s, .*%\(created_dag_version_id\)s\) RETURNING dag_run.id$/);
    expect(dagRunInsertStatement('3.1', 'postgres')).toBe('INSERT INTO dag_run (dag_id, queued_at, logical_date, start_date, end_date, state, run_id, creating_job_id, run_type, triggered_by, triggering_user_name, conf, data_interval_start, data_interval_end, run_after, last_scheduling_decision, log_template_id, updated_at, clear_number, backfill_id, bundle_version, scheduled_by_job_id, context_carrier, created_dag_version_id) VALUES (%(dag_id)s, %(queued_at)s, %(logical_date)s, %(start_date)s, %(end_date)s, %(state)s, %(run_id)s, %(creating_job_id)s, %(run_type)s, %(triggered_by)s, %(triggering_user_name)s, %(conf)s::JSONB, %(data_interval_start)s, %(data_interval_end)s, %(run_after)s, %(last_scheduling_decision)s, %(log_template_id)s, %(updated_at)s, %(clear_number)s, %(backfill_id)s, %(bundle_version)s, %(scheduled_by_job_id)s, %(context_carrier)s::JSONB, %(created_dag_version_id)s::UUID) RETURNING dag_run.id, dag_run.span_status');
  });
});
