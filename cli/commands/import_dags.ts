// `windtunnel import-dags DIR --out scenario.yaml [--profile P]`: the profile's real Airflow reads a folder
// of DAG files (its DagBag and serialization, in oracle/.venvs/<P>); the DAGs become a scenario whose
// defaults for what DAG files cannot say are marked with comments. Import errors are listed as Airflow
// reports them (file:line: message) and never stop the command. Needs `npm run oracle:setup`.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_PROFILE, NAME_PATTERN } from '../../core/index.js';
import { readDagFolder } from '../airflow/import_dags_python.js';
import { formatImportError, importedScenarioYaml } from '../airflow/import_dags_scenario.js';
import { CliError, profileOption } from '../load.js';

function scenarioName(folder: string, given: string | undefined): string {
  if (given !== undefined) {
    if (!NAME_PATTERN.test(given)) throw new CliError(`windtunnel import-dags: --name must match [A-Za-z0-9_.-]+, not '${given}'`, 2);
    return given;
  }
  const base = basename(resolve(folder)).replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');
  return base === '' ? 'imported-dags' : base;
}

export function register(program: Command): void {
  program
    .command('import-dags')
    .description("read a folder of Airflow DAG files with the profile's real Airflow and write a scenario")
    .argument('<dir>', 'folder of DAG files (as a DAGs folder)')
    .requiredOption('--out <file>', 'scenario YAML to write')
    .option('--profile <profile>', `Airflow profile whose installed Airflow reads the files (default ${DEFAULT_PROFILE})`)
    .option('--name <name>', 'scenario name (default: the folder name)')
    .option('--timeout <seconds>', 'give up when Airflow has not read the folder after this long', '600')
    .option('--verbose', 'also print every note written into the file')
    .addHelpText('after', '\nExample: windtunnel import-dags airflow/dags --profile 3.3 --out my-dags.yaml\nRequires the profile\'s Airflow: npm run oracle:setup')
    .action(async (dir: string, opts: { out: string; profile?: string; name?: string; timeout: string; verbose?: boolean }) => {
      const profile = profileOption(opts.profile, 'import-dags') ?? DEFAULT_PROFILE;
      const timeoutS = Number(opts.timeout);
      if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new CliError(`windtunnel import-dags: --timeout must be a positive number of seconds, not '${opts.timeout}'`, 2);
      try {
        if (!statSync(dir).isDirectory()) throw new CliError(`${dir}: not a folder`, 1);
      } catch (err) {
        if (err instanceof CliError) throw err;
        throw new CliError(`${dir}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
      }
      const name = scenarioName(dir, opts.name);
      let answer;
      try {
        answer = await readDagFolder(resolve(dir), { profile, name, timeoutMs: timeoutS * 1000 });
      } catch (err) {
        throw new CliError(`windtunnel import-dags: ${(err as Error).message}`, 1);
      }
      let result;
      try {
        result = importedScenarioYaml(answer, opts.out);
      } catch (err) {
        throw new CliError(`windtunnel import-dags: ${(err as Error).message}`, 1);
      }
      try {
        mkdirSync(dirname(resolve(opts.out)), { recursive: true });
        writeFileSync(opts.out, result.yaml);
      } catch (err) {
        throw new CliError(`${opts.out}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
      }
      const err = (line: string) => process.stderr.write(`${line}\n`);
      for (const e of answer.import_errors) err(`import error: ${formatImportError(e)}`);
      for (const s of answer.skipped_dags) err(`left out: DAG ${s.dag_id} (${s.file}): ${s.reason}`);
      for (const r of result.repairs) err(`left out: ${r}`);
      const counts = new Map<string, number>();
      for (const n of answer.notes) {
        const kind = n.kind ?? n.text;
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
        if (opts.verbose) err(`note: ${n.path.join('.')}: ${n.text}`);
      }
      if (!opts.verbose) for (const [kind, n] of counts) if (n > 0) err(`note (${n}x): ${kind}`);
      err(`${opts.out}: ${result.dags} DAG${result.dags === 1 ? '' : 's'}, ${result.tasks} task${result.tasks === 1 ? '' : 's'} read by Airflow ${answer.airflow_version}; ` +
        `${answer.import_errors.length} file${answer.import_errors.length === 1 ? '' : 's'} with import errors, ` +
        `${answer.skipped_dags.length + result.repairs.filter((r) => r.startsWith('DAG ')).length} DAG(s) left out`);
      process.stdout.write(`${opts.out}\n`);
    });
}
