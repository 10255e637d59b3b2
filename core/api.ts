// The one typed API between core and its consumers (CLI, renderer worker, electron, tests).
// Everything crossing it is plain JSON-able data, so the same calls work in-process and over a
// Web Worker's postMessage.
import type { Instant, Scenario } from './model/scenario.js';
import type { RunOutput, RunOutputStream } from './model/output.js';

/** A located problem in a scenario file: `FILE:LINE:COL key.path: message`. */
export interface ScenarioError {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

export type ParseResult =
  | { ok: true; scenario: Scenario; warnings: ScenarioError[] }
  | { ok: false; errors: ScenarioError[] };

export interface RunOptions {
  /** Stop the simulation at this instant instead of clock.end. */
  until?: Instant;
  /** Called now and then with simulated progress in [0, 1] (for progress bars). */
  onProgress?: (fraction: number) => void;
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export interface QueryError { error: string }

/** A finished (or stopped) simulation: its JSON output and its live metadata DB. */
export interface SimulationResult {
  /** The whole output (made on first read). */
  readonly output: RunOutput;
  /** The same output with its lists made element by element, to stream a huge one (runOutputJsonChunks). */
  readonly outputStream: RunOutputStream;
  /** Forget the whole output made by `output` (the records stay; reading `output` makes it again):
   * a caller that hands the output on (the app's worker posts it) then holds it only once. */
  releaseOutput(): void;
  /** Run read-only-ish SQL against the sql.js metadata DB; errors come back as values. */
  query(sql: string): QueryResult | QueryError;
  /** The whole DB as a SQLite file image. */
  exportDb(): Uint8Array;
  close(): void;
}
