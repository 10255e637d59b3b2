// `windtunnel oracle-input FILE --out DIR`: what the real-Airflow oracle (oracle/, Python) replays:
// the DAG files exactly as `export-dags` writes them, plus scenario.json (see cli/airflow/oracle_input.ts).
import type { Command } from 'commander';
import { oracleInputFiles, writeOracleInput } from '../airflow/oracle_input.js';
import { CliError, loadSql, readScenarioText } from '../load.js';

export function register(program: Command): void {
  program
    .command('oracle-input')
    .description('write the DAG files and the resolved scenario.json that the real-Airflow oracle replays')
    .argument('[file]', 'scenario file (YAML or JSON)')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .option('--lesson <name>', 'use a built-in lesson instead of a file')
    .option('--profile <profile>', "override the scenario's airflow profile")
    .action(async (file: string | undefined, opts: { out: string; lesson?: string; profile?: string }) => {
      const { text, name } = readScenarioText(file, opts.lesson);
      const result = oracleInputFiles(text, name, opts.profile, await loadSql());
      if (!result.ok) throw new CliError(result.message, 1);
      let written: string[];
      try {
        written = writeOracleInput(opts.out, result.files);
      } catch (err) {
        throw new CliError(`${opts.out}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
      }
      for (const p of written) process.stdout.write(`${p}\n`);
    });
}
