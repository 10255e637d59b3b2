// Dynamic task mapping over literal values, against Airflow 3.3.2's TaskMap.expand_mapped_task and
// DagRun.task_instance_scheduling_decisions: one task instance per map index, limits and retries per
// instance, trigger rules counting every instance, an empty expansion skipped.
import { describe, expect, it } from 'vitest';
import { output, runYaml } from './run_yaml.js';
import { parseScenario, formatError } from '../../core/index.js';

const sweep = (task: string, extra = '') => `
windtunnel: 1
name: mapping
clock: {start: 2025-01-08T06:00:00Z, end: 2025-01-08T12:00:00Z}
dags:
  - dag_id: sweep
    schedule: null
    start_date: 2025-01-01
    tasks:
      - {task_id: prepare, duration: PT1M}
      - ${task}
      - {task_id: gather, upstream: [train], duration: PT1M${extra}}
events:
  - {at: 2025-01-08T06:00:00Z, trigger: {dag_id: sweep}}
`;

const tis = (out: Awaited<ReturnType<typeof output>>, task: string) =>
  out.task_instances.filter((t) => t.task_id === task).map((t) => [t.map_index, t.state, t.try_number, t.start_date, t.end_date]);

describe('dynamic task mapping', () => {
  it('expand over a literal list makes one instance per value, map_index 0..n-1, all running together', async () => {
    const out = await output(sweep('{task_id: train, upstream: [prepare], duration: PT10M, expand: {lr: [0.1, 0.01, 0.001]}}'));
    expect(tis(out, 'train')).toEqual([0, 1, 2].map((i) => [i, 'success', 1, '2025-01-08T06:01:00Z', '2025-01-08T06:11:00Z']));
    expect(out.task_instances.filter((t) => t.task_id !== 'train').map((t) => t.map_index)).toEqual([-1, -1]);
    // gather waits for every index (all_success over all instances).
    expect(tis(out, 'gather')).toEqual([[-1, 'success', 1, '2025-01-08T06:11:00Z', '2025-01-08T06:12:00Z']]);
    expect(out.task_instances.map((t) => t.task_id)).toEqual(['prepare', 'train', 'train', 'train', 'gather']);
  });

  it('expand multiplies its lists (cross product); expand_kwargs makes one instance per mapping', async () => {
    const a = await output(sweep('{task_id: train, upstream: [prepare], expand: {lr: [0.1, 0.01], epochs: [1, 2, 3]}}'));
    expect(tis(a, 'train').map((t) => t[0])).toEqual([0, 1, 2, 3, 4, 5]);
    const b = await output(sweep('{task_id: train, upstream: [prepare], expand_kwargs: [{lr: 0.1}, {lr: 0.2, epochs: 3}]}'));
    expect(tis(b, 'train').map((t) => t[0])).toEqual([0, 1]);
  });

  it('max_active_tis_per_dagrun limits the instances of one mapped task running at once', async () => {
    const out = await output(sweep('{task_id: train, upstream: [prepare], duration: PT10M, max_active_tis_per_dagrun: 2, expand: {lr: [1, 2, 3, 4, 5]}}'));
    expect(tis(out, 'train').map((t) => t[3])).toEqual(['2025-01-08T06:01:00Z', '2025-01-08T06:01:00Z', '2025-01-08T06:11:00Z', '2025-01-08T06:11:00Z', '2025-01-08T06:21:00Z']);
    expect(out.log.some((l) => l.kind === 'ti.waiting' && l.why === 'max_active_tis_per_dagrun 2 reached for train')).toBe(true);
  });

  it('an empty expansion skips the unmapped instance once its upstream is done; all_success downstream is skipped too', async () => {
    const out = await output(sweep('{task_id: train, upstream: [prepare], expand: {lr: []}}'));
    expect(tis(out, 'train')).toEqual([[-1, 'skipped', 0, null, null]]);
    expect(tis(out, 'gather').map((t) => t[1])).toEqual(['skipped']);
    expect(out.log.find((l) => l.task_id === 'train' && l.kind === 'ti.skipped')?.why).toMatch(/the map has 0 values to expand/);
    expect(out.dag_runs[0].state).toBe('success');
  });

  it('retries are per map index; one failed index fails the all_success downstream, all_done still runs', async () => {
    const failing = "{task_id: train, upstream: [prepare], retries: 1, retry_delay: PT5M, duration: PT1M, outcome: {fail_if: \"{{ ti.map_index == 1 }}\"}, expand: {lr: [1, 2, 3]}}";
    const out = await output(sweep(failing));
    expect(tis(out, 'train').map((t) => [t[0], t[1], t[2]])).toEqual([[0, 'success', 1], [1, 'failed', 2], [2, 'success', 1]]);
    expect(tis(out, 'gather').map((t) => t[1])).toEqual(['upstream_failed']);
    const done = await output(sweep(failing, ', trigger_rule: all_done'));
    expect(tis(done, 'gather').map((t) => t[1])).toEqual(['success']);
  });

  it('the SQL task_instance table holds one row per map index', async () => {
    const r = await runYaml(sweep('{task_id: train, upstream: [prepare], expand: {lr: [0.1, 0.01, 0.001]}}'));
    try {
      const rows = r.query("SELECT task_id, map_index, state FROM task_instance WHERE task_id = 'train' ORDER BY map_index");
      if ('error' in rows) throw new Error(rows.error);
      expect(rows.rows).toEqual([['train', 0, 'success'], ['train', 1, 'success'], ['train', 2, 'success']]);
    } finally { r.close(); }
  });

  it('refuses expand with expand_kwargs, a non-list, or nothing to expand, at the key', () => {
    const bad = (task: string) => {
      const p = parseScenario(sweep(task), 'm.yaml');
      return p.ok ? '' : p.errors.map(formatError).join('\n');
    };
    expect(bad('{task_id: train, upstream: [prepare], expand: {lr: [1]}, expand_kwargs: [{lr: 1}]}')).toMatch(/m\.yaml:11:.*expand or expand_kwargs, not both/);
    expect(bad('{task_id: train, upstream: [prepare], expand: {lr: 0.1}}')).toMatch(/m\.yaml:11:.*a list of values to map 'lr' over/);
    expect(bad('{task_id: train, upstream: [prepare], expand: {}}')).toMatch(/expand needs at least one argument/);
    expect(bad('{task_id: train, upstream: [prepare], expand_kwargs: [1]}')).toMatch(/expected a mapping/);
  });
});

describe('XCom of a mapped task', () => {
  it('each map index pushes its own return_value; a pull without map_indexes reads them all by map_index', async () => {
    const out = await output(sweep(
      '{task_id: train, upstream: [prepare], duration: PT1M, returns: "{{ ti.map_index * 10 }}", expand: {lr: [1, 2, 3]}}',
      ', returns: "{{ ti.xcom_pull(task_ids=\'train\') }}"'));
    expect(out.xcoms.filter((x) => x.task_id === 'train').map((x) => [x.map_index, x.value])).toEqual([[0, '0'], [1, '10'], [2, '20']]);
    expect(out.xcoms.find((x) => x.task_id === 'gather')?.value).toBe("['0', '10', '20']");
  });
});

describe('REST and CSV with mapped task instances', () => {
  it('GET taskInstances lists each map index, ordered by map_index then creation, as Airflow orders them', async () => {
    const out = await output(sweep('{task_id: train, upstream: [prepare], expand: {lr: [1, 2, 3]}}').replace('events:\n', `events:
  - {at: 2025-01-08T07:00:00Z, api: {method: GET, path: /api/v2/dags/sweep/dagRuns/~/taskInstances}}
`));
    const body = out.event_results.find((r) => r.kind === 'api' || r.status === 200)?.response as { task_instances: { task_id: string; map_index: number }[]; total_entries: number };
    expect(body.task_instances.map((t) => `${t.task_id}:${t.map_index}`)).toEqual(['prepare:-1', 'gather:-1', 'train:0', 'train:1', 'train:2']);
    expect(body.total_entries).toBe(5);
  });
});
