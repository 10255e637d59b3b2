// `windtunnel export` end to end: the CLI bundled as bin/windtunnel.mjs bundles it, run as a process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderExport } from '../../node/export_formats.js';
import type { RunOutput } from '../../core/model/output.js';
import { FIXTURE_DIR, expectGolden } from './golden.js';

const root = join(__dirname, '..', '..');
// A private bundle (in dist/ so node_modules resolve), so a concurrent rebuild of dist/cli.mjs
// by `npx windtunnel` in another process cannot race this test.
const bundle = join(root, 'dist', `cli-export-test-${process.pid}.mjs`);
const fixture = join(FIXTURE_DIR, 'etl-train.run.json');
const output: RunOutput = JSON.parse(readFileSync(fixture, 'utf8'));
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'wt-cli-export-'));
  await build({
    entryPoints: [join(root, 'cli', 'main.ts')], outfile: bundle, bundle: true, platform: 'node',
    format: 'esm', target: 'node20', packages: 'external', logLevel: 'error',
  });
});
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(bundle, { force: true });
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bundle, ...args], { cwd: root, encoding: 'buffer', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

describe('windtunnel export', () => {
  it('writes SVG, PNG, both CSVs and JSON from a run output, byte-identical to the goldens', () => {
    const p = (n: string) => join(out, n);
    const r = cli('export', fixture, '--svg', p('t.svg'), '--png', p('t.png'), '--scale', '1', '--csv', p('runs.csv'), '--ti-csv', p('tis.csv'), '--json', p('out.json'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBe(0);
    expectGolden('etl-train.timeline.svg', readFileSync(p('t.svg')));
    expectGolden('etl-train.timeline@1x.png', readFileSync(p('t.png')));
    expectGolden('etl-train.dag_runs.csv', readFileSync(p('runs.csv')));
    expectGolden('etl-train.task_instances.csv', readFileSync(p('tis.csv')));
    expect(readFileSync(p('out.json'), 'utf8')).toBe(readFileSync(fixture, 'utf8'));
  });

  it('is byte-stable across runs (PNG at the default 2×)', () => {
    const a = join(out, 'a.png');
    const b = join(out, 'b.png');
    expect(cli('export', fixture, '--png', a).status).toBe(0);
    expect(cli('export', fixture, '--png', b).status).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(a).equals(Buffer.from(renderExport(output, 'png', { scale: 2 })))).toBe(true);
  });

  it('a broken run output is refused with FILE:LINE:COL path: message, exit 1, nothing written', () => {
    const bad = join(out, 'bad.run.json');
    writeFileSync(bad, readFileSync(fixture, 'utf8').replace(/"run_after": "[^"]+"/, '"run_after": 7'));
    const r = cli('export', bad, '--svg', join(out, 'bad.svg'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+ dag_runs\\[0\\]\\.run_after: expected a string, got number 7\\n`));
    expect(existsSync(join(out, 'bad.svg'))).toBe(false);
    // validate reads it the same way.
    const v = cli('validate', bad);
    expect([v.status, v.stderr]).toEqual([1, r.stderr]);
    const good = cli('validate', fixture);
    expect([good.status, good.stdout.toString('utf8')]).toEqual([0, `${fixture}: valid history (${output.dag_runs.length} dag runs)\n`]);
  });

  it('writes one output to stdout with -', () => {
    const r = cli('export', fixture, '--csv', '-');
    expect(r.status).toBe(0);
    expect(r.stdout.toString('utf8')).toBe(new TextDecoder().decode(renderExport(output, 'dag_runs_csv')));
  });

  it('simulates a scenario first: its JSON export is what `run --format json` prints', () => {
    const lesson = join(root, 'core', 'scenario', 'lessons', 'backfill-reprocess.yaml');
    const exported = cli('export', lesson, '--json', '-');
    const ran = cli('run', lesson, '--format', 'json');
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout.equals(ran.stdout)).toBe(true);
    expect(JSON.parse(exported.stdout.toString('utf8')).scenario).toBe('backfill-reprocess');
  });

  it('exits 2 on usage errors and 1 on bad input, with messages on stderr', () => {
    expect(cli('export', fixture)).toMatchObject({ status: 2, stderr: expect.stringMatching(/at least one of --svg/) });
    expect(cli('export', fixture, '--png', join(out, 'x.png'), '--scale', '0')).toMatchObject({ status: 2, stderr: expect.stringMatching(/0\.25 to 8/) });
    expect(cli('export', fixture, '--csv', '-', '--json', '-')).toMatchObject({ status: 2, stderr: expect.stringMatching(/only one output/) });
    expect(cli('export', join(out, 'missing.yaml'), '--json', join(out, 'x.json'))).toMatchObject({ status: 1, stderr: expect.stringMatching(/cannot read/) });
    expect(cli('export', fixture, '--json', join(out, 'no-dir', 'x.json'))).toMatchObject({ status: 1, stderr: expect.stringMatching(/cannot write: ENOENT/) });
  });
});
