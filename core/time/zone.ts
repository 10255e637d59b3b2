// Time zones: UTC offsets from temporal-polyfill, cached as transition lists so that hot loops (cron
// stepping, run previews) do plain arithmetic instead of going through Intl on every call.
// Wall-clock to instant follows pendulum's fold=1 (Temporal disambiguation 'later'): a time in a
// spring-forward gap moves forward by the gap, a repeated time takes its second occurrence.
import { Temporal } from 'temporal-polyfill';
import { MS_PER_DAY, msFromWall, wallFromMs, type WallClock } from './civil.js';

/** Offsets are cached per bucket of this many ms (a little over a year: about two transitions). */
const BUCKET_MS = 366 * MS_PER_DAY;

interface Bucket {
  index: number;
  /** Offset (ms) in force at the start of the bucket. */
  base: number;
  /** Transitions inside the bucket: instants and the offset from each on. */
  at: number[];
  offsets: number[];
}

interface ZoneCache {
  buckets: Map<number, Bucket>;
  last: Bucket | null;
}

const zones = new Map<string, ZoneCache>();
const validity = new Map<string, boolean>();

function isUtcName(tz: string): boolean {
  return tz === 'UTC' || tz === 'Etc/UTC';
}

/** True for an IANA name (or a fixed offset such as "+05:00") that Temporal knows. */
export function isValidTimeZone(name: string): boolean {
  const known = validity.get(name);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name);
    ok = name.length > 0;
  } catch {
    ok = false;
  }
  validity.set(name, ok);
  return ok;
}

function zoneCache(tz: string): ZoneCache {
  let z = zones.get(tz);
  if (!z) {
    if (!isValidTimeZone(tz)) throw new Error(`unknown time zone '${tz}'`);
    z = { buckets: new Map(), last: null };
    zones.set(tz, z);
  }
  return z;
}

function buildBucket(tz: string, index: number): Bucket {
  const start = index * BUCKET_MS;
  const end = start + BUCKET_MS;
  let zdt = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(tz);
  const bucket: Bucket = { index, base: zdt.offsetNanoseconds / 1e6, at: [], offsets: [] };
  for (;;) {
    const next = zdt.getTimeZoneTransition('next');
    if (next === null || next.epochMilliseconds >= end) break;
    bucket.at.push(next.epochMilliseconds);
    bucket.offsets.push(next.offsetNanoseconds / 1e6);
    zdt = next;
  }
  return bucket;
}

/** UTC offset in milliseconds (local = instant + offset) in force at instant `ms` in `tz`. */
export function offsetAt(ms: number, tz: string): number {
  if (isUtcName(tz)) return 0;
  const z = zoneCache(tz);
  const index = Math.floor(ms / BUCKET_MS);
  let b = z.last;
  if (b === null || b.index !== index) {
    b = z.buckets.get(index) ?? null;
    if (b === null) {
      b = buildBucket(tz, index);
      z.buckets.set(index, b);
    }
    z.last = b;
  }
  let off = b.base;
  for (let i = 0; i < b.at.length; i++) {
    if (ms >= b.at[i]!) off = b.offsets[i]!;
    else break;
  }
  return off;
}

/** The wall clock of instant `ms` in `tz`, as "local ms" (the wall clock read as if it were UTC). */
export function toLocalMs(ms: number, tz: string): number {
  return ms + offsetAt(ms, tz);
}

/**
 * The instant whose wall clock in `tz` is `local` (local ms), disambiguated like pendulum with
 * fold=1: of two candidates (a fold) the later; in a gap, the reading with the pre-gap offset,
 * which lands after the gap by its length (Temporal's 'later').
 */
export function fromLocalMs(local: number, tz: string): number {
  if (isUtcName(tz)) return local;
  const before = offsetAt(local - MS_PER_DAY, tz);
  const after = offsetAt(local + MS_PER_DAY, tz);
  if (before === after) {
    const t = local - before;
    if (offsetAt(t, tz) === before) return t;
    return fromLocalMsSlow(local, tz); // two transitions within two days: let Temporal decide
  }
  const t1 = local - before;
  const t2 = local - after;
  const ok1 = offsetAt(t1, tz) === before;
  const ok2 = offsetAt(t2, tz) === after;
  if (ok1 !== ok2) return ok1 ? t1 : t2;
  // Both valid (a fold) or neither (a gap): 'later' is the larger instant in both cases.
  return Math.max(t1, t2);
}

function fromLocalMsSlow(local: number, tz: string): number {
  const w = wallFromMs(local);
  const pdt = new Temporal.PlainDateTime(w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond);
  return pdt.toZonedDateTime(tz, { disambiguation: 'later' }).epochMilliseconds;
}

/** Naive wall-clock fields of instant `ms` in `tz`. */
export function toWallClock(ms: number, tz: string): WallClock {
  return wallFromMs(toLocalMs(ms, tz));
}

/** The instant of a naive wall clock in `tz` (pendulum fold=1 / Temporal 'later'). */
export function fromWallClock(w: WallClock, tz: string): number {
  return fromLocalMs(msFromWall(w), tz);
}

/** "+02:00"-style text of an offset in ms (seconds appended when the offset has them, e.g. LMT). */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  let s = Math.round(Math.abs(offsetMs) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const hm = `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return s === 0 ? hm : `${hm}:${String(s).padStart(2, '0')}`;
}
