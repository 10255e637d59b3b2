// The main window's options and the locks on what its web contents may do. Types only from
// electron: the objects are passed in, so tests drive these with fakes.
import type { BrowserWindowConstructorOptions, HandlerDetails, WebPreferences } from 'electron';
import { isAppUrl } from '../common/ipc.js';

export interface WindowOptionsInput {
  /** Absolute path of dist/electron/preload.cjs. */
  preload: string;
  platform: NodeJS.Platform;
  /** Window icon (Linux and Windows; macOS takes the bundle's icon). */
  icon?: string;
}

export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableWebSQL: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Windtunnel',
    // Shown once the first paint is ready, so the window never flashes white.
    show: false,
    backgroundColor: '#ffffff',
    ...(input.icon && input.platform !== 'darwin' ? { icon: input.icon } : {}),
    webPreferences: webPreferences(input.preload),
  };
}

/** The slice of WebContents these locks use. */
export interface LockableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { url: string; preventDefault(): void }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: Pick<HandlerDetails, 'url'>) => { action: 'deny' }): void;
}

/** http(s) links leave the app for the default browser; nothing else is opened anywhere. */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/**
 * No navigation away from the app's own origin (a dropped file or a link would otherwise replace
 * the app), no new windows, no <webview>. Links to http(s) pages open in the default browser.
 */
export function lockWebContents(contents: LockableContents, openExternal: (url: string) => void): void {
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    if (isExternalLink(event.url)) openExternal(event.url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) openExternal(url);
    return { action: 'deny' };
  });
}
