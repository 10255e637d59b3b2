import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLesson } from '../../core/index.js';
import { oracleInputFiles, resolvedScenarioJson, writeOracleInput } from '../../cli/airflow/oracle_input.js';
import { oracleAvailable } from '../../cli/airflow/oracle_process.js';

describe('oracle-input', () => {
  it('writes the export-dags files and a resolved scenario.json with ISO instants and seconds', () => {
    const lesson = getLesson('xcom-prior-run')!;
    const r = oracleInputFiles(lesson.text, 'xcom-prior-run.yaml');
    if (!r.ok) throw new Error(r.message);
    const dir = mkdtempSync(join(tmpdir(), 'wt-oi-'));
    try {
      writeOracleInput(dir, r.files);
      expect(readdirSync(dir).sort()).toEqual(['.airflowignore', 'daily_model.py', 'replay_events.py', 'scenario.json', 'windtunnel_replay.py']);
      const s = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
      expect(s.clock).toEqual({ start: '2025-04-01T00:00:00Z', end: '2025-04-04T06:00:00Z' });
      expect(s.airflow).toBe('3.1');
      expect(s.dags[0].start_date).toBe('2025-04-01T00:00:00Z');
      expect(s.dags[0].tasks[0].duration).toEqual({ kind: 'fixed', seconds: 600 });
      expect(s.dags[0].tasks[0].retry_delay_s).toBe(300);
      expect(s.events[0]).toMatchObject({ kind: 'trigger', at: '2025-04-02T12:00:00Z', trigger: { dag_id: 'daily_model', via: 'cli' } });
      expect(readFileSync(join(dir, 'daily_model.py'), 'utf8')).toContain('dag_id="daily_model"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('overrides the profile and reports parse errors with their location', () => {
    const lesson = getLesson('xcom-prior-run')!;
    const r = oracleInputFiles(lesson.text, 'x.yaml', '3.0');
    expect(r.ok && JSON.parse(r.files.find((f) => f.path === 'scenario.json')!.text).airflow).toBe('3.0');
    const bad = oracleInputFiles('windtunnel: 1\nname: x\nclock: {start: nope}\n', 'bad.yaml');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^bad\.yaml:\d+:\d+/);
  });

  it('a profile override resolves that profile\'s defaults, as run --profile does', () => {
    // xcom-prior-run is @daily under 3.1 (CronTriggerTimetable); under "2" the defaults make it a
    // data-interval schedule with catchup, in Airflow 2.11 DAG files.
    const r = oracleInputFiles(getLesson('xcom-prior-run')!.text, 'x.yaml', '2');
    if (!r.ok) throw new Error(r.message);
    const s = JSON.parse(r.files.find((f) => f.path === 'scenario.json')!.text);
    expect(s.config).toMatchObject({ create_cron_data_intervals: true, catchup_by_default: true });
    const dag = r.files.find((f) => f.path === 'daily_model.py')!.text;
    expect(dag).toContain('schedule=CronDataIntervalTimetable("@daily", timezone="UTC")');
    expect(dag).toMatch(/^from airflow import DAG$/m);
  });

  it('converts nested durations, instants of an events timetable, and leaves other numbers alone', () => {
    expect(resolvedScenarioJson({ interval: { months: 1, ms: 3_600_000, iso: 'P1MT1H' }, events: [0, 1500], retries: 3 }))
      .toEqual({ interval: { months: 1, seconds: 3600, iso: 'P1MT1H' }, events: ['1970-01-01T00:00:00Z', '1970-01-01T00:00:01.500Z'], retries: 3 });
  });

  it('says how to install a missing oracle environment', () => {
    const r = oracleAvailable('9.9');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/npm run oracle:setup/);
  });
});
