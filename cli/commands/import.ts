// `windtunnel import PATH...`: saved answers of a real Airflow's REST API v2 (dag runs, task
// instances, asset events; pages or directories of them) → a read-only history in the RunOutput
// shape, which `windtunnel export`, the explorer and the SQL console show like simulated runs.
// With --what-if SCENARIO, the history is carried up to the scenario's clock.start and the rest is
// re-simulated under the scenario's settings; both run lists are printed or written side by side.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseInstant } from '../../core/index.js';
import { importHistory, type ApiDocument, type ImportProblem } from '../../core/index.js';
import { historyDatabase } from '../../core/index.js';
import { whatIf } from '../../core/index.js';
import { runOutputJsonChunks } from '../../core/index.js';
import { writeChunks } from '../write_chunks.js';
import { pairChunks } from '../airflow/json_pair.js';
import { checkWork } from '../work_budget.js';
import { CliError, loadScenario, loadSql } from '../load.js';
import { readDocuments } from '../airflow/documents.js';
import { FETCH_TIMEOUT_MS, fetchDocuments } from '../airflow/fetch.js';
import { runTable, sideBySide } from '../airflow/compare.js';

interface ImportOpts {
  name?: string;
  format?: string;
  out?: string;
  db?: string;
  whatIf?: string;
  from?: string;
  until?: string;
  url?: string;
  token?: string;
  save?: string;
  timeout?: string;
  strict?: boolean;
  force?: boolean;
}

export function register(program: Command): void {
  program
    .command('import')
    .description('turn saved Airflow REST API answers into a history; --what-if re-simulates it with other settings')
    .argument('[paths...]', 'JSON files or directories of them (GET .../dagRuns, .../taskInstances, /assets/events pages)')
    .option('--url <base>', 'fetch the documents from a running API server instead (Airflow 3 or `windtunnel serve`)')
    .option('--token <token>', 'bearer token for --url (default: $AIRFLOW_TOKEN, then $WINDTUNNEL_TOKEN)')
    .option('--save <dir>', 'with --url: also save every fetched page as JSON into DIR')
    .option('--timeout <seconds>', `with --url: give up on a request after this long (default ${FETCH_TIMEOUT_MS / 1000})`)
    .option('--name <name>', 'name of the history (RunOutput.scenario)', 'imported')
    .option('--format <format>', 'json | table (default: json; table with --what-if)')
    .option('--out <path>', 'write the history JSON here; with --what-if, a directory for actual.json and what-if.json')
    .option('--db <file>', 'also write the history as a SQLite file (the SQL console\'s tables)')
    .option('--what-if <scenario>', 're-simulate from the history with this scenario\'s DAG settings')
    .option('--from <instant>', 'with --what-if: the cut (default: the scenario\'s clock.start)')
    .option('--until <instant>', 'with --what-if: simulate until (default: the scenario\'s clock.end)')
    .option('--strict', 'exit 1 when any document or record could not be read')
    .option('--force', 'with --what-if: simulate even when the estimated work is over the limit')
    .addHelpText('after', [
      '',
      'Examples:',
      '  curl -H "Authorization: Bearer $T" "$AIRFLOW/api/v2/dags/~/dagRuns?limit=100" > saved/runs.json',
      '  windtunnel import saved/ --out history.json && windtunnel export history.json --svg timeline.svg',
      '  windtunnel import --url http://localhost:8080 --token "$T" --save saved/',
      '  windtunnel import saved/ --what-if catchup-on.yaml            # both run lists, then the differences',
      '  windtunnel import saved/ --what-if catchup-on.yaml --out compare/   # compare/actual.json, compare/what-if.json',
    ].join('\n'))
    .action(async (paths: string[], opts: ImportOpts) => {
      const format = opts.format ?? (opts.whatIf ? 'table' : 'json');
      if (!['json', 'table'].includes(format)) throw new CliError(`windtunnel import: --format must be json or table, not '${format}'`, 2);
      if (paths.length === 0 && !opts.url) throw new CliError('windtunnel import: give JSON files or directories, or --url', 2);
      if (opts.save && !opts.url) throw new CliError('windtunnel import: --save needs --url', 2);
      if ((opts.from || opts.until) && !opts.whatIf) throw new CliError('windtunnel import: --from and --until need --what-if', 2);
      const timeout = opts.timeout === undefined ? FETCH_TIMEOUT_MS / 1000 : Number(opts.timeout);
      if (!(timeout > 0 && timeout <= 3600)) throw new CliError(`windtunnel import: --timeout must be 0–3600 seconds, not '${opts.timeout}'`, 2);

      const docs: ApiDocument[] = [];
      const problems: ImportProblem[] = [];
      if (paths.length) {
        const r = readDocuments(paths);
        docs.push(...r.docs);
        problems.push(...r.problems);
      }
      if (opts.url) {
        const token = opts.token ?? process.env.AIRFLOW_TOKEN ?? process.env.WINDTUNNEL_TOKEN ?? null;
        try {
          const r = await fetchDocuments({ baseUrl: opts.url, token, save: opts.save, timeoutMs: timeout * 1000 });
          docs.push(...r.docs);
          problems.push(...r.problems);
        } catch (err) {
          throw new CliError(`windtunnel import: ${opts.url}: ${(err as Error).message}`, 1);
        }
      }
      const history = importHistory(docs, { name: opts.name });
      problems.push(...history.problems);
      for (const p of problems) process.stderr.write(printable(`${p.level}: ${p.document}: ${p.message}`) + '\n');
      const out = history.output;
      if (out.dag_runs.length === 0 && out.asset_events.length === 0) throw new CliError('windtunnel import: nothing to import', 1);
      process.stderr.write(`imported ${out.dag_runs.length} dag run(s), ${out.task_instances.length} task instance(s), ${out.asset_events.length} asset event(s) from ${docs.length} document(s)\n`);

      if (opts.db) {
        const db = historyDatabase(out, await loadSql());
        for (const r of db.refused) process.stderr.write(`warning: not stored in ${opts.db}: ${r}\n`);
        writeOrFail(opts.db, db.exportDb());
        db.close();
      }

      if (!opts.whatIf) {
        // JSON is streamed in pieces: 300,000 runs make more text than V8's longest string.
        if (format === 'json') {
          await writeOrFailChunks(runOutputJsonChunks(out), opts.out);
          if (opts.out) process.stderr.write(`open ${opts.out} in the app (npm start, then Open…) to explore it and try a what-if\n`);
        } else if (opts.out) writeOrFail(opts.out, runTable(out.dag_runs));
        else process.stdout.write(runTable(out.dag_runs));
      } else {
        const scenario = loadScenario(opts.whatIf);
        const tz = scenario.config.default_timezone;
        const at = (flag: string, v: string | undefined) => {
          if (!v) return undefined;
          try { return parseInstant(v, tz); } catch (err) { throw new CliError(`windtunnel import: ${flag}: ${(err as Error).message}`, 2); }
        };
        const from = at('--from', opts.from);
        const until = at('--until', opts.until);
        checkWork(scenario, { file: opts.whatIf, from, until, force: opts.force });
        let result;
        try {
          result = whatIf(out, scenario, { sql: await loadSql(), from, until });
        } catch (err) {
          throw new CliError(`windtunnel import: --what-if: ${(err as Error).message}`, 1);
        }
        for (const n of result.notes) process.stderr.write(`what-if: ${n}\n`);
        if (opts.out) {
          mkdirSync(opts.out, { recursive: true });
          await writeOrFailChunks(runOutputJsonChunks(out), join(opts.out, 'actual.json'));
          await writeOrFailChunks(runOutputJsonChunks(result.output), join(opts.out, 'what-if.json'));
          process.stdout.write(`${join(opts.out, 'actual.json')}\n${join(opts.out, 'what-if.json')}\n`);
        } else if (format === 'json') {
          await writeChunks(pairChunks(out, result.output));
        } else {
          process.stdout.write(sideBySide(out, result.output));
        }
      }
      if (opts.strict && problems.length > 0) process.exitCode = 1;
    });
}

function writeOrFail(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (err) {
    throw new CliError(`${path}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
  }
}

async function writeOrFailChunks(chunks: Iterable<string>, path: string | undefined): Promise<void> {
  try {
    await writeChunks(chunks, path);
  } catch (err) {
    throw new CliError(`${path ?? 'stdout'}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
  }
}

/** Server-supplied text on a terminal: control characters shown as escapes, never obeyed. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
