// `windtunnel next-runs --schedule SPEC`: the next N runs a schedule creates (logical date, data
// interval, run_after), in UTC and in the DAG's time zone, with DST shifts marked.
import type { Command } from 'commander';
import { formatInstant, nextRuns } from '../../core/index.js';
import { offsetAt, formatOffset, toWallClock } from '../../core/index.js';
import { CliError } from '../load.js';

interface Opts { schedule: string; startDate?: string; endDate?: string; catchup?: boolean; now?: string; n: string; timezone: string; dataIntervals?: boolean; format: string }

function local(ms: number, tz: string): string {
  const w = toWallClock(ms, tz);
  const p = (n: number, k = 2) => String(n).padStart(k, '0');
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}${formatOffset(offsetAt(ms, tz))}`;
}

export function register(program: Command): void {
  program
    .command('next-runs')
    .description('preview the next runs of a schedule (cron, preset, ISO duration, @once, @continuous)')
    .requiredOption('--schedule <spec>', 'e.g. "@daily", "30 2 * * *", PT1H')
    .option('--start-date <instant>', 'the DAG start_date')
    .option('--end-date <instant>', 'the DAG end_date')
    .option('--catchup', 'catchup=True (default off, as in Airflow 3)')
    .option('--data-intervals', 'create_cron_data_intervals=True: CronDataInterval/DeltaDataInterval timetables')
    .option('--now <instant>', 'the "now" to preview from (default: the current time)')
    .option('-n <count>', 'how many runs', '10')
    .option('--timezone <tz>', 'the DAG time zone', 'UTC')
    .option('--format <format>', 'table | json', 'table')
    .action((o: Opts) => {
      const n = Number(o.n);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new CliError(`windtunnel next-runs: -n must be a whole number from 1 to 10000, not '${o.n}'`, 2);
      let rows;
      try {
        rows = nextRuns({
          schedule: o.schedule, timezone: o.timezone, create_cron_data_intervals: Boolean(o.dataIntervals), start_date: o.startDate ?? null,
          end_date: o.endDate ?? null, catchup: Boolean(o.catchup), now: o.now ?? Date.now(), n,
        });
      } catch (err) {
        throw new CliError(`windtunnel next-runs: ${(err as Error).message}`, 1);
      }
      if (o.format === 'json') {
        process.stdout.write(JSON.stringify(rows.map((r) => ({
          logical_date: formatInstant(r.logical_date), data_interval_start: formatInstant(r.data_interval_start), data_interval_end: formatInstant(r.data_interval_end),
          run_after: formatInstant(r.run_after), run_after_local: local(r.run_after, o.timezone), utc_offset_minutes: r.utc_offset_minutes, dst_shift: r.dst_shift,
        })), null, 2) + '\n');
        return;
      }
      const head = ['logical_date', 'data_interval', 'run_after (UTC)', `run_after (${o.timezone})`, ''];
      const body = rows.map((r) => [formatInstant(r.logical_date), `${formatInstant(r.data_interval_start)} → ${formatInstant(r.data_interval_end)}`, formatInstant(r.run_after), local(r.run_after, o.timezone), r.dst_shift ? 'DST shift' : '']);
      const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
      for (const line of [head, ...body]) process.stdout.write(line.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd() + '\n');
      if (rows.length === 0) process.stdout.write('(no runs: the schedule proposes none from this point)\n');
    });
}
