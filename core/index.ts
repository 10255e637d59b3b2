// The only door into core: everything the CLI, the renderer's worker, electron and tests use.
export type { Scenario, ScheduleSpec, DagSpec, TaskSpec, ScenarioEvent, Profile, PriorRunOrder, Duration, Instant } from './model/scenario.js';
export type { RunOutput, RunOutputStream, LazyList, DagRunOut, TaskInstanceOut, XComOut, AssetEventOut, EventResultOut, LogEntryOut, DagRunState, RunType, TaskState } from './model/output.js';
export type { ScenarioError, ParseResult, RunOptions, SimulationResult, QueryResult, QueryError } from './api.js';
export { parseScenario, formatError } from './scenario/parse.js';
export { simulate } from './simulate.js';
export { listLessons, getLesson, type Lesson } from './scenario/lessons/index.js';
export { readTeaching, type Teaching, type Step, type Claim, type Question, type Check } from './scenario/lessons/teaching.js';
export { answerOf, checkClaim, evaluate, stepInstant, type Answered, type ClaimResult } from './scenario/lessons/evaluate.js';
export { checkGoal, getChallenge, listChallenges, type Challenge, type GoalResult } from './scenario/challenges/index.js';
export { nextRuns } from './time/next_runs.js';
export { formatInstant, parseInstant } from './time/instant.js';
export { traceText } from './export/trace.js';
export { runOutputJson } from './export/json.js';
export { runOutputJsonChunks } from './export/json_chunks.js';
export { importHistory, type ApiDocument, type ImportResult, type ImportProblem } from './import/airflow_api.js';
export { historyDatabase, type HistoryDatabase } from './import/history_db.js';
export { whatIf, type WhatIfOptions, type WhatIfResult } from './import/what_if.js';
export { readHistoryText, looksLikeHistory, type HistoryFile, type HistoryReadResult } from './import/history_file.js';
export { draftWhatIfScenario, inferAssetSchedule, inferSchedule, inferTasks } from './import/what_if_draft.js';
export { exportAirflowDags, exportAirflowDagsFromText, type AirflowDagsExport } from './export/airflow_dags/index.js';
export { estimateWork, workBudgetError, WORK_LIMITS, type WorkEstimate } from './work_estimate.js';

// What the shells need beyond a run: the exports, the live server (cli/serve), the scenario
// vocabulary and the capacity figures. Shells import core only through this file (scripts/lint.mjs).
export { groupNotes, pathList, rawScenarioDocument } from './export/airflow_dags/index.js';
export { dagRunsCsv, taskInstancesCsv } from './export/csv.js';
export { EXPORT_FORMAT_INFO, EXPORT_FORMATS, type ExportFormat, isExportFormat, isPngScale, PNG_SCALE_DEFAULT, PNG_SCALE_MAX, PNG_SCALE_MIN } from './export/formats.js';
export { isLiveChanges, type LiveChanges, LiveStateAssembler } from './export/live_changes.js';
export { buildRunOutput, dagRunOut, logEntryOut, taskInstanceOut } from './export/run_output.js';
export { DEFAULT_PROFILE, NAME_PATTERN, PROFILES } from './scenario/defaults.js';
export { parsePath } from './scenario/reader.js';
export { explainDifference, type RuleChange, ruleChangesBetween } from './scenario/rule_changes.js';
export { formatOffset, offsetAt, toWallClock } from './time/zone.js';
export * from './stats/index.js';
export { MAX_BUCKETS_GIVEN, parseBucket } from './stats/bucket_option.js';
// The live server: a Simulation driven by the caller's clock, answering Airflow's REST API.
export { Simulation } from './scheduler/simulation.js';
export type { RunRecord, TaskInstanceRecord } from './scheduler/state/records.js';
export { assetEvents } from './scheduler/assets.js';
export { tisInTaskOrder } from './scheduler/mapped.js';
export { allXComs } from './scheduler/xcom.js';
export { backfillTooLarge, countBackfillDates, type RequestBudget, runsHeldFull } from './scheduler/request_budget.js';
export { type ApiResponse, handleApiRequest } from './scheduler/rest_api.js';
export type { RestProfile } from './rest/profile.js';
export { parseQueryString, queryValue } from './rest/query.js';
export { normalizeRequestPath, splitTarget } from './rest/request_path.js';
export { routeRequest, type RouteResult } from './rest/router.js';
export { validateAssetEventBody } from './rest/validate_asset_event_body.js';
export { validateBackfillBody } from './rest/validate_backfill_body.js';
