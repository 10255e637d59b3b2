// Declared differences (oracle/declared.yaml): the few places where Windtunnel knowingly differs from
// real Airflow, each with a reason a user would accept and a rule that matches those differences and
// nothing else: one table, one field, optionally some profiles, and exactly one predicate on the two
// values. A rule's file errors are located (FILE:LINE:COL path: message) like a scenario's.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ABSENT, instantMicros, WHOLE_ROW, type DiffTable, type Difference } from './diff_align.js';

export type Predicate =
  /** Both are instants and Airflow's is later than Windtunnel's by more than 0 and at most N seconds. */
  | { airflow_later_within_seconds: number }
  /** Airflow's output has no such field (the harness cannot observe it in that version). */
  | { airflow_absent: true }
  /** Exactly this pair of values (compared as JSON). */
  | { values: { windtunnel: unknown; airflow: unknown } }
  /** Windtunnel's value is exactly this (JSON); Airflow's is one Windtunnel cannot know (e.g. a uuid). */
  | { windtunnel_is: unknown }
  /** Both are strings matching these whole-string regular expressions, with equal capture groups. */
  | { patterns: { windtunnel: string; airflow: string } };

export interface DeclaredRule {
  id: string;
  reason: string;
  kind: DiffTable;
  /** A column or dotted path; `[]` stands for any index of a list (`response.dag_runs[].note`). */
  field: string | string[];
  /** Profiles the rule applies to; all when omitted. */
  profiles?: string[];
  when: Predicate;
}

export interface DeclaredDifference extends Difference {
  rule: string;
  reason: string;
}

export class DeclaredFileError extends Error {}

const KINDS: readonly DiffTable[] = ['dag_run', 'task_instance', 'xcom', 'asset_event', 'event_result'];
const PREDICATES = ['airflow_later_within_seconds', 'airflow_absent', 'values', 'windtunnel_is', 'patterns'];
const RULE_KEYS = ['id', 'reason', 'kind', 'field', 'profiles', 'when'];

/** oracle/declared.yaml of this checkout, found upward from this module (source or dist bundle). */
export function declaredFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'oracle', 'declared.yaml');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return join(process.cwd(), 'oracle', 'declared.yaml');
    dir = up;
  }
}

/** Reads and checks a declared-differences file; throws DeclaredFileError listing every problem. */
export function loadDeclared(file: string = declaredFile()): DeclaredRule[] {
  const name = file;
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (err) {
    throw new DeclaredFileError(`${name}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseDeclared(text, name);
}

export function parseDeclared(text: string, name: string): DeclaredRule[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const errors: string[] = [];
  const at = (node: Node | null | undefined, path: string, message: string) => {
    const p = lc.linePos(node?.range?.[0] ?? 0);
    errors.push(`${name}:${p.line}:${p.col} ${path}: ${message}`);
  };
  for (const e of doc.errors) {
    const p = lc.linePos(e.pos[0]);
    errors.push(`${name}:${p.line}:${p.col}: ${e.message.split('\n')[0]}`);
  }
  if (errors.length) throw new DeclaredFileError(errors.join('\n'));
  const root = doc.contents;
  if (!isMap(root)) throw new DeclaredFileError(`${name}:1:1: expected a mapping with a 'declared:' list`);
  const list = root.get('declared', true) as Node | undefined;
  if (list === undefined || (isScalar(list) && list.value === null)) return [];
  if (!isSeq(list)) throw new DeclaredFileError(`${name}:1:1 declared: expected a list of rules`);
  const rules: DeclaredRule[] = [];
  const ids = new Set<string>();
  list.items.forEach((item, i) => {
    const path = `declared[${i}]`;
    if (!isMap(item)) { at(item as Node, path, 'expected a mapping'); return; }
    const r = item.toJSON() as Record<string, unknown>;
    const node = (k: string) => (item.get(k, true) as Node | undefined) ?? item;
    const keyNode = (k: string) => (item.items.find((p) => isScalar(p.key) && p.key.value === k)?.key as Node | undefined) ?? item;
    for (const k of Object.keys(r)) if (!RULE_KEYS.includes(k)) at(keyNode(k), `${path}.${k}`, `unknown key (expected ${RULE_KEYS.join(', ')})`);
    const str = (k: string) => {
      if (typeof r[k] !== 'string' || (r[k] as string).trim() === '') { at(node(k), `${path}.${k}`, 'required, a non-empty string'); return false; }
      return true;
    };
    const fieldOk = typeof r.field === 'string' ? str('field')
      : Array.isArray(r.field) && r.field.length > 0 && r.field.every((f) => typeof f === 'string' && f.trim() !== '');
    if (!fieldOk && typeof r.field !== 'string') at(node('field'), `${path}.field`, 'required, a non-empty string or list of strings');
    let ok = str('id') && str('reason') && fieldOk;
    if (typeof r.id === 'string') {
      if (ids.has(r.id)) { at(node('id'), `${path}.id`, `duplicate id '${r.id}'`); ok = false; }
      ids.add(r.id);
    }
    if (!KINDS.includes(r.kind as DiffTable)) { at(node('kind'), `${path}.kind`, `expected one of ${KINDS.join(', ')}`); ok = false; }
    if (r.profiles !== undefined && !(Array.isArray(r.profiles) && r.profiles.length > 0 && r.profiles.every((p) => typeof p === 'string'))) {
      at(node('profiles'), `${path}.profiles`, 'expected a non-empty list of profile names ("3.0", "3.1", ...)'); ok = false;
    }
    const when = r.when as Record<string, unknown> | undefined;
    const keys = when && typeof when === 'object' && !Array.isArray(when) ? Object.keys(when) : [];
    if (keys.length !== 1 || !PREDICATES.includes(keys[0])) {
      at(node('when'), `${path}.when`, `expected exactly one of ${PREDICATES.join(', ')}`); ok = false;
    } else if (keys[0] === 'airflow_later_within_seconds') {
      const n = when!.airflow_later_within_seconds;
      if (typeof n !== 'number' || !(n > 0) || n > 60) { at(node('when'), `${path}.when.airflow_later_within_seconds`, 'expected a number of seconds in (0, 60]'); ok = false; }
    } else if (keys[0] === 'airflow_absent' && when!.airflow_absent !== true) {
      at(node('when'), `${path}.when.airflow_absent`, 'expected true'); ok = false;
    } else if (keys[0] === 'values') {
      const v = when!.values as Record<string, unknown> | null;
      if (!v || typeof v !== 'object' || !('windtunnel' in v) || !('airflow' in v) || Object.keys(v).length !== 2) {
        at(node('when'), `${path}.when.values`, 'expected {windtunnel: VALUE, airflow: VALUE}'); ok = false;
      }
    } else if (keys[0] === 'patterns') {
      const v = when!.patterns as Record<string, unknown> | null;
      const bad = !v || typeof v !== 'object' || Object.keys(v).length !== 2 || typeof v.windtunnel !== 'string' || typeof v.airflow !== 'string';
      let why = bad ? 'expected {windtunnel: REGEX, airflow: REGEX}' : '';
      if (!bad) {
        for (const side of ['windtunnel', 'airflow'] as const) {
          try { new RegExp(v[side] as string); } catch (err) { why = `${side}: ${(err as Error).message}`; }
        }
      }
      if (why) { at(node('when'), `${path}.when.patterns`, why); ok = false; }
    }
    if ((r.field === WHOLE_ROW || (Array.isArray(r.field) && r.field.includes(WHOLE_ROW))) && keys[0] !== 'values') { at(node('field'), `${path}.field`, `a whole-row rule must name both values`); ok = false; }
    if (ok) rules.push(r as unknown as DeclaredRule);
  });
  if (errors.length) throw new DeclaredFileError(errors.join('\n'));
  return rules;
}

const json = (v: unknown) => JSON.stringify(v);

const fieldsOf = (rule: DeclaredRule): string[] => (Array.isArray(rule.field) ? rule.field : [rule.field]);

export function ruleMatches(rule: DeclaredRule, d: Difference, profile: string): boolean {
  if (rule.kind !== d.kind || !fieldsOf(rule).includes(d.field.replace(/\[\d+\]/g, '[]'))) return false;
  if (rule.profiles && !rule.profiles.includes(profile)) return false;
  const w = rule.when;
  if ('airflow_later_within_seconds' in w) {
    const x = instantMicros(d.windtunnel);
    const y = instantMicros(d.airflow);
    return x !== null && y !== null && y > x && y - x <= w.airflow_later_within_seconds * 1e6;
  }
  if ('airflow_absent' in w) return d.airflow === ABSENT;
  if ('windtunnel_is' in w) return d.airflow !== ABSENT && d.airflow !== null && json(w.windtunnel_is) === json(d.windtunnel);
  if ('patterns' in w) {
    if (typeof d.windtunnel !== 'string' || typeof d.airflow !== 'string') return false;
    const x = new RegExp(`^(?:${w.patterns.windtunnel})$`).exec(d.windtunnel);
    const y = new RegExp(`^(?:${w.patterns.airflow})$`).exec(d.airflow);
    return x !== null && y !== null && json(x.slice(1)) === json(y.slice(1));
  }
  return json(w.values.windtunnel) === json(d.windtunnel) && json(w.values.airflow) === json(d.airflow);
}

/** Splits differences into those no rule explains and those a rule declares (with its id and reason). */
export function applyDeclared(differences: readonly Difference[], rules: readonly DeclaredRule[], profile: string): { undeclared: Difference[]; declared: DeclaredDifference[] } {
  const undeclared: Difference[] = [];
  const declared: DeclaredDifference[] = [];
  for (const d of differences) {
    const rule = rules.find((r) => ruleMatches(r, d, profile));
    if (rule) declared.push({ ...d, rule: rule.id, reason: rule.reason });
    else undeclared.push(d);
  }
  return { undeclared, declared };
}
