// Every public REST API v2 endpoint of Airflow 3.0 (3.0.2) and 3.1 (3.1.8), as [path under /api/v2,
// space-separated methods], taken from the OpenAPI specs shipped with apache/airflow-client-python
// (spec/v2.yaml at tags 3.0.2 and 3.1.8). The router needs all of them, not only the simulated ones,
// to answer 405 exactly where Airflow does and to tell "not simulated" from "not found".
import { atLeast, type RestProfile } from './profile.js';

const COMMON: [string, string][] = [
  ['/assets', 'GET'],
  ['/assets/aliases', 'GET'],
  ['/assets/aliases/{asset_alias_id}', 'GET'],
  ['/assets/events', 'GET POST'],
  ['/assets/{asset_id}', 'GET'],
  ['/assets/{asset_id}/materialize', 'POST'],
  ['/assets/{asset_id}/queuedEvents', 'DELETE GET'],
  ['/auth/login', 'GET'],
  ['/auth/logout', 'GET'],
  ['/backfills', 'GET POST'],
  ['/backfills/dry_run', 'POST'],
  ['/backfills/{backfill_id}', 'GET'],
  ['/backfills/{backfill_id}/cancel', 'PUT'],
  ['/backfills/{backfill_id}/pause', 'PUT'],
  ['/backfills/{backfill_id}/unpause', 'PUT'],
  ['/config', 'GET'],
  ['/config/section/{section}/option/{option}', 'GET'],
  ['/connections', 'GET PATCH POST'],
  ['/connections/defaults', 'POST'],
  ['/connections/test', 'POST'],
  ['/connections/{connection_id}', 'DELETE GET PATCH'],
  ['/dagSources/{dag_id}', 'GET'],
  ['/dagStats', 'GET'],
  ['/dagTags', 'GET'],
  ['/dagWarnings', 'GET'],
  ['/dags', 'GET PATCH'],
  ['/dags/{dag_id}', 'DELETE GET PATCH'],
  ['/dags/{dag_id}/assets/queuedEvents', 'DELETE GET'],
  ['/dags/{dag_id}/assets/{asset_id}/queuedEvents', 'DELETE GET'],
  ['/dags/{dag_id}/clearTaskInstances', 'POST'],
  ['/dags/{dag_id}/dagRuns', 'GET POST'],
  ['/dags/{dag_id}/dagRuns/list', 'POST'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}', 'DELETE GET PATCH'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/clear', 'POST'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/list', 'POST'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/dependencies', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/dry_run', 'PATCH'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/links', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/listMapped', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{try_number}', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/tries', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/tries/{task_try_number}', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/xcomEntries', 'GET POST'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/xcomEntries/{xcom_key}', 'GET PATCH'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}', 'GET PATCH'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}/dependencies', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}/dry_run', 'PATCH'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}/tries', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}/tries/{task_try_number}', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/upstreamAssetEvents', 'GET'],
  ['/dags/{dag_id}/dagVersions', 'GET'],
  ['/dags/{dag_id}/dagVersions/{version_number}', 'GET'],
  ['/dags/{dag_id}/details', 'GET'],
  ['/dags/{dag_id}/tasks', 'GET'],
  ['/dags/{dag_id}/tasks/{task_id}', 'GET'],
  ['/eventLogs', 'GET'],
  ['/eventLogs/{event_log_id}', 'GET'],
  ['/importErrors', 'GET'],
  ['/importErrors/{import_error_id}', 'GET'],
  ['/jobs', 'GET'],
  ['/monitor/health', 'GET'],
  ['/parseDagFile/{file_token}', 'PUT'],
  ['/plugins', 'GET'],
  ['/pools', 'GET PATCH POST'],
  ['/pools/{pool_name}', 'DELETE GET PATCH'],
  ['/providers', 'GET'],
  ['/variables', 'GET PATCH POST'],
  ['/variables/{variable_key}', 'DELETE GET PATCH'],
  ['/version', 'GET'],
];

const ONLY_30: [string, string][] = [
  ['/dagReports', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}', 'GET PATCH'],
];

const ONLY_31: [string, string][] = [
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/hitlDetails', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances', 'GET PATCH'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}', 'DELETE GET PATCH'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/externalLogUrl/{try_number}', 'GET'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}/hitlDetails', 'GET PATCH'],
  ['/dags/{dag_id}/dagRuns/{dag_run_id}/wait', 'GET'],
  ['/dags/{dag_id}/favorite', 'POST'],
  ['/dags/{dag_id}/unfavorite', 'POST'],
  ['/plugins/importErrors', 'GET'],
];

export interface KnownRoute {
  /** Path template under /api/v2, e.g. "/dags/{dag_id}/dagRuns". */
  template: string;
  methods: string[];
}

/** The profile's endpoints, static path segments before parameters where templates overlap. */
export function knownRoutes(profile: RestProfile): KnownRoute[] {
  const rows = [...COMMON, ...(atLeast(profile, '3.1') ? ONLY_31 : ONLY_30)];
  return rows.map(([template, methods]) => ({ template, methods: methods.split(' ') }));
}
