// The headless Windtunnel: the same core as the app, driven from a terminal.
// Each command lives in cli/commands/<name>.ts and registers itself on the program.
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { CliError } from './load.js';

const program = new Command('windtunnel')
  .description('Simulate and explore the Apache Airflow 3 scheduler')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });
for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2; // usage errors exit 2 (scenario-format.md, CLI)
  } else if (err instanceof CliError) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`windtunnel: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
