// Fuzzed input (beyond test/scenario/fuzz.test.ts): swarm scenarios mutated as text and as values,
// hostile values (huge numbers, unicode, cron and duration garbage), enormous files, and REST
// request bodies and paths. Properties: the parser returns a result with located errors, never
// throws, and answers every input within a time budget; a mutated scenario that is still valid
// simulates (bounded) with every invariant holding; the REST layer never throws and answers every
// body with a status and, on 422, errors located at `body...`.
import { beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { parseScenario, simulate, formatError } from '../../core/index.js';
import type { ParseResult, Scenario } from '../../core/index.js';
import { MAX_SOURCE_CHARS } from '../../core/scenario/parse.js';
import { checkInvariants } from '../../core/scheduler/invariants.js';
import type { Simulation } from '../../core/scheduler/simulation.js';
import { routeRequest } from '../../core/rest/router.js';
import { validateTriggerBody } from '../../core/rest/validate_trigger_body.js';
import { validateBackfillBody } from '../../core/rest/validate_backfill_body.js';
import { validateAssetEventBody } from '../../core/rest/validate_asset_event_body.js';
import { generateScenario } from './generator.js';

/** Every parse must answer within this (ms); ordinary inputs take a few ms. */
const PARSE_BUDGET_MS = 2_000;
/** A valid mutant is simulated for at most this many steps (it may describe years of hourly runs). */
const SIM_STEP_BUDGET = 1_500;

let sqlP: Promise<SqlJsStatic> | null = null;
const sqlJs = () => (sqlP ??= initSqlJs());
let sql: SqlJsStatic;
beforeAll(async () => { sql = await sqlJs(); });

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/).length;
}

/** Parse within the budget, never throwing; every error located inside the text. */
function parseChecked(text: string, budget = PARSE_BUDGET_MS): ParseResult {
  const t0 = performance.now();
  let r: ParseResult | undefined;
  expect(() => { r = parseScenario(text, 'f.yaml'); }).not.toThrow();
  const ms = performance.now() - t0;
  expect(ms, `parse took ${ms.toFixed(0)} ms for ${text.length} characters`).toBeLessThan(budget);
  const res = r!;
  if (!res.ok) {
    expect(res.errors.length).toBeGreaterThan(0);
    const lines = lineCount(text);
    for (const e of res.errors) {
      expect(e.file).toBe('f.yaml');
      expect(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines + 1, `line ${e.line} of ${lines}: ${formatError(e)}`).toBe(true);
      expect(Number.isInteger(e.col) && e.col >= 1).toBe(true);
      expect(typeof e.path).toBe('string');
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.message).not.toMatch(/internal error/);
    }
  } else {
    expect(res.scenario.windtunnel).toBe(1);
  }
  return res;
}

class Stop extends Error {}

/** Simulate a valid scenario for a bounded number of steps with every invariant checked. */
function simulateBounded(sc: Scenario): string[] {
  const problems: string[] = [];
  let steps = 0;
  let simRef: Simulation | null = null;
  try {
    const r = simulate(sc, {
      sql,
      afterStep: (s) => {
        simRef = s;
        problems.push(...checkInvariants(s));
        if (problems.length > 0 || ++steps >= SIM_STEP_BUDGET) throw new Stop();
      },
    });
    r.close();
    simRef = null;
  } catch (err) {
    if (!(err instanceof Stop)) problems.push(`simulate threw: ${err instanceof Error ? err.message : String(err)}`);
  }
  (simRef as Simulation | null)?.db.close();
  return problems;
}

/** Values that break naive code: huge and odd numbers, unicode, empty and enormous strings, garbage cron and time. */
const HOSTILE: unknown[] = [
  0, -1, 1e308, -1e308, 1e-300, 2 ** 53 + 2, -(2 ** 31), 4294967296, 0.5, NaN, Infinity, -Infinity, true, false, null,
  '', ' ', '\u0000', '\uFEFF', '\u202Eevil', '🦆🦆', 'e\u0301', '\u200B', '\ud800', '日本語', 'x'.repeat(20_000),
  '61 * * * *', '*/0 * * * *', '* * * * * * *', '0 0 31 2 *', '@dayly', '@', '0 0 * * 8', `${'1,'.repeat(500)}1 * * * *`, '*/1-2/3 * * * *',
  'P', 'PT', 'PT-1H', 'P99999999Y', 'P1Y2M3DT4H5M6.5S', 'PT0.0000001S', '-PT1H',
  '2025-02-30', '0000-01-01', '9999-12-31T23:59:59Z', '2025-13-01', '+275760-09-13T00:00:00Z', '2025-01-01T25:00:00Z', '2025-03-30T02:30:00', '1970-01-01T00:00:00Z',
  {}, [], [[[[[[]]]]]], { a: { b: { c: { d: { e: {} } } } } }, { '{{': '}}' }, '{{ ds }}', '{% for %}', '{{ 1/0 }}',
];

/** Line-level and character-level edits of a scenario text. */
const textMutation = fc.oneof(
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dup-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap-lines' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(': ', '- ', '{', '}', '[', ']', '"', "'", '#', '&a ', '*a', '!!binary ', '\t', '\n', '%', '@', '? ', '|', '>-', '---\n', '\u0000', '\u2028', '🦆') }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('flip-char' as const), at: fc.nat(), ch: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
);
type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never;

function mutateText(text: string, ms: TextMutation[]): string {
  let lines = text.split('\n');
  for (const m of ms) {
    const i = lines.length ? m.at % lines.length : 0;
    switch (m.op) {
      case 'delete-line': lines.splice(i, 1); break;
      case 'dup-line': lines.splice(i, 0, lines[i] ?? ''); break;
      case 'swap-lines': { const j = lines.length ? m.with % lines.length : 0; [lines[i], lines[j]] = [lines[j], lines[i]]; break; }
      case 'indent': lines[i] = m.by >= 0 ? ' '.repeat(m.by) + (lines[i] ?? '') : (lines[i] ?? '').slice(-m.by); break;
      case 'insert': { const all = lines.join('\n'); const k = m.at % (all.length + 1); lines = (all.slice(0, k) + m.text + all.slice(k)).split('\n'); break; }
      case 'truncate': { const all = lines.join('\n'); lines = all.slice(0, m.at % (all.length + 1)).split('\n'); break; }
      case 'flip-char': { const all = lines.join('\n'); const k = m.at % Math.max(1, all.length); lines = (all.slice(0, k) + m.ch + all.slice(k + 1)).split('\n'); break; }
    }
  }
  return lines.join('\n');
}

function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]] as Record<string | number, unknown>;
  cur[path[path.length - 1]] = value;
  return copy;
}

describe('fuzz: scenario files', () => {
  test('swarm scenarios with text mutations: located errors or a valid scenario that simulates cleanly', () => {
    let valid = 0;
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(textMutation, { minLength: 1, maxLength: 4 }), (seed, ms) => {
      const text = mutateText(generateScenario(seed).yaml, ms);
      const r = parseChecked(text);
      if (r.ok) {
        valid++;
        expect(simulateBounded(r.scenario)).toEqual([]);
      }
    }), { numRuns: 150, seed: 11 });
    expect(valid).toBeGreaterThan(0);
  });

  test('one value of a swarm scenario replaced by a hostile value: located errors or a clean simulation', () => {
    let valid = 0;
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), fc.nat(), fc.constantFrom(...HOSTILE), fc.boolean(), (seed, pick, value, asJson) => {
      const doc = generateScenario(seed).doc;
      const ps = paths(doc);
      const mutated = setAt(doc, ps[pick % ps.length], value);
      const text = asJson ? JSON.stringify(mutated, null, 1) ?? 'null' : stringify(mutated, { lineWidth: 0 });
      const r = parseChecked(text);
      if (r.ok) {
        valid++;
        expect(simulateBounded(r.scenario)).toEqual([]);
      }
    }), { numRuns: 120, seed: 12 });
    expect(valid).toBeGreaterThan(5);
  });

  test('cron garbage in a schedule is an error at the schedule line', () => {
    const cronish = fc.string({ unit: fc.constantFrom(...'0123456789*/,-?LW# @abcdefghijklmnopqrstuvwxyzJANFEBMONSUN'.split('')), maxLength: 40 });
    fc.assert(fc.property(fc.oneof(cronish, fc.constantFrom(...HOSTILE.filter((x) => typeof x === 'string') as string[])), (cron) => {
      const text = `windtunnel: 1\nname: c\nclock: {start: 2025-01-01, end: 2025-01-02}\ndags:\n  - dag_id: d\n    schedule: ${JSON.stringify(cron)}\n    start_date: 2025-01-01\n    tasks: [{task_id: a}]\n`;
      const r = parseChecked(text);
      if (!r.ok) {
        const e = r.errors[0];
        expect(e.path, formatError(e)).toMatch(/^dags\[0\]\.schedule/);
        expect(e.line).toBe(6);
      }
    }), { numRuns: 300, seed: 13 });
  });

  test('durations and instants garbage is an error at its key', () => {
    fc.assert(fc.property(fc.constantFrom('duration', 'retry_delay', 'start_date', 'end_date'), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...HOSTILE)), (key, value) => {
      const text = `windtunnel: 1\nname: c\nclock: {start: 2025-01-01, end: 2025-01-02}\ndags:\n  - dag_id: d\n    tasks:\n      - task_id: a\n        ${key}: ${JSON.stringify(value) ?? 'null'}\n`;
      const r = parseChecked(text);
      if (!r.ok) for (const e of r.errors) expect(e.line, formatError(e)).toBeGreaterThanOrEqual(7);
    }), { numRuns: 300, seed: 14 });
  });

  test('unicode everywhere: names, params, payloads', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), (a, b) => {
      const doc = { windtunnel: 1, name: a, clock: { start: '2025-01-01', end: '2025-01-02' }, dags: [{ dag_id: b, params: { [a]: b }, tasks: [{ task_id: a, templates: { x: b } }] }] };
      parseChecked(stringify(doc));
      parseChecked(JSON.stringify(doc));
    }), { numRuns: 200, seed: 15 });
  });

  test('deep nesting far past any sane depth', () => {
    for (const n of [10_000, 100_000]) {
      const budget = n > 10_000 ? 15_000 : PARSE_BUDGET_MS;
      parseChecked('['.repeat(n) + ']'.repeat(n), budget);
      parseChecked(`windtunnel: 1\nname: x\nclock: {start: 2025-01-01, end: 2025-01-02}\ndags: [{dag_id: d, params: {x: ${'{a: '.repeat(n)}1${'}'.repeat(n)}}}]\n`, budget);
    }
  });

  test('enormous files: a 1,000-DAG scenario parses; past the size limit is refused at once', () => {
    const dags = Array.from({ length: 1000 }, (_, i) => `  - dag_id: dag_${i}\n    schedule: "${i % 2 ? '@hourly' : '0 */3 * * *'}"\n    start_date: 2025-01-01\n    tasks:\n      - {task_id: extract, duration: PT5M}\n      - {task_id: load, upstream: [extract], retries: 2}\n`).join('');
    const big = `windtunnel: 1\nname: big\nclock: {start: 2025-01-01, end: 2025-01-02}\ndags:\n${dags}`;
    const r = parseChecked(big, 20_000);
    expect(r.ok).toBe(true);

    const huge = `windtunnel: 1\nname: huge\ndescription: "${'x'.repeat(MAX_SOURCE_CHARS)}"\n`;
    const t0 = performance.now();
    const h = parseChecked(huge, 1_000);
    expect(h.ok).toBe(false);
    if (!h.ok) expect(h.errors[0].message).toMatch(/too large/);
    expect(performance.now() - t0).toBeLessThan(1_000);

    // One enormous line, and many short ones, just under the limit.
    parseChecked(`windtunnel: 1\nname: line\nclock: {start: 2025-01-01, end: 2025-01-02}\ndescription: "${'é'.repeat(500_000)}"\n`, 20_000);
    parseChecked(`${'# comment\n'.repeat(300_000)}windtunnel: 1\n`, 20_000);
  });
});

// ---------------------------------------------------------------------------------------------

const FIELD_NAMES = ['dag_run_id', 'logical_date', 'run_after', 'data_interval_start', 'data_interval_end', 'conf', 'note',
  'dag_id', 'from_date', 'to_date', 'run_backwards', 'dag_run_conf', 'reprocess_behavior', 'max_active_runs', 'asset_id', 'extra', 'unknown_field'];
const datetimeish = fc.oneof(
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2025-01-01', '2025-01-01T00:00:00', '2025-01-01T00:00:00+14:00', '2025-01-01T00:00:00-25:00', '2025-01-01 00:00', '2025-W01', '20250101T000000Z', '2025-01-01T00:00:00.123456789Z', 'now', '1e10', '  2025-01-01T00:00:00Z  '),
  fc.integer(), fc.double(),
);
const hostileValue = fc.oneof(fc.constantFrom(...HOSTILE), datetimeish, fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 30 }));
const bodyArb = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELD_NAMES), hostileValue, { maxKeys: 8 }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(undefined, null, '', [], 'null', 0),
);

function checkRestFailure(r: { ok: boolean; status?: number; detail?: unknown }): void {
  if (r.ok) return;
  expect([422, 500]).toContain(r.status);
  if (r.status === 422) {
    expect(Array.isArray(r.detail)).toBe(true);
    for (const item of r.detail as Array<{ type: string; loc: unknown[]; msg: string }>) {
      expect(item.loc[0]).toBe('body');
      expect(typeof item.type === 'string' && item.type.length > 0).toBe(true);
      expect(typeof item.msg === 'string' && item.msg.length > 0).toBe(true);
    }
  }
}

describe('fuzz: REST request bodies and paths', () => {
  test('validators never throw and locate every 422 error in the body', () => {
    fc.assert(fc.property(bodyArb, fc.constantFrom('3.0', '3.1') as fc.Arbitrary<'3.0' | '3.1'>, (body, profile) => {
      const t0 = performance.now();
      for (const run of [
        () => validateTriggerBody(body, profile, Date.UTC(2025, 0, 1)),
        () => validateBackfillBody(body, profile),
        () => validateAssetEventBody(body),
      ]) {
        let r: ReturnType<typeof run> | undefined;
        expect(run).not.toThrow();
        r = run();
        checkRestFailure(r as { ok: boolean; status?: number; detail?: unknown });
      }
      expect(performance.now() - t0).toBeLessThan(500);
    }), { numRuns: 2000, seed: 21 });
  });

  test('the router never throws, whatever the method and path', () => {
    const seg = fc.oneof(fc.constantFrom('api', 'v2', 'v1', 'dags', 'dagRuns', 'taskInstances', 'backfills', 'dry_run', 'assets', 'events', 'version', '~', '%', '%zz', '%2F', '..', '', '?', '#', '?limit=-1', '?offset=1e99&limit=x'), fc.string({ unit: 'binary', maxLength: 8 }));
    fc.assert(fc.property(fc.oneof(fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'get'), fc.string({ maxLength: 6 })), fc.array(seg, { maxLength: 7 }), fc.constantFrom('3.0', '3.1') as fc.Arbitrary<'3.0' | '3.1'>, (method, segs, profile) => {
      const target = '/' + segs.join('/');
      let r: ReturnType<typeof routeRequest> | undefined;
      expect(() => { r = routeRequest(profile, method, target); }).not.toThrow();
      expect(['route', 'unsupported', 'response']).toContain(r!.kind);
    }), { numRuns: 3000, seed: 22 });
  });

  test('API events with fuzzed bodies and paths: every one answered, no internal error, invariants hold', async () => {
    const event = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'),
      path: fc.oneof(
        fc.constantFrom('/api/v2/dags/d/dagRuns', '/api/v2/dags/nope/dagRuns', '/api/v2/backfills', '/api/v2/backfills/dry_run', '/api/v2/assets/events', '/api/v2/dags/~/dagRuns?limit=0', '/api/v2/dags/d/dagRuns/x/taskInstances', '/api/v2/dags/d%2Fx/dagRuns', '/api/v2/dags/%zz/dagRuns', '/api/v2/version', '/api/v1/dags'),
        fc.string({ maxLength: 20 }).map((s) => `/api/v2/${s}`),
      ),
      body: bodyArb.map((b) => (b === undefined ? null : b)),
    });
    fc.assert(fc.property(fc.array(event, { minLength: 1, maxLength: 12 }), fc.constantFrom('2', '3.0', '3.1'), (evs, profile) => {
      const doc = {
        windtunnel: 1, name: 'rest-fuzz', airflow: profile,
        clock: { start: '2025-01-01T00:00:00Z', end: '2025-01-01T06:00:00Z' },
        assets: [{ name: 'a' }],
        dags: [{ dag_id: 'd', schedule: '@hourly', start_date: '2024-12-31', tasks: [{ task_id: 't', duration: 'PT10M' }] }],
        events: evs.map((e, i) => ({ at: `2025-01-01T0${1 + (i % 4)}:00:00Z`, api: { method: e.method, path: e.path, body: e.body } })),
      };
      const p = parseScenario(JSON.stringify(doc), 'rest.json');
      if (!p.ok) {
        // Only a path the scenario format refuses (e.g. not starting with '/api') may fail here.
        for (const e of p.errors) expect(e.path).toMatch(/^events\[\d+\]\.api/);
        return;
      }
      let results: Array<{ status: number | null; error: string | null }> = [];
      const problems: string[] = [];
      const r = simulate(p.scenario, { sql, afterStep: (s) => { problems.push(...checkInvariants(s)); results = s.eventResults; } });
      results = r.output.event_results;
      r.close();
      expect(problems).toEqual([]);
      expect(results.length).toBe(evs.length);
      for (const res of results) {
        expect(res.error ?? '').not.toMatch(/internal error/);
        expect([200, 400, 404, 405, 409, 422, 500, 501]).toContain(res.status);
      }
    }), { numRuns: 150, seed: 23 });
  });
});
