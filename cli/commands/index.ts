// Every CLI command, in help order. A command module exports `register(program)`.
import type { Command } from 'commander';
import { register as run } from './run.js';
import { register as validate } from './validate.js';
import { register as lessons } from './lessons.js';
import { register as exportCommand } from './export.js';
import { register as nextRuns } from './next_runs.js';

export const commands: Array<(program: Command) => void> = [run, validate, lessons, nextRuns, exportCommand];
import { register as exportDags } from './export_dags.js';
commands.push(exportDags);
import { register as importCommand } from './import.js';
commands.push(importCommand);
import { register as serve } from './serve.js';
commands.push(serve);
import { register as oracleInput } from './oracle_input.js';
commands.push(oracleInput);
import { register as diff } from './diff.js';
commands.push(diff);
import { register as importDags } from './import_dags.js';
commands.push(importDags);
import { register as stats } from './stats.js';
commands.push(stats);
