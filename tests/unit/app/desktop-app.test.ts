// The whole shell with Electron mocked: one instance, the scheme registered before ready, the sandbox
// on, the session secured, the window hardened, the router and menu installed, the runs folder in the
// user-data folder, menu commands reaching the renderer, and a quit that saves running trainers.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./fixtures/electron-mock')).electron);
import { APP_ENTRY_URL, APP_SCHEME } from '../../../main/app/app-origin';
import { IPC_CHANNELS } from '../../../main/app/ipc-channels';
import { startDesktopApp } from '../../../main/app/desktop-app';
import { guardQuit } from '../../../main/app/quit-guard';
import { trainerRuntime } from '../../../main/app/trainer-runtime';
import { useTempDir } from '../../helpers/temp-dir';
import { electron, FakeBrowserWindow, FakeFrame, resetElectron } from './fixtures/electron-mock';

const tempDir = useTempDir('mge-desktop-');
const ROOT = path.resolve(__dirname, '../../..');
let userData: string;

beforeEach(() => {
  resetElectron();
  userData = tempDir();
  electron.app.paths.userData = userData;
  electron.app.appPath = ROOT;
});

async function start() {
  const desktop = await startDesktopApp({ mainBundleDir: path.join(ROOT, 'out', 'main'), preloadPath: '/app/out/preload/index.cjs', rendererDir: path.join(userData, 'renderer') });
  if (!desktop) throw new Error('did not start');
  const window = FakeBrowserWindow.windows[0];
  return { desktop, window };
}

describe('desktop app', () => {
  it('quits when another instance holds the lock', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValue(false);
    expect(await startDesktopApp({ mainBundleDir: '/x', preloadPath: '/x', rendererDir: '/x' })).toBeNull();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(FakeBrowserWindow.windows).toHaveLength(0);
  });

  it('starts hardened: privileged scheme, sandbox, CSP, permissions, guarded sandboxed window, router, menu', async () => {
    const { window } = await start();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: APP_SCHEME, privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled();
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(electron.session.defaultSession.protocol.handle).toHaveBeenCalledWith(APP_SCHEME, expect.any(Function));
    expect(electron.ipcMain.handlers.has(IPC_CHANNELS.call)).toBe(true);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();

    expect(FakeBrowserWindow.windows).toHaveLength(1);
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/app/out/preload/index.cjs' });
    expect(window.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    // The guards of web-contents-created reached the window's contents.
    expect(window.webContents.fire('will-navigate', 'https://evil.example')).toBe(true);
    expect(window.webContents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
  });

  it('keeps runs in the user-data folder and answers the page through IPC', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { window } = await start();
    const handler = electron.ipcMain.handlers.get(IPC_CHANNELS.call)!;
    const page = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const info = (await handler(page, 'app.info', {})) as { ok: true; value: { runsDir: string; mode: string; capabilities: Record<string, boolean> } };
    expect(info.value).toMatchObject({ runsDir: path.join(userData, 'runs'), mode: 'desktop', capabilities: { chooseFolder: true, openFolder: true, dropPaths: true } });
    const foreign = { sender: window.webContents, senderFrame: new FakeFrame('https://evil.example') };
    expect(await handler(foreign, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('refused an API call from https://evil.example'));
    warn.mockRestore();

    // A changed runs folder is saved in the user-data settings file.
    const chosen = path.join(userData, 'elsewhere');
    await handler(page, 'settings.set', { runsDir: chosen });
    expect(JSON.parse(await fs.readFile(path.join(userData, 'settings.json'), 'utf8'))).toEqual({ runsDir: chosen });

    // The native dialog answers app.chooseFolder.
    expect(await handler(page, 'app.chooseFolder', { title: 'Dataset' })).toEqual({ ok: true, value: { path: '/data/CUB_200_2011' } });
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ title: 'Dataset', properties: expect.arrayContaining(['openDirectory']) }));
  });

  it('sends menu commands to the page', async () => {
    const { window } = await start();
    const template = electron.Menu.buildFromTemplate.mock.calls[0][0] as Array<{ label?: string; submenu?: Array<{ label?: string; click?: () => void }> }>;
    const file = template.find((m) => m.label === 'File')!;
    file.submenu!.find((item) => item.label === 'Import Dataset…')!.click!();
    expect(window.webContents.send).toHaveBeenCalledWith(IPC_CHANNELS.event, 'app.command', { command: 'import-dataset' });
    file.submenu!.find((item) => item.label === 'Open Runs Folder')!.click!();
    expect(electron.shell.openPath).toHaveBeenCalledWith(path.join(userData, 'runs'));
  });

  it('focuses the existing window when a second instance starts', async () => {
    const { window } = await start();
    window.minimized = true;
    electron.app.emit('second-instance');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(FakeBrowserWindow.windows).toHaveLength(1);
  });
});

describe('quitting while runs train', () => {
  function fakeService(active: string[]) {
    return { activeRunIds: () => active, shutdown: vi.fn(async () => void active.splice(0)) };
  }

  it('asks, stops the trainers with a checkpoint, then quits', async () => {
    const service = fakeService(['r1', 'r2']);
    const confirm = vi.fn(async () => true);
    guardQuit(service as never, confirm);
    expect(electron.app.fire('before-quit')).toBe(true);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(confirm).toHaveBeenCalledWith(2);
    expect(service.shutdown).toHaveBeenCalled();
    expect(electron.app.fire('before-quit')).toBe(false);
  });

  it('stays open when the user cancels, and quits at once with nothing training', async () => {
    const service = fakeService(['r1']);
    guardQuit(service as never, async () => false);
    expect(electron.app.fire('before-quit')).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(service.shutdown).not.toHaveBeenCalled();
    expect(electron.app.quit).not.toHaveBeenCalled();
    resetElectron();
    guardQuit(fakeService([]) as never, async () => true);
    expect(electron.app.fire('before-quit')).toBe(false);
  });
});

describe('trainer runtime', () => {
  it('runs the built children with Electron as Node, or the sources in development', async () => {
    const bundleDir = tempDir();
    expect(trainerRuntime(bundleDir, ROOT, false)).toEqual({
      trainerEntry: path.join(ROOT, 'main/trainer/process/trainer-process.ts'),
      predictEntry: path.join(ROOT, 'main/services/api/predict-child.ts'),
      trainerEnv: { ELECTRON_RUN_AS_NODE: '1' },
    });
    expect(() => trainerRuntime(bundleDir, ROOT, true)).toThrow(/trainer-process.js is missing/);
    await fs.writeFile(path.join(bundleDir, 'trainer-process.js'), '');
    await fs.writeFile(path.join(bundleDir, 'predict-child.js'), '');
    expect(trainerRuntime(bundleDir, ROOT, true)).toMatchObject({ trainerEntry: path.join(bundleDir, 'trainer-process.js'), predictEntry: path.join(bundleDir, 'predict-child.js') });
  });
});
