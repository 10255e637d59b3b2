// Evaluates a lesson's checks against one simulation's output: a claim holds when its value
// equals what the sentence states; a question's right choice is the one equal to the computed
// value, and the evidence (decision-log lines or rows) is what a wrong answer is shown.
import type { LogEntryOut, RunOutput } from '../../model/output.js';
import { fieldOf, queryText, selectRows, type Scalar } from './query.js';
import type { Check, Claim, DecisionRef, Question, Step } from './teaching.js';

export interface Evaluated { value: Scalar; evidence: string[]; error?: string }

/** Log lines matching a decision reference, in log order (with their index in the log). */
export function decisionLines(out: RunOutput, d: DecisionRef, needsRef: boolean): { entry: LogEntryOut; index: number }[] {
  const hits: { entry: LogEntryOut; index: number }[] = [];
  out.log.forEach((entry, index) => {
    if (entry.run_id !== d.run_id) return;
    if (d.dag_id !== undefined && entry.dag_id !== d.dag_id) return;
    if (d.task_id !== undefined && entry.task_id !== d.task_id) return;
    if (d.kind !== undefined && entry.kind !== d.kind) return;
    if (needsRef && entry.ref_run_id === undefined) return;
    hits.push({ entry, index });
  });
  return hits;
}

function logLine(e: LogEntryOut): string {
  return `${e.at} ${e.kind} ${e.run_id ?? ''}${e.task_id ? ` ${e.task_id}` : ''}: ${e.why}`;
}

function rowLine(row: Record<string, unknown>): string {
  if (typeof row.why === 'string') return logLine(row as unknown as LogEntryOut);
  const keys = ['dag_id', 'run_id', 'task_id', 'index', 'at', 'kind', 'status', 'error', 'state', 'logical_date', 'run_after'];
  return keys.filter((k) => k in row).map((k) => `${k}=${JSON.stringify(row[k])}`).join(' ');
}

export function evaluate(out: RunOutput, check: Check): Evaluated {
  if ('count' in check) {
    const rows = selectRows(out, check.count);
    return { value: rows.length, evidence: [`${rows.length} rows in ${queryText(check.count)}`, ...rows.slice(0, 8).map(rowLine)] };
  }
  if ('value' in check) {
    const rows = selectRows(out, check.value);
    if (rows.length !== 1) return { value: null, evidence: rows.slice(0, 8).map(rowLine), error: `${queryText(check.value)} matches ${rows.length} rows, not exactly one` };
    const v = fieldOf(rows[0], check.value.field);
    const value = v === null || ['string', 'number', 'boolean'].includes(typeof v) ? (v as Scalar) : JSON.stringify(v);
    return { value, evidence: [rowLine(rows[0])] };
  }
  const d = check.ref_run_of;
  const hits = decisionLines(out, d, true);
  const hit = hits[d.nth ?? 0];
  if (!hit) return { value: null, evidence: [], error: `no decision naming a consulted run for ${d.task_id ?? '*'} in ${d.run_id}${d.nth ? ` (#${d.nth})` : ''}` };
  return { value: hit.entry.ref_run_id ?? null, evidence: [logLine(hit.entry)] };
}

export interface ClaimResult { claim: Claim; ok: boolean; got: Scalar; message: string }

export function checkClaim(out: RunOutput, claim: Claim): ClaimResult {
  const e = evaluate(out, claim.check);
  const ok = e.error === undefined && e.value === claim.equals;
  const message = ok ? 'holds' : `"${claim.says}" states ${JSON.stringify(claim.equals)} but the output has ${e.error ?? JSON.stringify(e.value)}${e.evidence.length ? `\n  ${e.evidence.join('\n  ')}` : ''}`;
  return { claim, ok, got: e.value, message };
}

export interface Answered { right: number; value: Scalar; evidence: string[]; error?: string }

/** The index of the right choice (−1 when none equals the computed answer) and its evidence. */
export function answerOf(out: RunOutput, q: Question): Answered {
  const e = evaluate(out, q.answer);
  const right = q.choices.findIndex((c) => c === String(e.value));
  return { right, value: e.value, evidence: e.evidence, ...(e.error ? { error: e.error } : {}) };
}

/** Where a step puts the clock: its instant, or the instant of the decision it names. */
export function stepInstant(out: RunOutput, step: Step): { at: string | null; logIndex: number | null } {
  if (step.at !== undefined) return { at: step.at, logIndex: null };
  if (!step.decision) return { at: null, logIndex: null };
  const hits = decisionLines(out, step.decision, false);
  const hit = hits[step.decision.nth ?? 0];
  return hit ? { at: hit.entry.at, logIndex: hit.index } : { at: null, logIndex: null };
}
