// The issue's payload through the CLI: `run` simulates it as Airflow does (the task fails with the
// sandbox's error; nothing runs, the process id is never printed), `validate` refuses the templates
// that are known to fail before anything renders, each at its line and column.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync('node', ['bin/windtunnel.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
const tmp = mkdtempSync(join(tmpdir(), 'wt-sec-'));
const file = (name: string, text: string) => { const p = join(tmp, name); writeFileSync(p, text); return p; };

const scenario = (templates: string) => `windtunnel: 1
name: escape
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T12:00:00Z}
dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-01-01
    tasks:
      - task_id: t
        templates:
${templates}
`;

const issue = file('issue.yaml', scenario(`          cmd: '{{ range.constructor("return process.pid")() }}'`));
const dunder = file('dunder.yaml', scenario(`          ok: '{{ ds }}'
          cls: "{{ ''.__class__.__mro__[1].__subclasses__() }}"`));
const inject = file('inject.yaml', scenario("          cmd: '{% set a\"&&Function`globalThis\\x2eprocess\\x2eexit\\x2842\\x29```&&\" = 1 %}'"));

describe('templates from a scenario file, through the CLI', () => {
  it("run: the issue's payload fails the task with Airflow's error and never prints the pid", () => {
    const r = cli('run', issue, '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(String(r.pid));
    const ti = JSON.parse(r.stdout).task_instances[0];
    expect(ti.state).toBe('failed');
    expect(ti.error).toContain("UndefinedError: 'function object' has no attribute 'constructor'");
  });

  it("run: __class__ fails the task with the sandbox's SecurityError; the reader warns where it is written", () => {
    const r = cli('run', dunder, '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const ti = JSON.parse(r.stdout).task_instances[0];
    expect(ti.state).toBe('failed');
    expect(ti.error).toContain("SecurityError: access to attribute '__class__' of 'str' object is unsafe.");
    expect(r.stderr).toContain(`warning: ${dunder}:12:16 dags[0].tasks[0].templates.cls: template: template line 1, column 6: SecurityError: access to attribute '__class__' of 'str' object is unsafe. (the task fails when it renders)`);
  });

  it('run: a name that would have been pasted into generated code is a syntax error, not an exit(42)', () => {
    const r = cli('run', inject, '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const ti = JSON.parse(r.stdout).task_instances[0];
    expect(ti.state).toBe('failed');
    expect(ti.error).toContain(`TemplateSyntaxError: unexpected char '"' at 8`);
  });

  it('validate: refuses each template known to fail, located; a good file stays valid', () => {
    const a = cli('validate', issue);
    expect(a.status).toBe(1);
    expect(a.stderr.trim()).toBe(`${issue}:11:16 dags[0].tasks[0].templates.cmd: template: template line 1, column 9: UndefinedError: 'function object' has no attribute 'constructor'`);
    const b = cli('validate', dunder);
    expect(b.status).toBe(1);
    expect(b.stderr.trim()).toBe(`${dunder}:12:16 dags[0].tasks[0].templates.cls: template: template line 1, column 6: SecurityError: access to attribute '__class__' of 'str' object is unsafe.`);
    const c = cli('validate', inject);
    expect(c.status).toBe(1);
    expect(c.stderr).toContain(`${inject}:11:16 dags[0].tasks[0].templates.cmd: template: TemplateSyntaxError: unexpected char '"' at 8`);
    const good = cli('validate', file('good.yaml', scenario(`          cmd: "echo {{ ds }} {{ params | length }} {{ 'x'.upper() }}"`)));
    expect(good.status, good.stderr).toBe(0);
  });
});
