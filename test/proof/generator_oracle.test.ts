// Oracle-sized swarm worlds (generator_oracle.ts): small enough for real Airflow, still varied.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenario } from '../../core/index.js';
import { generateScenario } from './generator.js';
import { generateOracleScenario, ORACLE_SIZE } from './generator_oracle.js';

type Obj = Record<string, unknown>;
const HOUR = 3_600_000;

describe('oracle-sized swarm worlds', () => {
  const worlds = Array.from({ length: 60 }, (_, seed) => generateOracleScenario(seed));

  it('are nearly all valid scenarios, all within the limits', () => {
    // A few are refused (a branch whose target task was cut): the corpus counts them as not expressible.
    const valid = worlds.filter((w) => parseScenario(w.yaml, `swarm-${w.seed}.yaml`).ok);
    expect(valid.length).toBeGreaterThanOrEqual(worlds.length * 0.9);
    for (const w of valid) {
      const doc = parse(w.yaml) as Obj;
      const clock = doc.clock as { start: string; end: string };
      expect(Date.parse(clock.end) - Date.parse(clock.start)).toBeLessThanOrEqual(ORACLE_SIZE.maxHours * HOUR);
      const dags = doc.dags as Obj[];
      expect(dags.length).toBeLessThanOrEqual(ORACLE_SIZE.maxDags);
      for (const d of dags) {
        const tasks = d.tasks as Obj[];
        expect(tasks.length).toBeLessThanOrEqual(ORACLE_SIZE.maxTasks);
        const ids = new Set(tasks.map((t) => t.task_id));
        for (const t of tasks) for (const u of (t.upstream as string[] | undefined) ?? []) expect(ids.has(u)).toBe(true);
      }
      expect(((doc.events as Obj[] | undefined) ?? []).length).toBeLessThanOrEqual(ORACLE_SIZE.maxEvents);
    }
  });

  it('are the same for the same seed, and leave the full-size generator unchanged', () => {
    expect(generateOracleScenario(7).yaml).toBe(worlds[7].yaml);
    expect(generateScenario(7).yaml).toBe(generateScenario(7).yaml);
    expect(generateScenario(7).yaml).not.toBe(worlds[7].yaml);
  });

  it('still cover the features the differential is for', () => {
    const text = worlds.map((w) => w.yaml).join('\n');
    for (const feature of ['api:', 'trigger:', 'backfill:', 'asset_event:', 'message:', 'depends_on_past: true', 'include_prior_dates', 'expand:', 'catchup: true', 'clear:', 'mark:']) {
      expect(text, feature).toContain(feature);
    }
  });
});
