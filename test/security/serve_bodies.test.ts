// Issue 18, finding 3 (bodies) and issue 17: a 100 KB body of "[" overflowed the stack in the
// recursive JSON error locator, uncaught, and killed `serve`; a conf nested 20,000 deep got a bare
// 500. FastAPI on Airflow 3.1 (measured with its TestClient on TriggerDAGRunPostBody) answers both
// 400 {"detail": "There was an error parsing the body"}: json.loads hits Python's recursion limit,
// which FastAPI reports that way; 968 levels still parse. Invalid UTF-8 is the same 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_PARSE_ERROR, MAX_JSON_DEPTH, parseBody, pythonJsonError, scanPythonJson } from '../../cli/serve/json_body.js';
import { python } from '../airflow/helpers.js';
import { raw, serve, TOKEN, type Served } from './serve_helpers.js';

const deepConf = (depth: number) => `{"logical_date": null, "conf": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

describe('the JSON locator is iterative', () => {
  it('100,000 "[" (and "{"): no stack overflow, too deep, fast', () => {
    const t0 = performance.now();
    expect(() => pythonJsonError('['.repeat(100_000))).not.toThrow();
    expect(pythonJsonError('['.repeat(100_000))).toEqual({ msg: 'Expecting value', pos: 100_000 });
    expect(scanPythonJson('['.repeat(100_000))).toEqual({ kind: 'too_deep' });
    expect(scanPythonJson('{"a":'.repeat(100_000))).toEqual({ kind: 'too_deep' });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('the depth limit sits where FastAPI on Airflow 3.1 has it: 968 levels parse, 969 are a 400', () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(parseBody(Buffer.from(nest(MAX_JSON_DEPTH)), 'application/json').kind).toBe('ok');
    expect(parseBody(Buffer.from(nest(MAX_JSON_DEPTH + 1)), 'application/json')).toEqual({ kind: 'invalid', status: 400, body: BODY_PARSE_ERROR });
    // Python reads left to right: a syntax error before the limit is still the 422 at its position.
    expect(parseBody(Buffer.from(`${'['.repeat(100)}x${'['.repeat(5000)}`), 'application/json')).toMatchObject({ kind: 'invalid', status: 422, body: { detail: [{ loc: ['body', 100], ctx: { error: 'Expecting value' } }] } });
    expect(parseBody(Buffer.from(`${'['.repeat(2000)}x`), 'application/json')).toEqual({ kind: 'invalid', status: 400, body: BODY_PARSE_ERROR });
    expect(parseBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'application/json')).toEqual({ kind: 'invalid', status: 400, body: BODY_PARSE_ERROR });
  });

  it('messages and positions are still Python json\'s, deep or not (checked against python3)', () => {
    const cases = [
      `${'['.repeat(500)}x`, `${'{"a":'.repeat(300)}}`, `${'[1,'.repeat(400)}]`, `${'{"k": ['.repeat(200)}1,]`, `${'['.repeat(900)}${']'.repeat(899)}`,
      `${'['.repeat(50)}"\\q"`, `${'{"a": {'.repeat(100)}"b" 1`, `${'[[]'.repeat(300)}`, `[${'{},'.repeat(1000)}]`, '{"a": 1}}', '[1] [2]',
    ];
    const r = python(['-c', 'import json,sys\nfor line in json.load(sys.stdin):\n  try:\n    json.loads(line); print(json.dumps(None))\n  except json.JSONDecodeError as e:\n    print(json.dumps([e.msg, e.pos]))'], { input: JSON.stringify(cases) });
    expect(r.stderr).toBe('');
    const expected = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(cases.map((c) => { const s = scanPythonJson(c); return s.kind === 'error' ? [s.msg, s.pos] : null; })).toEqual(expected);
  });
});

describe('HTTP: bodies that used to crash the server', () => {
  let s: Served;
  beforeAll(async () => { s = await serve(); });
  afterAll(async () => { await s.srv.close(); });

  it('a 100 KB body of "[" is a 400, and the server goes on answering', async () => {
    for (const body of ['['.repeat(100_000), '{"a":'.repeat(20_000), `{"logical_date": null, "conf": ${'['.repeat(100_000)}`]) {
      const a = await raw(s.srv.port, 'POST', '/api/v2/dags/inference/dagRuns', { token: TOKEN, body });
      expect([a.status, a.json]).toEqual([400, BODY_PARSE_ERROR]);
    }
    expect((await raw(s.srv.port, 'GET', '/api/v2/version')).status).toBe(200);
    expect(s.errors).toEqual([]);
  });

  it('a conf nested 20,000 deep is a clear 400 (was a bare 500); 900 deep is accepted as FastAPI accepts it', async () => {
    const deep = await raw(s.srv.port, 'POST', '/api/v2/dags/inference/dagRuns', { token: TOKEN, body: deepConf(20_000) });
    expect([deep.status, deep.json]).toEqual([400, { detail: 'There was an error parsing the body' }]);
    const ok = await raw(s.srv.port, 'POST', '/api/v2/dags/inference/dagRuns', { token: TOKEN, body: deepConf(900) });
    expect(ok.status).toBe(200);
    expect(ok.text.startsWith('{"dag_run_id"') || ok.text.includes('"dag_run_id"')).toBe(true);
    // The backfill and asset routes read bodies the same way.
    for (const p of ['/api/v2/backfills', '/api/v2/backfills/dry_run', '/api/v2/assets/events']) {
      const a = await raw(s.srv.port, 'POST', p, { token: TOKEN, body: '['.repeat(50_000) });
      expect([a.status, a.json], p).toEqual([400, BODY_PARSE_ERROR]);
    }
    expect(s.errors).toEqual([]);
  });

  it('a 500 never carries a stack', async () => {
    // Make the engine throw inside a request: the answer is Starlette's bare text, the details go to the log.
    const original = s.live.batch.bind(s.live);
    s.live.batch = () => { throw new Error('boom at /secret/path.ts:1:1'); };
    try {
      const a = await raw(s.srv.port, 'GET', '/api/v2/dags', { token: TOKEN });
      expect([a.status, a.text, a.headers['content-type']]).toEqual([500, 'Internal Server Error', 'text/plain; charset=utf-8']);
    } finally {
      s.live.batch = original;
    }
    expect(s.errors.join('\n')).toContain('boom');
    s.errors.length = 0;
    expect((await raw(s.srv.port, 'GET', '/api/v2/dags', { token: TOKEN })).status).toBe(200);
  });
});
