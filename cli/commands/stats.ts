// `windtunnel stats FILE`: the capacity figures of a scenario's simulation or of an imported
// history (slots in use vs available, queued task instances and runs, scheduling delays), as a
// table, JSON or per-bucket CSV. `--what-if CHANGE` (repeatable) simulates again with the changes
// and prints both sides with the difference.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatError, parseScenario, readHistoryText, simulate, workBudgetError, type RunOutput, type Scenario } from '../../core/index.js';
import { computeStats, statsConfig, type StatsConfig } from '../../core/index.js';
import { statsCsv, statsTable, whatIfCsv, whatIfTable, type WhatIfStats } from '../../core/index.js';
import { applyChanges, describeChange, parseChange, type CapacityChange } from '../../core/index.js';
import { MAX_BUCKETS_GIVEN, parseBucket } from '../../core/index.js';
import { whatIf } from '../../core/index.js';
import { draftWhatIfScenario } from '../../core/index.js';
import { CliError, loadScenario, loadSql, profileOption, readScenarioText } from '../load.js';
import { progressReporter } from '../progress.js';
import { checkWork, heapScaledLimits } from '../work_budget.js';

interface StatsOpts { format: string; out?: string; profile?: string; lesson?: string; bucket?: string; whatIf: string[]; force?: boolean }

export function register(program: Command): void {
  program
    .command('stats')
    .description('capacity over simulated time: slots used vs available, queued task instances and runs, scheduling delays')
    .argument('[file]', 'scenario file (YAML or JSON), or a history (`windtunnel import` or `run --format json` output)')
    .option('--format <format>', 'table | json | csv (csv: one row per bucket; with --what-if, the figures side by side)', 'table')
    .option('--out <path>', 'write to a file instead of stdout')
    .option('--profile <profile>', 'simulate as this Airflow profile, whatever the file says')
    .option('--lesson <name>', 'a built-in lesson instead of a file')
    .option('--bucket <duration>', `bucket size, ISO 8601 (PT5M, PT1H, P1D); default chosen from the clock`)
    .option('--what-if <change>', "simulate again with a change: 'pool NAME=SLOTS', 'parallelism N', 'add-dags N', 'max-active-runs N', 'max-active-tasks N' (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--force', 'simulate even when the estimated work is over the limit')
    .addHelpText('after', [
      '',
      'Examples:',
      '  windtunnel stats deployment.yaml',
      "  windtunnel stats deployment.yaml --what-if 'pool default_pool=96' --what-if 'add-dags 200'",
      "  windtunnel stats history.json --what-if 'parallelism 64'     # an imported history, re-simulated",
    ].join('\n'))
    .action(async (file: string | undefined, opts: StatsOpts) => {
      if (!['table', 'json', 'csv'].includes(opts.format)) throw new CliError(`windtunnel stats: --format must be table, json or csv, not '${opts.format}'`, 2);
      let bucketMs: number | undefined;
      if (opts.bucket !== undefined) {
        const b = parseBucket(opts.bucket);
        if ('error' in b) throw new CliError(`windtunnel stats: --bucket: ${b.error}`, 2);
        bucketMs = b.ms;
      }
      const changes: CapacityChange[] = [];
      for (const text of opts.whatIf) {
        const c = parseChange(text);
        if ('error' in c) throw new CliError(`windtunnel stats: --${c.error}`, 2);
        changes.push(c);
      }
      const history = historyOf(file, opts);
      let text: string;
      if (history) {
        text = changes.length ? whatIfText(await historyWhatIf(history, changes, bucketMs, opts), opts.format) : statsText(checkedBuckets(history.clock, bucketMs, () => computeStats(history, { bucketMs })), opts.format);
      } else {
        const scenario = loadScenario(file, opts.lesson, profileOption(opts.profile, 'stats'));
        checkWork(scenario, { file, lesson: opts.lesson, force: opts.force });
        const before = await simulatedStats(scenario, bucketMs);
        if (changes.length) {
          const changed = applyChanges(scenario, changes);
          checkWork(changed, { file, lesson: opts.lesson, force: opts.force });
          const after = await simulatedStats(changed, bucketMs);
          text = whatIfText({ changes: changes.map(describeChange), before, after, notes: [] }, opts.format);
        } else text = statsText(before, opts.format);
      }
      if (opts.out) {
        try { writeFileSync(opts.out, text); } catch (err) { throw new CliError(`${opts.out}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1); }
      } else process.stdout.write(text);
    });
}

function statsText(s: ReturnType<typeof computeStats>, format: string): string {
  return format === 'json' ? JSON.stringify(s, null, 1) + '\n' : format === 'csv' ? statsCsv(s) : statsTable(s);
}

function whatIfText(w: WhatIfStats, format: string): string {
  return format === 'json' ? JSON.stringify(w, null, 1) + '\n' : format === 'csv' ? whatIfCsv(w) : whatIfTable(w);
}

/** The history in FILE, or null when FILE is a scenario. */
function historyOf(file: string | undefined, opts: StatsOpts): RunOutput | null {
  if (!file || opts.lesson || !/\.json$/i.test(file)) return null;
  const { text } = readScenarioText(file, undefined);
  const h = readHistoryText(text, file);
  if (!h) return null;
  if (!h.ok) throw new CliError(h.errors.map(formatError).join('\n'), 1);
  if (h.file.kind === 'what_if') throw new CliError(`${file}: holds two runs (actual and what_if): write them apart with \`windtunnel import ... --what-if S --out DIR\`, then give one`, 1);
  if (opts.profile) throw new CliError('windtunnel stats: --profile needs a scenario, not a history', 2);
  return h.file.output;
}

/** A bucket size given by hand must not cut the clock into more than MAX_BUCKETS_GIVEN buckets. */
function checkedBuckets<T>(clock: { start: string; end: string }, bucketMs: number | undefined, make: () => T): T {
  if (bucketMs !== undefined) {
    const n = Math.ceil((Date.parse(clock.end) - Date.parse(clock.start)) / bucketMs);
    if (n > MAX_BUCKETS_GIVEN) throw new CliError(`windtunnel stats: --bucket: ${n.toLocaleString('en-US')} buckets over the clock; at most ${MAX_BUCKETS_GIVEN.toLocaleString('en-US')} (give a longer bucket)`, 2);
  }
  return make();
}

async function simulatedStats(scenario: Scenario, bucketMs: number | undefined) {
  const sql = await loadSql();
  const progress = progressReporter(scenario.name);
  const result = simulate(scenario, { sql, onProgress: progress.update });
  progress.stop();
  try {
    // The lazy lists: the output is read once, never held as a whole.
    return checkedBuckets(result.outputStream.clock, bucketMs, () => computeStats(result.outputStream, { ...statsConfig(scenario), bucketMs }));
  } finally {
    result.close();
  }
}

/**
 * A history's what-if: the scenario the history implies (what `import --what-if` drafts) is
 * re-simulated from its cut as it is, then with the changes, so both sides are the same model.
 */
async function historyWhatIf(history: RunOutput, changes: CapacityChange[], bucketMs: number | undefined, opts: StatsOpts): Promise<WhatIfStats> {
  const draft = draftWhatIfScenario(history);
  const parsed = parseScenario(draft, 'what-if draft');
  if (!parsed.ok) throw new CliError(`windtunnel stats: cannot draft a scenario from this history:\n${parsed.errors.map(formatError).join('\n')}`, 1);
  const sql = await loadSql();
  const side = (s: Scenario) => {
    const err = workBudgetError(s, null, 'what-if', { from: s.clock.start, limits: heapScaledLimits() });
    if (err && !opts.force) throw new CliError(`${formatError(err)}`, 1);
    const r = whatIf(history, s, { sql });
    const cfg: StatsConfig = { ...statsConfig(s), bucketMs };
    return { stats: checkedBuckets(r.output.clock, bucketMs, () => computeStats(r.output, cfg)), notes: r.notes };
  };
  const before = side(parsed.scenario);
  const after = side(applyChanges(parsed.scenario, changes));
  return {
    changes: changes.map(describeChange), before: before.stats, after: after.stats,
    notes: ['before: the history re-simulated from its cut under the scenario it implies (`windtunnel import --what-if` drafts the same); after: the same with the changes', ...before.notes],
  };
}
