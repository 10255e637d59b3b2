// `windtunnel run FILE`: simulate a scenario and print its runs as JSON, a table or CSV.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseInstant, simulate } from '../../core/index.js';
import { CliError, loadScenario, loadSql, profileOption } from '../load.js';
import { progressReporter } from '../progress.js';
import { assetEventsTable, dagRunsTable, inputsTable } from '../tables.js';
import { dagRunsCsv } from '../../core/index.js';
import { runOutputJsonChunks } from '../../core/index.js';
import { writeChunks } from '../write_chunks.js';
import { checkWork } from '../work_budget.js';

export function register(program: Command): void {
  program
    .command('run')
    .description('simulate a scenario and print what happened')
    .argument('[file]', 'scenario file (YAML or JSON)')
    .option('--format <format>', 'json | table | csv', 'json')
    .option('--until <instant>', 'stop the simulation at this instant')
    .option('--out <path>', 'write the output to a file instead of stdout')
    .option('--lesson <name>', 'run a built-in lesson instead of a file')
    .option('--force', 'run even when the estimated work is over the limit')
    .option('--profile <profile>', 'simulate as this Airflow profile (2, 3.0, 3.1, 3.2, 3.3) whatever the file says')
    .action(async (file: string | undefined, opts: { format: string; until?: string; out?: string; lesson?: string; profile?: string; force?: boolean }) => {
      if (!['json', 'table', 'csv'].includes(opts.format)) throw new CliError(`windtunnel run: --format must be json, table or csv, not '${opts.format}'`, 2);
      const scenario = loadScenario(file, opts.lesson, profileOption(opts.profile, 'run'));
      let until: number | undefined;
      if (opts.until) {
        try { until = parseInstant(opts.until, scenario.config.default_timezone); } catch (err) { throw new CliError(`windtunnel run: --until: ${(err as Error).message}`, 2); }
      }
      checkWork(scenario, { file, lesson: opts.lesson, until, force: opts.force });
      const sql = await loadSql();
      const progress = progressReporter(scenario.name);
      const result = simulate(scenario, { sql, until, onProgress: progress.update });
      progress.stop();
      if (opts.format === 'json') {
        // Streamed from the records: the same bytes as runOutputJson(result.output), never one string.
        try { await writeChunks(runOutputJsonChunks(result.outputStream), opts.out); } finally { result.close(); }
        return;
      }
      const text = opts.format === 'table' ? dagRunsTable(result.output) + inputsTable(result.output) + assetEventsTable(result.output) : dagRunsCsv(result.output);
      result.close();
      if (opts.out) writeFileSync(opts.out, text);
      else process.stdout.write(text);
    });
}
