// `windtunnel export FILE --svg out.svg --png out.png --csv runs.csv --json out.json`: simulate a
// scenario (or take the JSON that `run --format json` printed) and write its timeline and data.
// The same bytes as the desktop app's Export menu, and the same bytes on every machine.
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { formatError, parseInstant, readHistoryText, simulate } from '../../core/index.js';
import type { RunOutput } from '../../core/index.js';
import { PNG_SCALE_DEFAULT, PNG_SCALE_MAX, PNG_SCALE_MIN, isPngScale } from '../../core/index.js';
import type { ExportFormat } from '../../core/index.js';
import { renderExport } from '../../node/export_formats.js';
import { writeChunks } from '../write_chunks.js';
import { runOutputJsonChunks } from '../../core/index.js';
import { CliError, loadScenario, loadSql, profileOption, readScenarioText } from '../load.js';
import { progressReporter } from '../progress.js';
import { checkWork } from '../work_budget.js';
import { statsExport } from '../../node/export_formats.js';
import { statsConfig, type StatsConfig } from '../../core/index.js';

interface ExportOptions {
  svg?: string;
  png?: string;
  scale: number;
  csv?: string;
  tiCsv?: string;
  json?: string;
  until?: string;
  lesson?: string;
  force?: boolean;
  profile?: string;
  stats?: string;
  statsCsv?: string;
}

/** Which option writes which format, in the order files are written. */
const TARGETS: ReadonlyArray<[keyof ExportOptions, ExportFormat]> = [
  ['json', 'json'], ['csv', 'dag_runs_csv'], ['tiCsv', 'task_instances_csv'], ['svg', 'svg'], ['png', 'png'],
];

function parseScale(value: string): number {
  const n = Number(value);
  if (!isPngScale(n)) throw new InvalidArgumentError(`a number from ${PNG_SCALE_MIN} to ${PNG_SCALE_MAX}`);
  return n;
}

export function register(program: Command): void {
  program
    .command('export')
    .description('simulate a scenario and write its timeline (SVG, PNG) and data (CSV, JSON)')
    .argument('[file]', 'scenario file (YAML or JSON), or the JSON output of `windtunnel run --format json`')
    .option('--svg <path>', 'the timeline as SVG')
    .option('--png <path>', 'the timeline as PNG')
    .addOption(new Option('--scale <n>', `PNG pixels per SVG pixel (${PNG_SCALE_MIN}–${PNG_SCALE_MAX})`).argParser(parseScale).default(PNG_SCALE_DEFAULT))
    .option('--csv <path>', 'dag runs as CSV')
    .option('--ti-csv <path>', 'task instances as CSV')
    .option('--json <path>', 'the run output as JSON (what `run --format json` prints)')
    .option('--stats <path>', 'capacity figures as JSON (what `windtunnel stats --format json` prints)')
    .option('--stats-csv <path>', 'capacity series as CSV, one row per time bucket (`windtunnel stats --format csv`)')
    .option('--until <instant>', 'stop the simulation at this instant')
    .option('--lesson <name>', 'export a built-in lesson instead of a file')
    .option('--force', 'simulate even when the estimated work is over the limit')
    .option('--profile <profile>', 'simulate as this Airflow profile, whatever the file says')
    .addHelpText('after', '\nA PATH of "-" writes that one output to stdout.\nExample: windtunnel export scenario.windtunnel.yaml --svg timeline.svg --png timeline.png --csv runs.csv --json run.json')
    .action(async (file: string | undefined, opts: ExportOptions) => {
      const targets = TARGETS.filter(([key]) => typeof opts[key] === 'string').map(([key, format]) => ({ path: opts[key] as string, format }));
      const statsTargets = ([['stats', 'json'], ['statsCsv', 'csv']] as const).filter(([key]) => typeof opts[key] === 'string').map(([key, format]) => ({ path: opts[key] as string, format }));
      if (targets.length + statsTargets.length === 0) throw new CliError('windtunnel export: give at least one of --svg, --png, --csv, --ti-csv, --json, --stats, --stats-csv', 2);
      if ([...targets, ...statsTargets].filter((t) => t.path === '-').length > 1) throw new CliError('windtunnel export: only one output can go to stdout (-)', 2);

      const { output, config } = await runOutputFor(file, opts);
      for (const { path, format } of statsTargets) {
        const bytes = statsExport(output, format, config);
        try {
          if (path === '-') process.stdout.write(bytes); else writeFileSync(path, bytes);
        } catch (err) {
          throw new CliError(`${path}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
        }
      }
      for (const { path, format } of targets) {
        try {
          // JSON is streamed: a years-long run's output is longer than V8's longest string.
          if (format === 'json') await writeChunks(runOutputJsonChunks(output), path === '-' ? undefined : path);
          else if (path === '-') process.stdout.write(renderExport(output, format, { scale: opts.scale }));
          else writeFileSync(path, renderExport(output, format, { scale: opts.scale }));
        } catch (err) {
          if (err instanceof CliError) throw err;
          throw new CliError(`${path}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
        }
      }
    });
}

async function runOutputFor(file: string | undefined, opts: ExportOptions): Promise<{ output: RunOutput; config: StatsConfig }> {
  // A run output (JSON with dag_runs, task_instances…) is exported as it is.
  if (file && !opts.lesson && /\.json$/i.test(file)) {
    const { text } = readScenarioText(file, undefined);
    // Checked as the app checks it: a bad field is FILE:LINE:COL path: message, not a crash.
    const history = readHistoryText(text, file);
    if (history) {
      if (!history.ok) throw new CliError(history.errors.map(formatError).join('\n'), 1);
      if (history.file.kind === 'what_if') throw new CliError(`${file}: holds two runs (actual and what_if): write them apart with \`windtunnel import ... --what-if S --out DIR\`, then export one`, 1);
      if (opts.until) throw new CliError('windtunnel export: --until needs a scenario, not a run output', 2);
      return { output: history.file.output, config: {} };
    }
  }
  const scenario = loadScenario(file, opts.lesson, profileOption(opts.profile, 'export'));
  let until: number | undefined;
  if (opts.until) {
    try { until = parseInstant(opts.until, scenario.config.default_timezone); } catch (err) { throw new CliError(`windtunnel export: --until: ${(err as Error).message}`, 2); }
  }
  checkWork(scenario, { file, lesson: opts.lesson, until, force: opts.force });
  const sql = await loadSql();
  const progress = progressReporter(scenario.name);
  const result = simulate(scenario, { sql, until, onProgress: progress.update });
  progress.stop();
  const output = result.output;
  result.close();
  return { output, config: statsConfig(scenario) };
}
