// DAGResponse (GET /dags, GET /dags/{dag_id}) with every field Airflow's model declares, so clients that
// validate answers (the official apache-airflow-client) can read them: 3.0/3.1's fields, 3.2's
// timetable_partitioned and allowed_run_types, 3.3's timetable_periodic and is_backfillable. What the
// simulation has no source for (parse times, bundle versions, tags, owners) gets Airflow's value for a
// DAG without it. file_token is unsigned here (Airflow signs it with its secret key): only its shape matches.
import { atLeast, type RestProfile } from './profile.js';

export interface DagFacts {
  dag_id: string;
  is_paused: boolean;
  timetable_summary: string | null;
  timetable_periodic: boolean;
  max_active_runs: number;
  max_active_tasks: number;
  max_consecutive_failed_dag_runs: number;
  has_task_concurrency_limits: boolean;
}

function fileToken(dagId: string): string {
  const payload = JSON.stringify({ bundle_name: 'dags-folder', relative_fileloc: `${dagId}.py` });
  let b64 = '';
  // dag_ids are ASCII (Airflow's validate_key), so char codes are the UTF-8 bytes.
  const bytes = Array.from(payload, (c) => c.charCodeAt(0) & 0xff);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = [18, 12, 6, 0].map((s) => alphabet[(n >> s) & 63]);
    b64 += chars.slice(0, i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2).join('');
  }
  return b64;
}

export function dagResponse(profile: RestProfile, d: DagFacts): Record<string, unknown> {
  const out: Record<string, unknown> = {
    dag_id: d.dag_id,
    dag_display_name: d.dag_id,
    is_paused: d.is_paused,
    is_stale: false,
    last_parsed_time: null,
    last_parse_duration: null,
    last_expired: null,
    bundle_name: 'dags-folder',
    bundle_version: null,
    relative_fileloc: `${d.dag_id}.py`,
    fileloc: `/windtunnel/dags/${d.dag_id}.py`,
    description: null,
    // DAGResponse's validator answers null for NullTimetable's summary "None" (every 3.x).
    timetable_summary: d.timetable_summary === 'None' ? null : d.timetable_summary,
    timetable_description: null,
  };
  if (atLeast(profile, '3.2')) out.timetable_partitioned = false;
  if (atLeast(profile, '3.3')) out.timetable_periodic = d.timetable_periodic;
  Object.assign(out, {
    tags: [],
    max_active_tasks: d.max_active_tasks,
    max_active_runs: d.max_active_runs,
    max_consecutive_failed_dag_runs: d.max_consecutive_failed_dag_runs,
    has_task_concurrency_limits: d.has_task_concurrency_limits,
    has_import_errors: false,
    next_dagrun_logical_date: null,
    next_dagrun_data_interval_start: null,
    next_dagrun_data_interval_end: null,
    next_dagrun_run_after: null,
  });
  if (atLeast(profile, '3.2')) out.allowed_run_types = null;
  out.owners = ['airflow'];
  if (atLeast(profile, '3.3')) out.is_backfillable = d.timetable_periodic;
  out.file_token = fileToken(d.dag_id);
  return out;
}
