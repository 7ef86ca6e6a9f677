// The main window's options and the guards on every web contents: sandboxed, isolated, no Node;
// navigation away from the app and new windows denied; only allow-listed links reach the browser.
import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./fixtures/electron-mock')).electron);
import { APP_ENTRY_URL, isAppUrl, rendererSource } from '../../../main/app/app-origin';
import { isAllowedExternalUrl } from '../../../main/app/external-links';
import { createMainWindow, mainWindowOptions } from '../../../main/app/main-window';
import { guardWebContents } from '../../../main/app/window-security';
import { electron, FakeWebContents, resetElectron } from './fixtures/electron-mock';

const production = rendererSource(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' });

beforeEach(() => resetElectron());

describe('main window', () => {
  it('is sandboxed and isolated, with no Node in the page and the preload as its bridge', () => {
    const { webPreferences } = mainWindowOptions('/app/out/preload/index.cjs');
    expect(webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('loads the app from its own scheme and shows when ready', () => {
    const window = createMainWindow('/p.cjs', production) as unknown as InstanceType<typeof electron.BrowserWindow>;
    expect(window.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(window.options.webPreferences.sandbox).toBe(true);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });
});

describe('renderer source', () => {
  it('uses the dev server only in an unpackaged app, and only on this machine', () => {
    expect(production).toEqual({ entryUrl: 'mge-app://renderer/index.html', devServerOrigin: null });
    expect(rendererSource(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173/' })).toEqual({ entryUrl: 'http://localhost:5173/', devServerOrigin: 'http://localhost:5173' });
    expect(rendererSource(false, { ELECTRON_RENDERER_URL: 'https://cdn.example/app' }).devServerOrigin).toBeNull();
    expect(rendererSource(false, {}).entryUrl).toBe(APP_ENTRY_URL);
  });

  it('recognises the app’s own pages', () => {
    expect(isAppUrl('mge-app://renderer/index.html#/runs', production)).toBe(true);
    for (const url of ['mge-app://other/index.html', 'http://localhost:5173/', 'file:///etc/passwd', 'https://evil.example', 'not a url']) expect(isAppUrl(url, production), url).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/runs', rendererSource(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }))).toBe(true);
  });
});

describe('web contents guards', () => {
  function guarded() {
    const contents = new FakeWebContents();
    guardWebContents(contents as never, production);
    return contents;
  }

  it('prevents navigation away from the app, sending allowed links to the browser', () => {
    const contents = guarded();
    expect(contents.fire('will-navigate', 'https://evil.example/phish')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(contents.fire('will-navigate', 'https://github.com/lbzhang/MGE-CNN')).toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://github.com/lbzhang/MGE-CNN');
    expect(contents.fire('will-navigate', 'mge-app://renderer/index.html')).toBe(false);
    expect(contents.fire('will-redirect', 'https://evil.example')).toBe(true);
  });

  it('denies every new window, opening only allow-listed https links externally', () => {
    const contents = guarded();
    for (const url of ['https://evil.example', 'http://github.com/x', 'javascript:alert(1)', 'file:///etc/passwd', 'mge-app://renderer/index.html']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://wandb.ai/team/project' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://wandb.ai/team/project');
  });

  it('refuses to attach webviews', () => {
    expect(guarded().fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('allows only https links to known hosts, without credentials', () => {
    expect(isAllowedExternalUrl('https://arxiv.org/abs/1234')).toBe(true);
    for (const url of ['https://github.com.evil.example/', 'https://user:pw@github.com/', 'http://arxiv.org/', 'ftp://github.com/', '']) expect(isAllowedExternalUrl(url), url).toBe(false);
  });
});
