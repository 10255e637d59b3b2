// Building a CronSchedule for a timetable: croniter's complaints become TimetableInvalid with its
// message, as CronMixin.validate() raises AirflowTimetableInvalid(str(e)).
import { cronSchedule, CronSchedule, CronSyntaxError } from '../time/cron.js';
import { isValidTimeZone } from '../time/zone.js';
import { TimetableInvalid } from './types.js';

export function timetableCron(expression: string, timezone: string): CronSchedule {
  if (!isValidTimeZone(timezone)) throw new TimetableInvalid(`unknown time zone '${timezone}'`);
  try {
    return cronSchedule(expression, timezone);
  } catch (e) {
    if (e instanceof CronSyntaxError) throw new TimetableInvalid(e.message);
    throw e;
  }
}
