// The typed contract between the app and its simulation worker. Every payload is plain JSON data
// (structured-clone safe); every request carries an id and gets exactly one reply.
import type { Profile, PriorRunOrder, RunOutput, ScenarioError, QueryResult, QueryError, Teaching } from '../../core/index.js';
import type { Stats } from '../../core/index.js';

export interface RunRequest {
  /** A name for the live simulation (its DB stays open for SQL): "main", "compare-a", ... */
  session: string;
  text: string;
  file: string;
  /** Override the scenario's `airflow:` (its profile defaults are re-applied). */
  profile?: Profile;
  /** Override `rules.prior_run_order`. */
  prior_run_order?: PriorRunOrder;
  /** Stop at this instant (epoch ms) instead of clock.end. */
  until?: number;
}

export interface ScenarioSummary {
  name: string;
  description: string;
  airflow: Profile;
  prior_run_order: PriorRunOrder;
  dag_ids: string[];
  /** task_ids per dag, in file order. */
  tasks: Record<string, string[]>;
  /** Raw schedule text per dag ("@daily", "0 3 * * *", ...). */
  schedules: Record<string, string>;
  timezones: Record<string, string>;
  clock: { start: number; end: number };
}

/** What a document holds: a scenario to simulate, or a history to show read-only (an imported
 * RunOutput, or the `{actual, what_if}` pair `windtunnel import --what-if` writes). */
export type Source = 'scenario' | 'history';

export interface HistoryInfo {
  /** A what-if scenario inferred from the history, for the editor. */
  draft: string;
  /** The file was an `{actual, what_if}` pair: its what-if side. */
  what_if?: { output: RunOutput; scenario: ScenarioSummary };
}

export type RunReply =
  | { ok: true; session: string; output: RunOutput; scenario: ScenarioSummary; warnings: ScenarioError[]; elapsed_ms: number; source?: Source; history?: HistoryInfo }
  | { ok: false; session: string; errors: ScenarioError[]; stage: 'parse' | 'simulate' | 'history' };

export interface HistoryRequest {
  session: string;
  output: RunOutput;
}

export interface WhatIfRequest {
  /** The session holding the history. */
  history: string;
  /** The what-if scenario text and its file name (for error locations). */
  text: string;
  file: string;
}

export type WhatIfReply =
  | { ok: true; output: RunOutput; scenario: ScenarioSummary; notes: string[]; warnings: ScenarioError[]; elapsed_ms: number }
  | { ok: false; errors: ScenarioError[] };

export interface ValidateReply { errors: ScenarioError[]; warnings: ScenarioError[] }

export interface LessonInfo { name: string; title: string; question: string; narrative: string; text: string; teaching?: Teaching }

export interface NextRunsRequest {
  schedule: string;
  start_date?: string | null;
  timezone?: string;
  catchup?: boolean;
  create_cron_data_intervals?: boolean;
  now?: string;
  n?: number;
}

export interface NextRunRow {
  run_after: string;
  logical_date: string | null;
  data_interval_start: string | null;
  data_interval_end: string | null;
  /** UTC offset of run_after in the schedule's zone, minutes. */
  utc_offset_minutes: number | null;
  /** The offset changed since the previous row, or the data interval spans a change. */
  dst_shift: boolean;
}

export type NextRunsReply = { ok: true; timetable?: string; runs: NextRunRow[] } | { ok: false; error: string };

/** Method name → [request, reply]. */
export interface WorkerMethods {
  run: [RunRequest, RunReply];
  /** Show a RunOutput (a live server's state) read-only: SQL over it, what-ifs from it. */
  history: [HistoryRequest, RunReply];
  whatIf: [WhatIfRequest, WhatIfReply];
  validate: [{ text: string; file: string }, ValidateReply];
  /** `notes`: what the answer cannot show (rows of a history SQLite refused), told once. */
  query: [{ session: string; sql: string }, (QueryResult & { notes?: string[] }) | QueryError];
  lessons: [undefined, LessonInfo[]];
  nextRuns: [NextRunsRequest, NextRunsReply];
  close: [{ session: string }, { closed: boolean }];
  exportDb: [{ session: string }, Uint8Array | null];
  /** The capacity figures of a session's output (core/stats); null when no session has that name. */
  stats: [{ session: string }, Stats | null];
}

export type Method = keyof WorkerMethods;

export interface WorkerRequest<M extends Method = Method> { id: number; method: M; params: WorkerMethods[M][0] }
export type WorkerResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string };
