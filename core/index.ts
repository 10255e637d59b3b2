// The only door into core: everything the CLI, the renderer's worker, electron and tests use.
export type { Scenario, ScheduleSpec, DagSpec, TaskSpec, ScenarioEvent, Profile, PriorRunOrder, Duration, Instant } from './model/scenario.js';
export type { RunOutput, RunOutputStream, LazyList, DagRunOut, TaskInstanceOut, XComOut, AssetEventOut, EventResultOut, LogEntryOut, DagRunState, RunType, TaskState } from './model/output.js';
export type { ScenarioError, ParseResult, RunOptions, SimulationResult, QueryResult, QueryError } from './api.js';
export { parseScenario, formatError } from './scenario/parse.js';
export { simulate } from './simulate.js';
export { listLessons, getLesson, type Lesson } from './scenario/lessons/index.js';
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
