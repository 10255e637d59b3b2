// Known open differences: what real Airflow still does differently and the engine does not model
// yet, recorded per profile and scenario (test/oracle/open_differences/<profile>.json). They are
// NOT declared differences (`windtunnel diff` still reports them and exits 1); the differential in
// npm test is a ratchet over them: a difference not recorded fails the test, so nothing new slips
// in, and a recorded one that no longer occurs is printed so the list only shrinks.
// WINDTUNNEL_ORACLE_RECORD=1 rewrites a profile's file from the run (after a deliberate change).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Difference } from '../../cli/airflow/diff_align.js';

const DIR = join(process.cwd(), 'test', 'oracle', 'open_differences');

/** One difference as a stable line: table, row key, field (values left out: a field is open or not). */
export const signature = (d: Difference): string => `${d.kind} | ${d.key} | ${d.field}`;

/** A replay that failed, as a stable line: its message's first line without temporary paths. */
export function oracleFailure(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  return `oracle-error | ${text.replace(/\/tmp\/[^\s:'"]+/g, '<tmp>').slice(0, 300)}`;
}

export type OpenList = Record<string, string[]>;

// Swarm worlds keep their own file (<profile>.swarm.json): `npm run oracle:swarm -- --record` rewrites
// it without replaying the lessons, and lesson/golden recordings never touch it.
const isSwarm = (name: string) => name.startsWith('swarm:');
const fileOf = (profile: string, swarm: boolean) => join(DIR, swarm ? `${profile}.swarm.json` : `${profile}.json`);

function readList(file: string): OpenList {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as OpenList) : {};
}

export function loadOpen(profile: string): OpenList {
  return { ...readList(fileOf(profile, false)), ...readList(fileOf(profile, true)) };
}

/** Rewrite the recorded lists the run covered: lessons and goldens, swarm worlds, or both. */
export function saveOpen(profile: string, open: OpenList): void {
  mkdirSync(DIR, { recursive: true });
  for (const swarm of [false, true]) {
    const names = Object.keys(open).filter((n) => isSwarm(n) === swarm).sort();
    if (names.length === 0) continue;
    const sorted: OpenList = {};
    for (const name of names) if (open[name].length > 0) sorted[name] = [...new Set(open[name])].sort();
    writeFileSync(fileOf(profile, swarm), `${JSON.stringify(sorted, null, 2)}\n`);
  }
}

export const recording = (): boolean => process.env.WINDTUNNEL_ORACLE_RECORD === '1';

/**
 * A recorded swarm world carries the hash of the text it was recorded from (`world | <hash>`): when
 * the generator changes, a seed names another world, and its recorded differences say nothing about it.
 */
const WORLD = 'world | ';
export const worldLine = (text: string): string => `${WORLD}${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;

/** The recorded signatures without the world line, and whether the world is still the one recorded. */
export function recordedFor(list: string[] | undefined, text: string): { signatures: string[]; stale: boolean } {
  const all = list ?? [];
  const world = all.find((s) => s.startsWith(WORLD));
  return { signatures: all.filter((s) => !s.startsWith(WORLD)), stale: world !== undefined && world !== worldLine(text) };
}

/** The differences not in the recorded list, and the recorded ones that did not occur. */
export function ratchet(differences: Difference[], recorded: string[] = []): { fresh: Difference[]; gone: string[] } {
  const known = new Set(recorded);
  const seen = new Set(differences.map(signature));
  return { fresh: differences.filter((d) => !known.has(signature(d))), gone: recorded.filter((s) => !seen.has(s)) };
}
