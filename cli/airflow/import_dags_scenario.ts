// The answer of `python -m windtunnel_oracle.import_dags` (a scenario as plain data, notes at key paths,
// the folder's import errors) -> scenario YAML with the notes as comments, checked by the scenario
// parser. Whatever the parser refuses is repaired (the offending optional key, then the task's key, then
// the DAG or event, dropped with a note) so the written file always validates.
import { Document, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { parseScenario } from '../../core/index.js';
import { parsePath } from '../../core/index.js';

export type Seg = string | number;
export interface ImportNote { path: Seg[]; text: string; kind?: string }
export interface AirflowImportError { file: string; line: number | null; message: string; traceback: string }
export interface ImportAnswer {
  airflow_version: string;
  folder: string;
  scenario: Record<string, unknown>;
  notes: ImportNote[];
  import_errors: AirflowImportError[];
  skipped_dags: Array<{ dag_id: string; file: string; reason: string }>;
  summary: { dags: number; tasks: number; import_errors: number; skipped_dags: number };
  /** Each DAG's timetable as Airflow serialized it ({__type: class path, __var: arguments}). */
  timetables: Record<string, { __type: string; __var?: Record<string, unknown> } | null>;
}

export interface ImportedScenario {
  yaml: string;
  /** Notes added while repairing what the scenario parser refused (also in the YAML as comments). */
  repairs: string[];
  dags: number;
  tasks: number;
}

/** Values equal to these are left out of the file (the scenario format's own defaults). */
const TASK_DEFAULTS: Record<string, unknown> = {
  operator: 'python', trigger_rule: 'all_success', depends_on_past: false, wait_for_downstream: false,
  ignore_first_depends_on_past: false, retries: 0, retry_delay: 'PT5M', retry_exponential_backoff: false,
  max_retry_delay: null, pool: 'default_pool', pool_slots: 1, priority_weight: 1, weight_rule: 'downstream',
  max_active_tis_per_dag: null, max_active_tis_per_dagrun: null,
};
const DAG_DEFAULTS: Record<string, unknown> = {
  end_date: null, timezone: 'UTC', paused: false, max_consecutive_failed_dag_runs: 0, dagrun_timeout: null,
  max_active_runs: 16, max_active_tasks: 16,
};
const MAX_REPAIRS = 200;

function withoutDefaults(obj: Record<string, unknown>, defaults: Record<string, unknown>, keepNoted: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k in defaults && JSON.stringify(defaults[k]) === JSON.stringify(v) && !keepNoted.has(k)) continue;
    out[k] = v;
  }
  return out;
}

type Scn = Record<string, unknown> & { dags?: Array<Record<string, unknown>>; events?: unknown[] };

function slim(answer: ImportAnswer): Scn {
  const s = structuredClone(answer.scenario) as Scn;
  const noted = (prefix: Seg[]) => new Set(answer.notes
    .filter((n) => n.path.length === prefix.length + 1 && prefix.every((p, i) => n.path[i] === p))
    .map((n) => String(n.path[prefix.length])));
  s.dags = (s.dags ?? []).map((d, i) => {
    const dag = withoutDefaults(d, DAG_DEFAULTS, noted(['dags', i]));
    dag.tasks = ((d.tasks as Array<Record<string, unknown>>) ?? []).map((t, j) => withoutDefaults(t, TASK_DEFAULTS, noted(['dags', i, 'tasks', j])));
    return dag;
  });
  return s;
}

/** Removes the value at `path`; returns what it removed (undefined when there was nothing). */
function removeAt(root: unknown, path: Seg[]): unknown {
  let cur: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  const last = path[path.length - 1];
  if (Array.isArray(cur) && typeof last === 'number') return cur.splice(last, 1)[0];
  if (cur && typeof cur === 'object' && typeof last === 'string' && last in cur) {
    const v = (cur as Record<string, unknown>)[last];
    delete (cur as Record<string, unknown>)[last];
    return v;
  }
  return undefined;
}

function getAt(root: unknown, path: Seg[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** Notes under a removed list item move with the list: later indexes shift down by one. */
function shiftNotes(notes: ImportNote[], listPath: Seg[], removed: number): ImportNote[] {
  const n = listPath.length;
  const under = (p: Seg[]) => p.length > n && listPath.every((s, i) => p[i] === s);
  return notes.flatMap((note) => {
    if (!under(note.path)) return [note];
    const idx = note.path[n] as number;
    if (idx === removed) return [];
    if (idx > removed) return [{ ...note, path: [...listPath, idx - 1, ...note.path.slice(n + 1)] }];
    return [note];
  });
}

/** One repair for one refused path: the smallest removal that makes sense for where it points. */
function repair(s: Scn, path: Seg[], message: string, notes: ImportNote[]): { notes: ImportNote[]; text: string } | null {
  // dags[i].tasks[j].<key>...: drop the task's key (templates/returns entry first), keep the task.
  if (path[0] === 'dags' && typeof path[1] === 'number' && path[2] === 'tasks' && typeof path[3] === 'number' && typeof path[4] === 'string' && path[4] !== 'task_id') {
    const taskPath = path.slice(0, 4);
    const target = (path[4] === 'templates' && typeof path[5] === 'string') ? path.slice(0, 6) : path.slice(0, 5);
    if (removeAt(s, target) === undefined) return null;
    const templates = getAt(s, [...taskPath, 'templates']);
    if (templates && typeof templates === 'object' && Object.keys(templates).length === 0) removeAt(s, [...taskPath, 'templates']);
    if (target[4] === 'trigger') removeAt(s, [...taskPath, 'operator']);
    const text = `dropped ${target.slice(4).join('.')}: ${message}`;
    return { notes: [...notes, { path: [...taskPath, 'task_id'], text }], text: `${formatSegs(target)}: ${text}` };
  }
  // Anything else inside a DAG or an event: drop that DAG or event.
  for (const list of ['dags', 'events'] as const) {
    if (path[0] === list && typeof path[1] === 'number') {
      const item = getAt(s, [list, path[1]]) as Record<string, unknown> | undefined;
      if (item === undefined) return null;
      removeAt(s, [list, path[1]]);
      const what = list === 'dags' ? `DAG ${String(item.dag_id)}` : `event ${path[1]}`;
      const text = `${what} left out: ${formatSegs(path)}: ${message}`;
      let kept = shiftNotes(notes, [list], path[1]);
      if (list === 'dags' && Array.isArray(s.events)) {
        // The default triggers import-dags added for that DAG go with it.
        for (let i = s.events.length - 1; i >= 0; i--) {
          const ev = s.events[i] as { trigger?: { dag_id?: unknown } };
          if (ev.trigger?.dag_id === item.dag_id) { s.events.splice(i, 1); kept = shiftNotes(kept, ['events'], i); }
        }
      }
      return { notes: [...kept, { path: [list], text }], text };
    }
  }
  return null;
}

function formatSegs(path: Seg[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Puts each note as a comment above the key (or list item) it is about, or its nearest existing parent. */
function commented(s: Scn, notes: ImportNote[]): string {
  const doc = new Document(s);
  const byNode = new Map<Node, string[]>();
  for (const note of notes) {
    // A note on a list item's id reads best above the item ("# ...\n- task_id: x").
    let path = ['task_id', 'dag_id'].includes(String(note.path[note.path.length - 1])) ? note.path.slice(0, -1) : note.path;
    let target: Node | null = null;
    while (path.length > 0 && target === null) target = nodeFor(doc, path), path = target ? path : path.slice(0, -1);
    const node = target ?? (doc.contents as Node);
    byNode.set(node, [...(byNode.get(node) ?? []), note.text]);
  }
  for (const [node, texts] of byNode) {
    const unique = [...new Set(texts)];
    node.commentBefore = unique.map((t) => ` ${t}`).join('\n');
  }
  // Short lists of names read best on one line.
  const visit = (n: unknown): void => {
    if (isSeq(n)) {
      if (n.items.every((i) => isScalar(i)) && n.items.length <= 12) n.flow = true;
      else n.items.forEach(visit);
    } else if (isMap(n)) n.items.forEach((p) => visit(p.value));
  };
  visit(doc.contents);
  return doc.toString({ lineWidth: 0 });
}

function nodeFor(doc: Document, path: Seg[]): Node | null {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = (parent.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === last);
    return pair && isScalar(pair.key) ? pair.key : null;
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last];
    return item && typeof item === 'object' ? (item as Node) : null;
  }
  return null;
}

/** The scenario YAML for an import answer; never throws on odd input, repairs what the parser refuses. */
export function importedScenarioYaml(answer: ImportAnswer, fileName: string): ImportedScenario {
  const s = slim(answer);
  let notes = answer.notes.map((n) => ({ ...n }));
  const repairs: string[] = [];
  for (let round = 0; round <= MAX_REPAIRS; round++) {
    const yaml = commented(s, notes);
    const parsed = parseScenario(yaml, fileName);
    if (parsed.ok) {
      const dags = s.dags ?? [];
      return { yaml, repairs, dags: dags.length, tasks: dags.reduce((n, d) => n + ((d.tasks as unknown[]) ?? []).length, 0) };
    }
    const first = parsed.errors[0];
    const path = parsePath(first.path) ?? [];
    const fixed = round < MAX_REPAIRS ? repair(s, path, first.message, notes) : null;
    if (!fixed) throw new Error(`the imported scenario does not validate: ${first.path}: ${first.message}`);
    notes = fixed.notes;
    repairs.push(fixed.text);
  }
  throw new Error('unreachable');
}

/** `file:line: message`, as Airflow's import error list shows them. */
export function formatImportError(e: AirflowImportError): string {
  return `${e.file}${e.line !== null ? `:${e.line}` : ''}: ${e.message}`;
}
