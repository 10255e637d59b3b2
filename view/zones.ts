// Local-time display for the next-runs preview: a run's wall-clock time and UTC offset in a zone,
// and which rows cross a DST shift (the offset differs from the row before).

const fmtCache = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset',
    });
    fmtCache.set(tz, f);
  }
  return f;
}

export function validZone(tz: string): boolean {
  try { formatter(tz); return true; } catch { return false; }
}

/** Wall clock and offset of instant t in tz: { local: "2025-03-30 03:30:00", offset: "+02:00", offsetMinutes: 120 }. */
export function zoned(t: number, tz: string): { local: string; offset: string; offsetMinutes: number } {
  const parts = Object.fromEntries(formatter(tz).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const name = parts.timeZoneName ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  const offsetMinutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { local: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`, offset, offsetMinutes };
}

export interface ZonedRow { utc: string; local: string; offset: string; dstShift: boolean; shiftNote: string }

/** Rows for a list of instants; `dstShift` marks a row whose offset differs from the previous row's. */
export function zonedRows(instants: readonly number[], tz: string): ZonedRow[] {
  let prev: number | null = null;
  return instants.map((t) => {
    const z = zoned(t, tz);
    const shift = prev !== null && prev !== z.offsetMinutes;
    const note = shift ? `DST shift: UTC offset ${fmtOffset(prev!)} → ${z.offset}` : '';
    prev = z.offsetMinutes;
    return { utc: new Date(t).toISOString().replace('.000Z', 'Z'), local: z.local, offset: z.offset, dstShift: shift, shiftNote: note };
  });
}

function fmtOffset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
