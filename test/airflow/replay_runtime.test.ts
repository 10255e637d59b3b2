// The replay runtime is written once per export (windtunnel_replay.py), the same bytes for every
// scenario; replay_events.py holds only the scenario's data and imports it from its own folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getLesson, listLessons } from '../../core/index.js';
import { exportAirflowDagsFromText, type AirflowDagsExport } from '../../core/export/airflow_dags/index.js';
import { REPLAY_RUNTIME, REPLAY_RUNTIME_FILE } from '../../core/export/airflow_dags/replay_runtime.js';
import { fixture, python, tempDir } from './helpers.js';

function exportOf(text: string, name: string): AirflowDagsExport {
  const r = exportAirflowDagsFromText(text, `${name}.yaml`);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.export;
}

function write(dir: string, exp: AirflowDagsExport, skip: string[] = []): void {
  mkdirSync(dir, { recursive: true });
  for (const f of exp.files) if (!skip.includes(f.path)) writeFileSync(join(dir, f.path), f.text);
}

const everything = () => exportOf(fixture('everything.yaml'), 'everything');

describe('the replay runtime beside the DAG files', () => {
  it('every export writes the same windtunnel_replay.py once; replay_events.py defines no function', () => {
    for (const l of listLessons()) {
      const exp = exportOf(getLesson(l.name)!.text, l.name);
      const runtimes = exp.files.filter((f) => f.path === REPLAY_RUNTIME_FILE);
      expect(runtimes.map((f) => f.text), l.name).toEqual([REPLAY_RUNTIME]);
      const replay = exp.files.find((f) => f.path === 'replay_events.py')!.text;
      expect(replay, l.name).not.toMatch(/^\s*def /m);
      expect(replay, l.name).toMatch(/^    import windtunnel_replay$/m);
      const ignore = exp.files.find((f) => f.path === '.airflowignore')!.text.split('\n');
      expect(ignore, l.name).toEqual(expect.arrayContaining(['replay_events.py', REPLAY_RUNTIME_FILE]));
    }
  });

  it('replay_events.py runs from any working directory (its folder is on sys.path)', () => {
    const dir = join(tempDir('replay-runtime'), 'dags');
    write(dir, everything());
    const elsewhere = tempDir('replay-cwd');
    const r = python([join(dir, 'replay_events.py'), '--dry-run'], { cwd: elsewhere });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^setup$/m);
    expect(r.stdout).toContain('  PATCH /api/v2/dags/');
  });

  it('without the runtime beside it, replay_events.py says so and exits 1', () => {
    const dir = tempDir('replay-no-runtime');
    write(dir, everything(), [REPLAY_RUNTIME_FILE]);
    const r = python([join(dir, 'replay_events.py'), '--dry-run'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`${REPLAY_RUNTIME_FILE} is missing: windtunnel export-dags writes it beside this file`);
  });

  it('a runtime of another format is refused rather than misread', () => {
    const dir = tempDir('replay-format');
    write(dir, everything(), [REPLAY_RUNTIME_FILE]);
    writeFileSync(join(dir, REPLAY_RUNTIME_FILE), REPLAY_RUNTIME.replace(/^FORMAT = 1$/m, 'FORMAT = 2'));
    const r = python([join(dir, 'replay_events.py'), '--dry-run']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('replay_events.py wants runtime format 1, windtunnel_replay.py is 2: export both again');
  });

  it('a DAG named windtunnel_replay is written apart from the runtime', () => {
    const text = 'windtunnel: 1\nname: clash\nclock: {start: 2025-01-01, end: 2025-01-02}\ndags: [{dag_id: windtunnel_replay, schedule: "@daily"}]\n';
    const paths = exportOf(text, 'clash').files.map((f) => f.path);
    expect(paths).toContain('windtunnel_replay_dag.py');
    expect(paths.filter((p) => p === REPLAY_RUNTIME_FILE)).toHaveLength(1);
  });
});
