import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { isExternalLink, lockWebContents, webPreferences, windowOptions } from '../../electron/main/window.js';
import type { LockableContents } from '../../electron/main/window.js';

describe('windowOptions', () => {
  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    const o = windowOptions({ preload: '/app/dist/electron/preload.cjs', platform: 'linux', icon: '/i.png' });
    expect(o.webPreferences).toEqual(webPreferences('/app/dist/electron/preload.cjs'));
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false,
      webviewTag: false, navigateOnDragDrop: false, experimentalFeatures: false,
    });
    expect(o.show).toBe(false);
    expect(o.icon).toBe('/i.png');
    expect(windowOptions({ preload: '/p', platform: 'darwin', icon: '/i.png' }).icon).toBeUndefined();
  });
});

class FakeContents extends EventEmitter {
  openHandler?: (d: { url: string }) => { action: 'deny' };
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) { this.openHandler = h; }
  navigate(event: string, url: string) {
    const e = { url, prevented: false, preventDefault() { this.prevented = true; } };
    this.emit(event, e);
    return e.prevented;
  }
}

describe('lockWebContents', () => {
  const setup = () => {
    const contents = new FakeContents();
    const openExternal = vi.fn();
    lockWebContents(contents as unknown as LockableContents, openExternal);
    return { contents, openExternal };
  };

  it('keeps navigation inside the app', () => {
    const { contents, openExternal } = setup();
    expect(contents.navigate('will-navigate', 'app://windtunnel/index.html')).toBe(false);
    expect(contents.navigate('will-navigate', 'file:///home/me/a.windtunnel.yaml')).toBe(true); // a dropped file
    expect(contents.navigate('will-navigate', 'app://elsewhere/')).toBe(true);
    expect(contents.navigate('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(contents.navigate('will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(openExternal).toHaveBeenCalledTimes(1); // only the http(s) one leaves, to the browser
  });

  it('denies every new window; http(s) links open in the default browser', () => {
    const { contents, openExternal } = setup();
    expect(contents.openHandler!({ url: 'https://airflow.apache.org/docs/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://airflow.apache.org/docs/');
    expect(contents.openHandler!({ url: 'app://windtunnel/index.html' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('refuses <webview>', () => {
    const { contents } = setup();
    const e = { prevented: false, preventDefault() { this.prevented = true; } };
    contents.emit('will-attach-webview', e);
    expect(e.prevented).toBe(true);
  });

  it('isExternalLink takes plain http(s) only', () => {
    expect(isExternalLink('https://example.com/')).toBe(true);
    expect(isExternalLink('http://example.com/')).toBe(true);
    expect(isExternalLink('https://user:pw@example.com/')).toBe(false);
    expect(isExternalLink('smb://host/share')).toBe(false);
    expect(isExternalLink('file:///x')).toBe(false);
    expect(isExternalLink('nonsense')).toBe(false);
  });
});
