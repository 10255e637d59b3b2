import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { AIRFLOW_DOCS_URL, accelerators, menuTemplate } from '../../electron/main/menu.js';
import type { MenuActions, MenuInput } from '../../electron/main/menu.js';

function actions(): MenuActions & Record<string, ReturnType<typeof vi.fn>> {
  return {
    newDocument: vi.fn(), open: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn(), save: vi.fn(), saveAs: vi.fn(),
    exportChooser: vi.fn(), exportAs: vi.fn(), attach: vi.fn(), reload: vi.fn(), openLesson: vi.fn(), openExternal: vi.fn(),
  };
}

function build(over: Partial<MenuInput> = {}) {
  const a = actions();
  const template = menuTemplate({
    platform: 'linux', isDev: false, appName: 'Windtunnel',
    recent: [{ path: '/s/a & b.yaml', name: 'a & b.yaml' }, { path: '/s/c.yaml', name: 'c.yaml' }],
    lessons: [{ name: 'catchup', title: 'Catchup on and off' }, { name: 'ds-undefined', title: 'ds & logical dates' }],
    actions: a,
    ...over,
  });
  return { template, a };
}

function find(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    if (Array.isArray(item.submenu)) {
      const hit = find(item.submenu, id);
      if (hit) return hit;
    }
  }
  return undefined;
}

const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();

describe('menuTemplate', () => {
  it('has the usual File accelerators', () => {
    const acc = Object.fromEntries(accelerators(build().template).map((x) => [x.id, x.accelerator]));
    expect(acc).toMatchObject({
      new: 'CmdOrCtrl+N', open: 'CmdOrCtrl+O', save: 'CmdOrCtrl+S', 'save-as': 'CmdOrCtrl+Shift+S',
      export: 'CmdOrCtrl+E', 'reload-scenario': 'CmdOrCtrl+R', attach: 'CmdOrCtrl+Shift+A',
      'zoom-reset': 'CmdOrCtrl+0', 'zoom-in': 'CmdOrCtrl+Plus', 'zoom-in-equals': 'CmdOrCtrl+=', 'zoom-out': 'CmdOrCtrl+-',
      quit: 'Ctrl+Q',
    });
  });

  it('never binds one accelerator twice (except the hidden = for zoom in)', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const list = accelerators(build({ platform, isDev: true }).template).map((x) => x.accelerator);
      expect(new Set(list).size, platform).toBe(list.length);
    }
  });

  it('offers developer tools only in development', () => {
    expect(find(build().template, 'devtools')).toBeUndefined();
    const dev = build({ isDev: true }).template;
    expect(find(dev, 'devtools')).toMatchObject({ role: 'toggleDevTools', accelerator: 'Ctrl+Shift+I' });
    expect(find(build({ isDev: true, platform: 'darwin' }).template, 'devtools')).toMatchObject({ accelerator: 'Alt+Cmd+I' });
  });

  it('lists recent files (escaping & for mnemonics) and clears them', () => {
    const { template, a } = build();
    expect(find(template, 'recent-0')!.label).toBe('/s/a && b.yaml');
    click(find(template, 'recent-1'));
    expect(a.openRecent).toHaveBeenCalledWith('/s/c.yaml');
    click(find(template, 'recent-clear'));
    expect(a.clearRecent).toHaveBeenCalled();
    expect(find(build({ recent: [] }).template, 'recent-empty')).toMatchObject({ enabled: false });
  });

  it('wires File items, exports and lessons to their actions', () => {
    const { template, a } = build();
    click(find(template, 'new'));
    click(find(template, 'open'));
    click(find(template, 'save'));
    click(find(template, 'save-as'));
    click(find(template, 'export'));
    click(find(template, 'reload-scenario'));
    click(find(template, 'attach'));
    click(find(template, 'export-png-4x'));
    click(find(template, 'export-task-instances-csv'));
    click(find(template, 'lesson-ds-undefined'));
    click(find(template, 'airflow-docs'));
    expect(a.newDocument).toHaveBeenCalled();
    expect(a.open).toHaveBeenCalled();
    expect(a.save).toHaveBeenCalled();
    expect(a.saveAs).toHaveBeenCalled();
    expect(a.exportChooser).toHaveBeenCalled();
    expect(a.reload).toHaveBeenCalled();
    expect(a.attach).toHaveBeenCalled();
    expect(a.exportAs).toHaveBeenNthCalledWith(1, 'png', 4);
    expect(a.exportAs).toHaveBeenNthCalledWith(2, 'task_instances_csv');
    expect(a.openLesson).toHaveBeenCalledWith('ds-undefined');
    expect(a.openExternal).toHaveBeenCalledWith(AIRFLOW_DOCS_URL);
    expect(find(template, 'lesson-catchup')).toMatchObject({ label: 'Catchup on and off', accelerator: 'Alt+1' });
    expect(find(template, 'lesson-ds-undefined')!.label).toBe('ds && logical dates');
  });

  it('follows each platform’s conventions', () => {
    const mac = build({ platform: 'darwin' }).template;
    expect(mac[0].label).toBe('Windtunnel'); // the app menu
    expect(mac.some((m) => m.role === 'windowMenu')).toBe(true);
    expect(find(mac, 'file')!.submenu as MenuItemConstructorOptions[]).toContainEqual({ role: 'close', accelerator: 'CmdOrCtrl+W' });
    const linux = build().template;
    expect(linux.map((m) => m.id)).toEqual(['file', 'edit', 'view', 'lessons', 'help']);
  });
});
