// Text formatting for the views. Null is always explicit: tables show "—", the inspector says
// "None (null)" so a learner sees that the field exists and is empty.

export const DASH = '—';

/** "1 dag run", "2 dag runs", "0 task instances": a count and its noun, pluralised in English. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** An output instant as shown in tables: "2025-01-01 00:00:00Z", or — for null. */
export function fmtInstant(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return DASH;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2].length === 5 ? `${m[2]}:00` : m[2]}${m[3] ?? ''}Z` : iso;
}

/** Epoch ms as an output instant ("2025-01-01T00:00:00Z", milliseconds only when not zero). */
export function isoOf(t: number): string {
  if (!Number.isFinite(t)) return '';
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

export function fmtInterval(start: string | null, end: string | null): string {
  if (start === null && end === null) return DASH;
  if (start !== null && start === end) return `${fmtInstant(start)} (zero-length)`;
  return `${fmtInstant(start)} → ${fmtInstant(end)}`;
}

/** A duration in ms, compactly: "45s", "12m 30s", "3h 05m", "2d 4h". */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  const neg = ms < 0;
  let s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const pad = (v: number) => String(v).padStart(2, '0');
  const out = d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${pad(m)}m` : m > 0 ? `${m}m ${pad(s)}s` : `${s}s`;
  return neg ? `-${out}` : out;
}

export function durationBetween(start: string | null, end: string | null): number | null {
  if (!start || !end) return null;
  return Date.parse(end) - Date.parse(start);
}

/** JSON for display: {} and [] stay short; null is spelled out. */
export function fmtJson(v: unknown, indent = 0): string {
  if (v === undefined) return DASH;
  return JSON.stringify(v, null, indent || undefined) ?? 'null';
}

/** The inspector's spelling of a field value: null is "None (null)", as Airflow's Python would show None. */
export function fmtField(v: unknown): string {
  if (v === null) return 'None (null)';
  if (v === undefined) return '(absent)';
  if (typeof v === 'string') return v === '' ? '"" (empty string)' : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** A task instance's name as the grid and inspector show it: "train [2]" for map index 2. */
export const tiLabel = (t: { task_id: string; map_index: number }): string => (t.map_index >= 0 ? `${t.task_id} [${t.map_index}]` : t.task_id);
