// The `lesson:` block of a lesson file: the profiles its text speaks for, the claims its text
// makes (checked against the simulation by the test suite), and the guided steps the explorer
// walks (an instant or a decision, what to highlight, a paragraph, maybe a question whose right
// answer is computed from the output). Read with located errors: `lesson.claims[2].equals: ...`.
import { parse } from 'yaml';
import { DEFAULT_PROFILE, PROFILES } from '../defaults.js';
import type { Profile } from '../../model/scenario.js';
import { QUERY_TABLES, type QueryTable, type RowQuery, type Scalar } from './query.js';

export type Check =
  | { count: RowQuery }
  | { value: RowQuery & { field: string } }
  | { ref_run_of: DecisionRef };

/** A decision-log line: its kind (default any line naming a consulted run), run and task. */
export interface DecisionRef { dag_id?: string; run_id: string; task_id?: string; kind?: string; nth?: number }

export interface Claim { says: string; check: Check; equals: Scalar; profiles?: Profile[] }

export interface Question { ask: string; choices: string[]; answer: Check }

export interface Highlight { run?: string; lane?: string; arc?: { run_id: string; task_id: string }; sql?: string; view?: string }

export interface Step {
  /** The clock instant the step moves to, or the decision whose instant it is. */
  at?: string;
  decision?: DecisionRef;
  highlight: Highlight;
  say: string;
  question?: Question;
}

export interface Teaching { profiles: Profile[]; claims: Claim[]; steps: Step[] }

export const VIEWS = ['timeline', 'runs', 'grid', 'decisions', 'sql', 'compare'] as const;

class Reader {
  errors: string[] = [];
  err(path: string, msg: string): undefined { this.errors.push(`${path}: ${msg}`); return undefined; }
  map(v: unknown, path: string, keys: readonly string[]): Record<string, unknown> | undefined {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.err(path, 'expected a mapping');
    const m = v as Record<string, unknown>;
    for (const k of Object.keys(m)) if (!keys.includes(k)) this.err(`${path}.${k}`, `unknown key (expected one of ${keys.join(', ')})`);
    return m;
  }
  str(v: unknown, path: string): string | undefined {
    return typeof v === 'string' && v.trim() !== '' ? v : this.err(path, 'expected non-empty text');
  }
  scalar(v: unknown, path: string): Scalar | undefined {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return v as Scalar;
    return this.err(path, 'expected a plain value (text, number, true/false or null)');
  }
  list(v: unknown, path: string): unknown[] { return Array.isArray(v) ? v : (this.err(path, 'expected a list'), []); }
  profiles(v: unknown, path: string): Profile[] {
    return this.list(v, path).flatMap((p, i) => {
      const s = String(p);
      if ((PROFILES as readonly string[]).includes(s)) return [s as Profile];
      this.err(`${path}[${i}]`, `'${s}' is not a profile (${PROFILES.join(', ')})`);
      return [];
    });
  }
  query(v: unknown, path: string, withField: boolean): (RowQuery & { field?: string }) | undefined {
    const m = this.map(v, path, withField ? ['table', 'where', 'field'] : ['table', 'where']);
    if (!m) return undefined;
    const table = m.table as QueryTable;
    if (!(QUERY_TABLES as readonly string[]).includes(String(table))) this.err(`${path}.table`, `expected one of ${QUERY_TABLES.join(', ')}`);
    const where: Record<string, Scalar> = {};
    if (m.where !== undefined) {
      const w = this.map(m.where, `${path}.where`, Object.keys(m.where as object ?? {}));
      for (const [k, x] of Object.entries(w ?? {})) { const s = this.scalar(x, `${path}.where.${k}`); if (s !== undefined) where[k] = s; }
    }
    const q: RowQuery & { field?: string } = { table, where };
    if (withField) q.field = this.str(m.field, `${path}.field`);
    return q;
  }
  decision(v: unknown, path: string): DecisionRef | undefined {
    const m = this.map(v, path, ['dag_id', 'run_id', 'task_id', 'kind', 'nth']);
    if (!m) return undefined;
    const d: DecisionRef = { run_id: this.str(m.run_id, `${path}.run_id`) ?? '' };
    for (const k of ['dag_id', 'task_id', 'kind'] as const) if (m[k] !== undefined) d[k] = this.str(m[k], `${path}.${k}`);
    if (m.nth !== undefined) {
      if (Number.isInteger(m.nth) && (m.nth as number) >= 0) d.nth = m.nth as number;
      else this.err(`${path}.nth`, 'expected a whole number ≥ 0');
    }
    return d;
  }
  check(m: Record<string, unknown>, path: string): Check | undefined {
    const forms = ['count', 'value', 'ref_run_of'].filter((k) => m[k] !== undefined);
    if (forms.length !== 1) return this.err(path, 'expected exactly one of count:, value:, ref_run_of:');
    const f = forms[0];
    if (f === 'count') { const q = this.query(m.count, `${path}.count`, false); return q && { count: q }; }
    if (f === 'value') { const q = this.query(m.value, `${path}.value`, true); return q && { value: q as RowQuery & { field: string } }; }
    const d = this.decision(m.ref_run_of, `${path}.ref_run_of`);
    return d && { ref_run_of: d };
  }
}

function readClaimList(r: Reader, raw: unknown, path: string): Claim[] {
  const claims: Claim[] = [];
  r.list(raw, path).forEach((c, i) => {
    const p = `${path}[${i}]`;
    const cm = r.map(c, p, ['says', 'count', 'value', 'ref_run_of', 'equals', 'profiles']);
    if (!cm) return;
    const says = r.str(cm.says, `${p}.says`);
    const check = r.check(cm, p);
    if (!('equals' in cm)) r.err(`${p}.equals`, 'required: the value the sentence states');
    const equals = r.scalar(cm.equals, `${p}.equals`);
    if (says === undefined || check === undefined || equals === undefined) return;
    const claim: Claim = { says, check, equals };
    if (cm.profiles !== undefined) claim.profiles = r.profiles(cm.profiles, `${p}.profiles`);
    claims.push(claim);
  });
  return claims;
}

/** A list of claims read outside a lesson (a challenge's goal), with located errors. */
export function readClaims(raw: unknown, path: string): { claims: Claim[]; errors: string[] } {
  const r = new Reader();
  const claims = readClaimList(r, raw, path);
  return { claims, errors: r.errors };
}

/** The `lesson:` block of a scenario text; absent means no claims and no steps. */
export function readTeaching(text: string): { teaching: Teaching; errors: string[] } {
  const r = new Reader();
  let doc: Record<string, unknown> | null = null;
  try { doc = parse(text) as Record<string, unknown> | null; } catch { /* the scenario parser reports YAML errors */ }
  const scenarioProfile = (PROFILES as readonly string[]).includes(String(doc?.airflow)) ? String(doc?.airflow) as Profile : DEFAULT_PROFILE;
  const raw = doc?.lesson;
  const teaching: Teaching = { profiles: [scenarioProfile], claims: [], steps: [] };
  if (raw === undefined || raw === null) return { teaching, errors: [] };
  const m = r.map(raw, 'lesson', ['profiles', 'claims', 'steps']);
  if (!m) return { teaching, errors: r.errors };
  if (m.profiles !== undefined) teaching.profiles = r.profiles(m.profiles, 'lesson.profiles');
  teaching.claims = readClaimList(r, m.claims ?? [], 'lesson.claims');
  r.list(m.steps ?? [], 'lesson.steps').forEach((s, i) => {
    const p = `lesson.steps[${i}]`;
    const sm = r.map(s, p, ['at', 'decision', 'highlight', 'say', 'question']);
    if (!sm) return;
    const say = r.str(sm.say, `${p}.say`);
    const step: Step = { highlight: {}, say: say ?? '' };
    if ((sm.at === undefined) === (sm.decision === undefined)) r.err(p, 'expected exactly one of at: (an instant) or decision: (a decision-log line)');
    if (sm.at !== undefined) {
      const at = sm.at instanceof Date ? sm.at.toISOString().replace('.000Z', 'Z') : r.str(sm.at, `${p}.at`);
      if (at !== undefined && Number.isNaN(Date.parse(at))) r.err(`${p}.at`, `'${at}' is not an instant`);
      else step.at = at;
    }
    if (sm.decision !== undefined) step.decision = r.decision(sm.decision, `${p}.decision`);
    if (sm.highlight !== undefined) {
      const h = r.map(sm.highlight, `${p}.highlight`, ['run', 'lane', 'arc', 'sql', 'view']);
      if (h) {
        for (const k of ['run', 'lane', 'sql', 'view'] as const) if (h[k] !== undefined) step.highlight[k] = r.str(h[k], `${p}.highlight.${k}`);
        if (h.view !== undefined && !(VIEWS as readonly string[]).includes(String(h.view))) r.err(`${p}.highlight.view`, `expected one of ${VIEWS.join(', ')}`);
        if (h.arc !== undefined) {
          const a = r.map(h.arc, `${p}.highlight.arc`, ['run_id', 'task_id']);
          if (a) step.highlight.arc = { run_id: r.str(a.run_id, `${p}.highlight.arc.run_id`) ?? '', task_id: r.str(a.task_id, `${p}.highlight.arc.task_id`) ?? '' };
        }
      }
    }
    if (sm.question !== undefined) {
      const q = r.map(sm.question, `${p}.question`, ['ask', 'choices', 'answer']);
      if (q) {
        const ask = r.str(q.ask, `${p}.question.ask`);
        const choices = r.list(q.choices, `${p}.question.choices`).map((c, j) => String(r.scalar(c, `${p}.question.choices[${j}]`)));
        if (choices.length < 2 || choices.length > 4) r.err(`${p}.question.choices`, 'expected 2 to 4 choices (keys 1–4 answer them)');
        const am = r.map(q.answer, `${p}.question.answer`, ['count', 'value', 'ref_run_of']);
        const answer = am && r.check(am, `${p}.question.answer`);
        if (ask !== undefined && answer !== undefined) step.question = { ask, choices, answer };
      }
    }
    teaching.steps.push(step);
  });
  return { teaching, errors: r.errors };
}
