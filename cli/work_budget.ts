// The work estimate at the command line: refuse (exit 1, located at the field that drives the work)
// a scenario that would run for hours or past Node's heap, unless --force; `validate` only warns.
// The limits shrink with the heap Node was given (--max-old-space-size), so a small heap gets a
// refusal instead of V8's out-of-memory abort.
import { getHeapStatistics } from 'node:v8';
import { formatError, WORK_LIMITS, workBudgetError, type Scenario } from '../core/index.js';
import { CliError, readScenarioText } from './load.js';

/** Heap bytes a simulation holds per task instance try and per dag run (docs/proof.md: ~0.6 GiB for 876,000 TIs, with headroom). */
const BYTES_PER_TI = 1024;
const BYTES_PER_RUN = 8 * 1024;

export function heapScaledLimits(heapBytes = getHeapStatistics().heap_size_limit): { runs: number; task_instances: number } {
  return {
    runs: Math.min(WORK_LIMITS.runs, Math.floor(heapBytes / BYTES_PER_RUN)),
    task_instances: Math.min(WORK_LIMITS.task_instances, Math.floor(heapBytes / BYTES_PER_TI)),
  };
}

export interface WorkCheck {
  file?: string;
  lesson?: string;
  from?: number;
  until?: number;
  force?: boolean;
  /** validate: say so, but do not refuse. */
  warnOnly?: boolean;
}

export function checkWork(scenario: Scenario, c: WorkCheck): void {
  const { text, name } = readScenarioText(c.file, c.lesson);
  const err = workBudgetError(scenario, text, name, { from: c.from, until: c.until, limits: heapScaledLimits() });
  if (!err) return;
  if (c.warnOnly) {
    process.stderr.write(`warning: ${formatError(err)}\n`);
    return;
  }
  if (!c.force) throw new CliError(formatError(err), 1);
  process.stderr.write(`warning: ${formatError(err).replace(/; give --until.*$/, '')}; running anyway (--force)\n`);
}
