// `windtunnel diff FILE`: the scenario through Windtunnel and through the real Airflow its profile
// names (oracle/, `npm run oracle:setup`), aligned run by run and task instance by task instance.
// Exit 0 when every difference is declared (oracle/declared.yaml), 1 when one is not or the input is
// invalid, 2 for usage, 3 when that profile's real Airflow is not set up.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { PROFILES } from '../../core/index.js';
import { CliError, loadSql, readScenarioText } from '../load.js';
import { DeclaredFileError, loadDeclared } from '../airflow/diff_declared.js';
import { diffJson, diffTable } from '../airflow/diff_format.js';
import { diffScenarioFile, ScenarioInputError, scenarioProfile, withProfile } from '../airflow/diff_run.js';
import { openOracle, oracleAvailable } from '../airflow/oracle_process.js';
import { diffHistoryCommand } from '../airflow/diff_history.js';

/** Exit code when the oracle for the profile is not installed: distinct from "differences found". */
export const EXIT_NO_ORACLE = 3;

export function register(program: Command): void {
  program
    .command('diff')
    .description('replay a scenario through real Airflow and Windtunnel and print where they differ')
    .argument('[file]', 'scenario file (YAML or JSON)')
    .option('--profile <profile>', `run both under this profile (${PROFILES.join(', ')}) instead of the scenario's`)
    .option('--format <format>', 'table | json', 'table')
    .option('--lesson <name>', 'a built-in lesson instead of a file')
    .option('--history <file>', 'compare this history (windtunnel import --url) with the simulation instead of replaying')
    .option('--tolerance <seconds>', 'with --history: allowed timing difference after aligning the clocks (default 120)')
    .action(async (file: string | undefined, opts: { profile?: string; format: string; lesson?: string; history?: string; tolerance?: string }) => {
      if (!['table', 'json'].includes(opts.format)) throw new CliError(`windtunnel diff: --format must be table or json, not '${opts.format}'`, 2);
      if (opts.history !== undefined) return diffHistoryCommand(opts.history, file, opts);
      if (opts.profile !== undefined && !(PROFILES as readonly string[]).includes(opts.profile)) {
        throw new CliError(`windtunnel diff: --profile must be one of ${PROFILES.join(', ')}, not '${opts.profile}'`, 2);
      }
      const { text: original, name } = readScenarioText(file, opts.lesson);
      const text = opts.profile !== undefined ? withProfile(original, opts.profile) : original;
      let profile: string;
      try { profile = scenarioProfile(text, name); } catch (err) { throw new CliError((err as Error).message, 1); }
      const available = oracleAvailable(profile);
      if (!available.ok) throw new CliError(`windtunnel diff: ${available.message}`, EXIT_NO_ORACLE);
      let rules;
      try { rules = loadDeclared(); } catch (err) {
        if (err instanceof DeclaredFileError) throw new CliError(err.message, 1);
        throw err;
      }
      // The oracle reads a file: a lesson (or a re-profiled text) is written to a temporary one.
      const dir = mkdtempSync(join(tmpdir(), 'wt-diff-'));
      const scenarioFile = join(dir, 'scenario.yaml');
      writeFileSync(scenarioFile, text);
      const oracle = await openOracle(profile);
      try {
        const report = await diffScenarioFile(scenarioFile, { oracle, rules, sql: await loadSql(), text, name });
        process.stdout.write(opts.format === 'json' ? diffJson(report) : diffTable(report));
        if (report.differences.length > 0) process.exitCode = 1;
      } catch (err) {
        if (err instanceof ScenarioInputError) throw new CliError(err.message, 1);
        throw new CliError(`windtunnel diff: the oracle (Airflow, profile ${profile}) failed on ${name}: ${(err as Error).message}`, 1);
      } finally {
        await oracle.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
}
