// Where every key of the scenario file went: a snippet of generated code in a named file, or a
// note saying how it is expressed elsewhere or why it cannot be. The export ends by walking the
// file's keys and turning any key nobody traced into a warning, so nothing is dropped silently.

export type NoteLevel = 'info' | 'warning';

export interface ExportNote {
  /** Concrete key path, e.g. `dags[0].tasks[1].retries` (empty for file-wide notes). */
  path: string;
  level: NoteLevel;
  message: string;
  /** The DAG the note concerns (its file's header lists it), or null for scenario-wide notes. */
  dag_id: string | null;
}

export interface KeyTrace {
  path: string;
  /** The path with list indexes and free names generalised: `dags[].tasks[].retries`, `pools.*`. */
  pattern: string;
  /** The generated file holding `code`, or null when the key is only noted. */
  file: string | null;
  /** Text that appears verbatim in `file`. */
  code: string | null;
  note: string | null;
}

/** Notes with the same message, once each, with the key paths they concern (first-seen order). */
export function groupNotes(notes: readonly ExportNote[]): { message: string; level: NoteLevel; paths: string[] }[] {
  const out: { message: string; level: NoteLevel; paths: string[] }[] = [];
  const byMessage = new Map<string, { message: string; level: NoteLevel; paths: string[] }>();
  for (const n of notes) {
    let g = byMessage.get(n.message);
    if (!g) { g = { message: n.message, level: n.level, paths: [] }; byMessage.set(n.message, g); out.push(g); }
    if (n.path && !g.paths.includes(n.path)) g.paths.push(n.path);
  }
  return out;
}

/** Note lines for a file header: "  - message (paths)", wrapped under 88 columns with a hanging indent. */
export function noteLines(notes: readonly ExportNote[]): string[] {
  const lines: string[] = [];
  for (const g of groupNotes(notes)) {
    const where = g.paths.length > 1 ? ` (${pathList(g.paths)})` : g.paths.length === 1 && !g.message.includes(g.paths[0]) ? ` (${g.paths[0]})` : '';
    const words = `${g.message}${where}`.split(/\s+/).filter(Boolean);
    let line = '  -';
    for (const w of words) {
      if (line.length + 1 + w.length > 84 && line.trim() !== '-') { lines.push(line); line = `    ${w}`; } else line += ` ${w}`;
    }
    lines.push(line);
  }
  return lines;
}

/** "a, b, c and 4 more" */
export function pathList(paths: readonly string[], max = 3): string {
  if (paths.length <= max) return paths.join(', ');
  return `${paths.slice(0, max).join(', ')} and ${paths.length - max} more`;
}

export function patternOf(path: string): string {
  return path
    .replace(/\[\d+\]/g, '[]')
    .replace(/^pools\..+$/, 'pools.*')
    .replace(/\.templates\..+$/, '.templates.*');
}

export class Tracer {
  readonly traces: KeyTrace[] = [];
  readonly notes: ExportNote[] = [];
  private readonly seen = new Set<string>();

  /** `path` became `code` in `file`. */
  code(path: string, file: string, code: string): void {
    this.add({ path, pattern: patternOf(path), file, code, note: null });
  }

  /** `path` is expressed another way, or cannot be: `message` says which. */
  note(path: string, level: NoteLevel, message: string, dag_id: string | null = null): void {
    this.add({ path, pattern: patternOf(path), file: null, code: null, note: message });
    this.notes.push({ path, level, message, dag_id });
  }

  /** A note not tied to one key (or in addition to a key's code). */
  remark(path: string, level: NoteLevel, message: string, dag_id: string | null = null): void {
    this.notes.push({ path, level, message, dag_id });
  }

  has(path: string): boolean {
    return this.seen.has(path);
  }

  private add(t: KeyTrace): void {
    this.traces.push(t);
    this.seen.add(t.path);
  }
}

/** A key path in the raw scenario document. */
export interface RawKey { path: string; pattern: string }

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every key of a raw scenario document (YAML parsed to plain data) that the export must account for.
 * Free-form values (params, conf, bodies, payloads, asset conditions, outcomes) count as one key.
 */
export function rawKeys(raw: unknown): RawKey[] {
  const out: RawKey[] = [];
  const leaf = (path: string) => out.push({ path, pattern: patternOf(path) });
  if (!isMap(raw)) return out;
  const mapOf = (v: unknown, base: string) => {
    if (isMap(v)) for (const k of Object.keys(v)) leaf(`${base}.${k}`);
  };
  const listOf = (v: unknown, base: string, each: (item: Record<string, unknown>, path: string) => void) => {
    if (Array.isArray(v)) v.forEach((item, i) => isMap(item) && each(item, `${base}[${i}]`));
  };
  const taskLike = (t: Record<string, unknown>, base: string) => {
    for (const [k, v] of Object.entries(t)) {
      if ((k === 'trigger' || k === 'templates') && isMap(v)) mapOf(v, `${base}.${k}`);
      else leaf(`${base}.${k}`);
    }
  };
  const schedule = (v: unknown, base: string) => {
    if (!isMap(v)) { leaf(base); return; }
    for (const [k, x] of Object.entries(v)) {
      if (k === 'or_schedule' && isMap(x)) schedule(x, `${base}.${k}`);
      else leaf(`${base}.${k}`);
    }
  };
  for (const [k, v] of Object.entries(raw)) {
    switch (k) {
      case 'rules':
      case 'config':
      case 'clock':
      case 'pools':
        if (isMap(v)) mapOf(v, k); else leaf(k);
        break;
      case 'assets':
        if (!Array.isArray(v)) { leaf(k); break; }
        listOf(v, 'assets', (a, p) => {
          for (const [ak, av] of Object.entries(a)) {
            if (ak === 'watchers' && Array.isArray(av)) listOf(av, `${p}.watchers`, (w, wp) => { for (const wk of Object.keys(w)) leaf(`${wp}.${wk}`); });
            else leaf(`${p}.${ak}`);
          }
        });
        break;
      case 'dags':
        if (!Array.isArray(v)) { leaf(k); break; }
        listOf(v, 'dags', (d, p) => {
          for (const [dk, dv] of Object.entries(d)) {
            if (dk === 'schedule') schedule(dv, `${p}.schedule`);
            else if (dk === 'default_args' && isMap(dv)) taskLike(dv, `${p}.default_args`);
            else if (dk === 'tasks' && Array.isArray(dv)) listOf(dv, `${p}.tasks`, taskLike);
            else leaf(`${p}.${dk}`);
          }
        });
        break;
      case 'events':
        if (!Array.isArray(v)) { leaf(k); break; }
        listOf(v, 'events', (e, p) => {
          for (const [ek, ev] of Object.entries(e)) {
            if (isMap(ev)) mapOf(ev, `${p}.${ek}`);
            else leaf(`${p}.${ek}`);
          }
        });
        break;
      default:
        leaf(k);
    }
  }
  return out;
}
