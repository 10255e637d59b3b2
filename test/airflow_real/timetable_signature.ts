// A schedule reduced to what Airflow's serialized timetable says: the class name and its arguments,
// with cron presets spelt out. Lets a test compare a scenario's schedule with a real DagBag's timetable,
// and two scenarios' schedules with each other, without caring how the YAML spelt them.
import type { AirflowConfig, AssetCondition, Duration, ScheduleSpec } from '../../core/model/scenario.js';

const PRESETS: Record<string, string> = {
  '@hourly': '0 * * * *', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *', '@quarterly': '0 0 1 */3 *', '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *',
};
const cron = (c: string) => PRESETS[c] ?? c;
/** A duration as its length (calendar months and fixed ms), whatever ISO text spelt it. */
const dur = (d: Duration) => { const x = d as unknown as { months?: number; ms?: number }; return `${x.months ?? 0}mo${x.ms ?? 0}ms`; };

function cond(c: AssetCondition): string {
  if (c.kind === 'asset') return c.name;
  if (c.kind === 'alias') return `alias:${c.name}`;
  // One-item all/any is the asset itself, as Airflow's serializer writes it.
  if (c.of.length === 1) return cond(c.of[0]);
  return `${c.kind}(${c.of.map(cond).join(',')})`;
}

export function scheduleSignature(s: ScheduleSpec, config: Pick<AirflowConfig, 'create_cron_data_intervals'>): string {
  switch (s.kind) {
    case 'null': return 'NullTimetable';
    case 'once': return 'OnceTimetable';
    case 'continuous': return 'ContinuousTimetable';
    case 'cron': return config.create_cron_data_intervals ? `CronDataIntervalTimetable(${cron(s.cron)})` : `CronTriggerTimetable(${cron(s.cron)})`;
    case 'delta': return config.create_cron_data_intervals ? `DeltaDataIntervalTimetable(${dur(s.delta)})` : `DeltaTriggerTimetable(${dur(s.delta)})`;
    case 'cron_trigger': return `CronTriggerTimetable(${cron(s.cron)},${dur(s.interval)},${String(s.run_immediately)})`.replace(/,0mo0ms,false\)$/, ')');
    case 'cron_data_interval': return `CronDataIntervalTimetable(${cron(s.cron)})`;
    case 'delta_trigger': return `DeltaTriggerTimetable(${dur(s.delta)},${dur(s.interval)})`;
    case 'delta_data_interval': return `DeltaDataIntervalTimetable(${dur(s.delta)})`;
    case 'multiple_cron': return `MultipleCronTriggerTimetable(${s.crons.map(cron).join('|')},${dur(s.interval)},${String(s.run_immediately)})`;
    case 'events': return `EventsTimetable(${s.events.join('|')},${s.restrict_to_events})`;
    case 'assets': return `AssetTriggeredTimetable(${cond(s.condition)})`;
    case 'asset_or_time': return `AssetOrTimeSchedule(${cond(s.condition)},${scheduleSignature(s.timetable, config)})`;
  }
}

/** The class and cron expression(s) a serialized timetable ({__type, __var}) holds. */
export function serializedTimetableSignature(t: { __type: string; __var?: Record<string, unknown> } | null): { cls: string; expression: string | null } {
  if (!t) return { cls: 'missing', expression: null };
  const cls = t.__type.split('.').pop() ?? t.__type;
  const v = t.__var ?? {};
  const expression = typeof v.expression === 'string' ? v.expression : Array.isArray(v.expressions) ? (v.expressions as string[]).join('|') : null;
  return { cls, expression };
}

/** The timetable class name a schedule becomes in Airflow (Dataset* in Airflow 2), and its cron. */
export function expectedTimetable(s: ScheduleSpec, config: Pick<AirflowConfig, 'create_cron_data_intervals'>, profile: string): { cls: string; expression: string | null } {
  const sig = scheduleSignature(s, config);
  const cls = sig.replace(/\(.*$/, '');
  const expression = s.kind === 'cron' || s.kind === 'cron_trigger' || s.kind === 'cron_data_interval' ? cron(s.cron) : s.kind === 'multiple_cron' ? s.crons.map(cron).join('|') : null;
  return { cls: profile === '2' ? cls.replace(/^Asset/, 'Dataset') : cls, expression };
}
