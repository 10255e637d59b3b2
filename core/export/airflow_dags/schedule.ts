// A scenario schedule as the `schedule=` argument of Airflow 3.1 (or 2.11 for profile "2"). Every
// time-based schedule names its timetable class explicitly, so the DAG behaves the same whatever the
// target Airflow's [scheduler] create_cron_data_intervals says (the scenario's config already decided it).
import type { AssetCondition, Duration, ScheduleSpec } from '../../model/scenario.js';
import { LINE, pyBool, pyDatetimeExpr, pyDelta, pyStr } from './python.js';

/** Snippets of the emitted code for each key of a schedule mapping (each appears verbatim in `code`). */
export interface ScheduleParts {
  /** The form's own key (`cron_trigger`, `delta`, ...), or the whole plain value. */
  form: string;
  interval?: string;
  run_immediately?: string;
  restrict_to_events?: string;
  or_schedule?: ScheduleParts;
}

export interface ScheduleCode {
  code: string;
  imports: string[];
  parts: ScheduleParts;
  /** Human words for the header comment: which timetable and why. */
  comment: string;
}

export interface ScheduleContext {
  timezone: string;
  create_cron_data_intervals: boolean;
  /** Asset name → the Python variable holding its Asset. */
  assetVar: (name: string) => string;
  /** Profile "2": Airflow 2.11 names (Dataset*, no run_immediately, no MultipleCronTriggerTimetable). */
  airflow2?: boolean;
  /** Says what Airflow 2.11 cannot express (a warning note on the schedule). */
  unsupported?: (message: string) => void;
}

const TRIGGER = 'from airflow.timetables.trigger import';

/** `Cls(a, b)` on one line when it fits after `col` characters, else one argument per line. */
function call(cls: string, args: string[], indent: string, col: number): string {
  const flat = `${cls}(${args.join(', ')})`;
  if (col + flat.length <= LINE) return flat;
  const inner = indent + '    ';
  return `${cls}(\n${args.map((a) => `${inner}${a},\n`).join('')}${indent})`;
}
const INTERVAL = 'from airflow.timetables.interval import';

export function scheduleCode(s: ScheduleSpec, ctx: ScheduleContext, indent: string, col: number): ScheduleCode {
  const tz = `timezone=${pyStr(ctx.timezone)}`;
  const delta = (d: Duration) => pyDelta(d);
  switch (s.kind) {
    case 'null':
      return { code: 'None', imports: [], parts: { form: 'None' }, comment: 'schedule: null -> NullTimetable (only triggered runs)' };
    case 'once':
      return { code: '"@once"', imports: [], parts: { form: '"@once"' }, comment: 'schedule: "@once" -> OnceTimetable' };
    case 'continuous':
      return { code: '"@continuous"', imports: [], parts: { form: '"@continuous"' }, comment: 'schedule: "@continuous" -> ContinuousTimetable' };
    case 'cron': {
      const cls = ctx.create_cron_data_intervals ? 'CronDataIntervalTimetable' : 'CronTriggerTimetable';
      const code = call(cls, [pyStr(s.cron), tz], indent, col);
      return {
        code, imports: [`${ctx.create_cron_data_intervals ? INTERVAL : TRIGGER} ${cls}`], parts: { form: pyStr(s.cron) },
        comment: `schedule: ${pyStr(s.cron)} -> ${cls} (config.create_cron_data_intervals is ${ctx.create_cron_data_intervals ? 'true' : 'false'})`,
      };
    }
    case 'delta': {
      const cls = ctx.create_cron_data_intervals ? 'DeltaDataIntervalTimetable' : 'DeltaTriggerTimetable';
      const d = delta(s.delta);
      const code = call(cls, [d.code], indent, col);
      return {
        code, imports: [`${ctx.create_cron_data_intervals ? INTERVAL : TRIGGER} ${cls}`, ...d.imports], parts: { form: d.code },
        comment: `schedule: {delta: ${s.delta.iso}} -> ${cls} (config.create_cron_data_intervals is ${ctx.create_cron_data_intervals ? 'true' : 'false'})`,
      };
    }
    case 'cron_trigger': {
      const i = delta(s.interval);
      const ri = runImmediately(s.run_immediately);
      const interval = `interval=${i.code}`;
      const run_immediately = `run_immediately=${ri.code}`;
      // Airflow 2.11's CronTriggerTimetable has no run_immediately (it behaves as False).
      const a2 = ctx.airflow2 === true;
      if (a2 && s.run_immediately !== false) ctx.unsupported?.('run_immediately: Airflow 2.11\'s CronTriggerTimetable has no run_immediately (it behaves as False)');
      return {
        code: call('CronTriggerTimetable', a2 ? [pyStr(s.cron), tz, interval] : [pyStr(s.cron), tz, interval, run_immediately], indent, col),
        imports: [`${TRIGGER} CronTriggerTimetable`, ...i.imports, ...(a2 ? [] : ri.imports)],
        parts: a2 ? { form: pyStr(s.cron), interval } : { form: pyStr(s.cron), interval, run_immediately },
        comment: 'schedule: {cron_trigger: ...} -> CronTriggerTimetable',
      };
    }
    case 'cron_data_interval': {
      const code = call('CronDataIntervalTimetable', [pyStr(s.cron), tz], indent, col);
      return { code, imports: [`${INTERVAL} CronDataIntervalTimetable`], parts: { form: pyStr(s.cron) }, comment: 'schedule: {cron_data_interval: ...} -> CronDataIntervalTimetable' };
    }
    case 'delta_trigger': {
      const d = delta(s.delta);
      const i = delta(s.interval);
      const interval = `interval=${i.code}`;
      return {
        code: call('DeltaTriggerTimetable', [d.code, interval], indent, col), imports: [`${TRIGGER} DeltaTriggerTimetable`, ...d.imports, ...i.imports],
        parts: { form: d.code, interval }, comment: 'schedule: {delta_trigger: ...} -> DeltaTriggerTimetable',
      };
    }
    case 'delta_data_interval': {
      const d = delta(s.delta);
      const code = call('DeltaDataIntervalTimetable', [d.code], indent, col);
      return { code, imports: [`${INTERVAL} DeltaDataIntervalTimetable`, ...d.imports], parts: { form: d.code }, comment: 'schedule: {delta_data_interval: ...} -> DeltaDataIntervalTimetable' };
    }
    case 'multiple_cron': {
      if (ctx.airflow2 === true) {
        ctx.unsupported?.('multiple_cron: Airflow 2.11 has no MultipleCronTriggerTimetable; the DAG is written with schedule=None');
        return { code: 'None', imports: [], parts: { form: 'None' }, comment: 'schedule: {multiple_cron: [...]} -> not in Airflow 2.11 (schedule=None)' };
      }
      const i = delta(s.interval);
      const ri = runImmediately(s.run_immediately);
      const interval = `interval=${i.code}`;
      const run_immediately = `run_immediately=${ri.code}`;
      const crons = s.crons.map(pyStr);
      return {
        code: call('MultipleCronTriggerTimetable', [...crons, tz, interval, run_immediately], indent, col),
        imports: [`${TRIGGER} MultipleCronTriggerTimetable`, ...i.imports, ...ri.imports],
        parts: { form: crons[0], interval, run_immediately },
        comment: 'schedule: {multiple_cron: [...]} -> MultipleCronTriggerTimetable',
      };
    }
    case 'events': {
      const inner = indent + '    ';
      const dates = s.events.map((e) => `${inner}    ${pyDatetimeExpr(e, ctx.timezone)},\n`).join('');
      const head = 'EventsTimetable(';
      const restrict = `restrict_to_events=${pyBool(s.restrict_to_events)}`;
      return {
        code: `${head}\n${inner}event_dates=[\n${dates}${inner}],\n${inner}${restrict},\n${indent})`,
        imports: ['from airflow.timetables.events import EventsTimetable', 'import pendulum'],
        parts: { form: 'event_dates=[', restrict_to_events: restrict },
        comment: 'schedule: {events: [...]} -> EventsTimetable',
      };
    }
    case 'assets': {
      const c = conditionCode(s.condition, ctx);
      return { code: c.code, imports: c.imports, parts: { form: c.code }, comment: 'schedule: {assets: ...} -> AssetTriggeredTimetable' };
    }
    case 'asset_or_time': {
      const c = conditionCode(s.condition, ctx);
      const inner = indent + '    ';
      const t = scheduleCode(s.timetable, ctx, inner, inner.length + 'timetable='.length);
      const [cls, key, from] = ctx.airflow2 === true
        ? ['DatasetOrTimeSchedule', 'datasets', 'airflow.timetables.datasets'] : ['AssetOrTimeSchedule', 'assets', 'airflow.timetables.assets'];
      return {
        code: `${cls}(\n${inner}timetable=${t.code},\n${inner}${key}=${c.code},\n${indent})`,
        imports: [`from ${from} import ${cls}`, ...c.imports, ...t.imports],
        parts: { form: `${key}=${c.code}`, or_schedule: t.parts },
        comment: `schedule: {assets: ..., or_schedule: ...} -> AssetOrTimeSchedule over ${t.comment.replace(/^schedule: /, '')}`,
      };
    }
  }
}

function runImmediately(v: boolean | Duration): { code: string; imports: string[] } {
  return typeof v === 'boolean' ? { code: pyBool(v), imports: [] } : pyDelta(v);
}

/** An asset condition: the Asset variable, or AssetAll(...) / AssetAny(...) nested as written. */
export function conditionCode(c: AssetCondition, ctx: ScheduleContext): { code: string; imports: string[] } {
  if (c.kind === 'asset') return { code: ctx.assetVar(c.name), imports: [] };
  if (c.kind === 'alias') return { code: `AssetAlias(${pyStr(c.name)})`, imports: ['from airflow.sdk import AssetAlias'] };
  const a2 = ctx.airflow2 === true;
  const cls = a2 ? (c.kind === 'all' ? 'DatasetAll' : 'DatasetAny') : c.kind === 'all' ? 'AssetAll' : 'AssetAny';
  const parts = c.of.map((x) => conditionCode(x, ctx));
  return { code: `${cls}(${parts.map((p) => p.code).join(', ')})`, imports: [`from ${a2 ? 'airflow.datasets' : 'airflow.sdk'} import ${cls}`, ...parts.flatMap((p) => p.imports)] };
}

/** Asset names a condition mentions, in order of first mention. */
export function conditionNames(c: AssetCondition, out: string[] = []): string[] {
  if (c.kind === 'asset') { if (!out.includes(c.name)) out.push(c.name); }
  else if (c.kind !== 'alias') for (const x of c.of) conditionNames(x, out);
  return out;
}
