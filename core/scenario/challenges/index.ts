// Built-in challenges: a starting scenario the learner edits, a goal the engine checks on the
// edited scenario's output (claims that must all hold), a hint and a reference solution.
import { parse } from 'yaml';
import type { RunOutput } from '../../model/output.js';
import { checkClaim, type ClaimResult } from '../lessons/evaluate.js';
import { readClaims, type Claim } from '../lessons/teaching.js';
import { CHALLENGE_SOURCES } from './challenges_data.js';

export interface Challenge {
  name: string;
  title: string;
  topic: string;
  goal: string;
  hint: string;
  checks: Claim[];
  start: string;
  solution: string;
  /** Located problems in the challenge file (a test keeps built-in ones free of them). */
  errors: string[];
}

function text(doc: Record<string, unknown>, key: string, errors: string[]): string {
  const v = doc[key];
  if (typeof v === 'string' && v.trim() !== '') return v;
  errors.push(`${key}: expected non-empty text`);
  return '';
}

export function readChallenge(name: string, source: string): Challenge {
  const errors: string[] = [];
  let doc: Record<string, unknown> = {};
  try {
    const d = parse(source) as unknown;
    if (d && typeof d === 'object' && !Array.isArray(d)) doc = d as Record<string, unknown>;
    else errors.push('expected a mapping');
  } catch (e) {
    errors.push(`not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const { claims, errors: claimErrors } = readClaims(doc.checks ?? [], 'checks');
  if (claims.length === 0 && claimErrors.length === 0) errors.push('checks: expected at least one check');
  return {
    name, title: text(doc, 'title', errors), topic: text(doc, 'topic', errors), goal: text(doc, 'goal', errors),
    hint: text(doc, 'hint', errors), checks: claims, start: text(doc, 'start', errors), solution: text(doc, 'solution', errors),
    errors: [...errors, ...claimErrors],
  };
}

export function listChallenges(): Challenge[] {
  return Object.keys(CHALLENGE_SOURCES).sort().map((n) => readChallenge(n, CHALLENGE_SOURCES[n]));
}

export function getChallenge(name: string): Challenge | undefined {
  const src = CHALLENGE_SOURCES[name];
  return src === undefined ? undefined : readChallenge(name, src);
}

export interface GoalResult { met: boolean; results: ClaimResult[] }

/** Whether the edited scenario's output meets every check of the challenge's goal. */
export function checkGoal(challenge: Challenge, out: RunOutput): GoalResult {
  const results = challenge.checks.map((c) => checkClaim(out, c));
  return { met: results.every((r) => r.ok), results };
}
