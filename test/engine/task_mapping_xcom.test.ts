// Dynamic task mapping over an upstream's XCom (`expand: {arg: {xcom: task}}`), against Airflow
// 3.3.2's DagRun._get_ready_tis + TaskMap.expand_mapped_task (confirmed with zero differences by the
// oracle on test/oracle/fixtures/xcom-mapping.yaml): the length is decided when the upstream
// succeeds, an empty list skips, no list at all fails the unmapped instance, depends_on_past waits
// for every index of the previous run, and a mapped leaf fails its run when any index fails.
import { describe, expect, it } from 'vitest';
import { output } from './run_yaml.js';
import { formatError, parseScenario } from '../../core/index.js';

const sweep = (make: string, train: string, gather = '') => `
windtunnel: 1
name: xcom-mapping
clock: {start: 2025-01-08T06:00:00Z, end: 2025-01-08T12:00:00Z}
dags:
  - dag_id: sweep
    schedule: null
    start_date: 2025-01-01
    tasks:
      - {task_id: make, duration: PT2M${make}}
      - {task_id: train, duration: PT10M${train}}
      - {task_id: gather, upstream: [train], duration: PT1M${gather}}
events:
  - {at: 2025-01-08T06:00:00Z, trigger: {dag_id: sweep, run_id: r1}}
`;
type Out = Awaited<ReturnType<typeof output>>;
const tis = (out: Out, task: string) =>
  out.task_instances.filter((t) => t.task_id === task).map((t) => [t.map_index, t.state, t.try_number, t.start_date]);

describe('expand over an upstream XCom', () => {
  it('makes one instance per item of the returned list, when the upstream succeeds', async () => {
    const out = await output(sweep(', returns: [0.1, 0.01, 0.001]', ', returns: "{{ ti.map_index }}", expand: {lr: {xcom: make}}', ', returns: "{{ ti.xcom_pull(task_ids=\'train\') }}"'));
    // Before make ends there is one unmapped instance; at 06:02 it becomes map_index 0 and 1, 2 join it.
    expect(tis(out, 'train')).toEqual([0, 1, 2].map((i) => [i, 'success', 1, '2025-01-08T06:02:00Z']));
    expect(out.xcoms.find((x) => x.task_id === 'make')?.value).toEqual([0.1, 0.01, 0.001]);
    expect(out.xcoms.find((x) => x.task_id === 'gather')?.value).toBe("['0', '1', '2']");
    expect(out.log.find((l) => l.kind === 'ti.expanded')).toMatchObject({ at: '2025-01-08T06:02:00Z', task_id: 'train' });
    // The XCom source became an upstream, as Airflow sets it from the XComArg.
    expect(tis(out, 'gather')[0]).toEqual([-1, 'success', 1, '2025-01-08T06:12:00Z']);
  });

  it('renders string items of the returned list with the try context', async () => {
    const out = await output(sweep(', returns: ["{{ run_id }}-a", "b"]', ', expand: {shard: {xcom: make}}'));
    expect(out.xcoms.find((x) => x.task_id === 'make')?.value).toEqual(['r1-a', 'b']);
    expect(tis(out, 'train').map((t) => t[0])).toEqual([0, 1]);
  });

  it('an empty list skips the unmapped instance; all_success downstream is skipped, all_done runs', async () => {
    const out = await output(sweep(', returns: []', ', expand: {lr: {xcom: make}}'));
    expect(tis(out, 'train')).toEqual([[-1, 'skipped', 0, null]]);
    expect(tis(out, 'gather').map((t) => t[1])).toEqual(['skipped']);
    const done = await output(sweep(', returns: []', ', expand: {lr: {xcom: make}}', ', trigger_rule: all_done'));
    expect(tis(done, 'gather').map((t) => t[1])).toEqual(['success']);
  });

  it('a failed upstream leaves nothing to expand: upstream_failed (all_success), or upstream_failed after all_done lets it run', async () => {
    const failed = await output(sweep(', returns: [1, 2], outcome: failed', ', expand: {lr: {xcom: make}}'));
    expect(tis(failed, 'train').map((t) => [t[0], t[1]])).toEqual([[-1, 'upstream_failed']]);
    const allDone = await output(sweep(', returns: [1, 2], outcome: failed', ', trigger_rule: all_done, expand: {lr: {xcom: make}}'));
    expect(tis(allDone, 'train').map((t) => [t[0], t[1]])).toEqual([[-1, 'upstream_failed']]);
    expect(allDone.log.find((l) => l.task_id === 'train' && l.kind === 'ti.upstream_failed')?.why).toMatch(/pushed no list to map over/);
  });

  it('retries and limits are per index; one failed index fails the mapped leaf run', async () => {
    const out = await output(sweep(', returns: [1, 2, 3]',
      ', max_active_tis_per_dagrun: 2, retries: 1, retry_delay: PT5M, outcome: {fail_if: "{{ ti.map_index == 1 }}"}, expand: {lr: {xcom: make}}', ', trigger_rule: all_done'));
    expect(tis(out, 'train')).toEqual([[0, 'success', 1, '2025-01-08T06:02:00Z'], [1, 'failed', 2, '2025-01-08T06:17:00Z'], [2, 'success', 1, '2025-01-08T06:12:00Z']]);
    const leaf = await output(sweep(', returns: [1, 2]', ', outcome: {fail_if: "{{ ti.map_index == 1 }}"}, expand: {lr: {xcom: make}}').replace(/\n {6}- \{task_id: gather.*\n/, '\n'));
    expect(leaf.dag_runs[0].state).toBe('failed');
  });

  it('depends_on_past: every index waits for all indexes of the previous run', async () => {
    const out = await output(`
windtunnel: 1
name: nightly
clock: {start: 2025-03-01T00:00:00Z, end: 2025-03-03T12:00:00Z}
dags:
  - dag_id: nightly
    schedule: "@daily"
    start_date: 2025-03-01
    catchup: true
    tasks:
      - {task_id: list_shards, duration: PT1M, returns: ["a", "b"]}
      - {task_id: process, duration: PT10M, depends_on_past: true, outcome: {fail_if: "{{ ti.map_index == 1 and ds == '2025-03-01' }}"}, expand: {shard: {xcom: list_shards}}}
`);
    const proc = out.task_instances.filter((t) => t.task_id === 'process').map((t) => [t.run_id.slice(11, 21), t.map_index, t.state]);
    expect(proc).toEqual([['2025-03-01', 0, 'success'], ['2025-03-01', 1, 'failed'], ['2025-03-02', -1, null], ['2025-03-03', -1, null]]);
    expect(out.dag_runs.map((r) => r.state)).toEqual(['failed', 'running', 'running']);
  });

  it('refuses a source that is unknown, mapped, not returning a list, or an always trigger rule, at the key', () => {
    const bad = (make: string, train: string) => {
      const p = parseScenario(sweep(make, train), 'm.yaml');
      return p.ok ? '' : p.errors.map(formatError).join('\n');
    };
    expect(bad('', ', expand: {lr: {xcom: nope}}')).toMatch(/m\.yaml:11:.*unknown task 'nope' in expand's xcom/);
    expect(bad(', returns: "{{ 1 }}"', ', expand: {lr: {xcom: make}}')).toMatch(/'make' must return a list to map over: give it returns: \[\.\.\]/);
    expect(bad(', returns: [1], expand: {x: [1, 2]}', ', expand: {lr: {xcom: make}}')).toMatch(/expanding over a mapped task's XCom is not modelled/);
    expect(bad(', returns: [1]', ', trigger_rule: always, expand: {lr: {xcom: make}}')).toMatch(/not allowed with trigger rule 'always'/);
    expect(bad(', returns: [1]', ', expand: {lr: {xcom: make}, x: [1]}')).toMatch(/takes one argument here/);
    expect(bad(', returns: [1]', ', expand: {lr: {task: make}}')).toMatch(/task/);
    expect(bad(', returns: [1]', ', expand: {lr: {xcom: train}}')).toMatch(/cannot expand over its own XCom/);
    expect(bad(', returns: [1]', ', expand: {lr: {xcom: make}}')).toBe('');
  });
});

describe('marking a mapped task', () => {
  const marked = (profile: string, mark: string) => `
windtunnel: 1
name: mark-mapped
airflow: "${profile}"
clock: {start: 2025-03-01T09:00:00Z, end: 2025-03-01T11:00:00Z}
dags:
  - dag_id: marked
    schedule: null
    start_date: 2025-01-01
    tasks:
      - {task_id: make, duration: PT1M, returns: [1, 2, 3]}
      - {task_id: work, duration: PT30M, outcome: failed, expand: {n: {xcom: make}}}
      - {task_id: after, upstream: [work], duration: PT1M}
events:
  - {at: 2025-03-01T09:00:00Z, trigger: {dag_id: marked, run_id: m1}}
  - {at: 2025-03-01T09:40:00Z, mark: {dag_id: marked, run_id: m1, task_id: work, ${mark}state: success}}
`;
  const states = (out: Out) => out.task_instances.filter((t) => t.task_id === 'work').map((t) => t.state);

  it('map_index marks one instance (PATCH .../taskInstances/work/1); without it 3.1+ mark every index', async () => {
    const one = await output(marked('3.3', 'map_index: 1, '));
    expect(states(one)).toEqual(['failed', 'success', 'failed']);
    expect(one.dag_runs[0].state).toBe('failed');
    const all = await output(marked('3.3', ''));
    expect(states(all)).toEqual(['success', 'success', 'success']);
    // The failed downstream is cleared and runs: the run succeeds.
    expect(all.task_instances.find((t) => t.task_id === 'after')?.state).toBe('success');
    expect(all.dag_runs[0].state).toBe('success');
  });

  it('3.0 looks up map_index -1 when none is given: 404 for a mapped task; a missing index is 404 in 3.1+', async () => {
    const a30 = await output(marked('3.0', ''));
    expect(a30.event_results[1]).toMatchObject({ ok: false, status: 404, error: 'Task Instance not found for dag_id=marked, run_id=m1, task_id=work' });
    const missing = await output(marked('3.3', 'map_index: 7, '));
    expect(missing.event_results[1]).toMatchObject({ ok: false, status: 404, error: 'The Task Instance with dag_id: `marked`, run_id: `m1`, task_id: `work` and map_index: `7` was not found' });
  });
});
