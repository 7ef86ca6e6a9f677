// The desktop app: a thin Electron shell over the API service. One instance, one hardened main window,
// the renderer on the app's own scheme, the preload bridge and IPC router, the app menu, the runs folder
// in the user-data folder unless Settings moved it, and trainers that save before the app quits.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { createApiService, createJsonSettingsStore, type ApiService } from '../services/api';
import { APP_FILES_BASE, isAppUrl, rendererSource } from './app-origin';
import { installAppMenu } from './app-menu';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { secureSession } from './content-security';
import { desktopPlatform } from './desktop-platform';
import { registerIpcRouter } from './ipc-router';
import { createMainWindow } from './main-window';
import { guardQuit } from './quit-guard';
import { trainerRuntime } from './trainer-runtime';
import { guardWebContents } from './window-security';

export interface DesktopAppPaths {
  /** The folder of the main bundle (out/main); the trainer bundle sits beside it. */
  mainBundleDir: string;
  preloadPath: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
}

export interface DesktopApp {
  service: ApiService;
  mainWindow(): BrowserWindow | null;
}

/** Starts the app; resolves null when another instance already runs (this one then quits). */
export async function startDesktopApp(paths: DesktopAppPaths): Promise<DesktopApp | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  registerAppScheme();
  app.enableSandbox();
  const source = rendererSource(app.isPackaged, process.env);
  // Before any window exists, so every web contents (and any a page might create) is guarded.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, source));

  await app.whenReady();
  const userData = app.getPath('userData');
  const service = await createApiService({
    runsDir: path.join(userData, 'runs'),
    cacheDir: path.join(userData, 'cache'),
    appVersion: app.getVersion(),
    mode: 'desktop',
    fileUrlBase: APP_FILES_BASE,
    settings: createJsonSettingsStore(path.join(userData, 'settings.json'), (problem) => console.warn(`MGE Studio settings: ${problem}`)),
    platform: desktopPlatform(),
    ...trainerRuntime(paths.mainBundleDir, app.getAppPath(), app.isPackaged),
  });

  secureSession(session.defaultSession, source);
  handleAppProtocol(session.defaultSession, { rendererDir: paths.rendererDir, service, source });
  registerIpcRouter({
    ipcMain,
    service,
    isAppUrl: (url) => isAppUrl(url, source),
    eventTargets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    onRefused: (reason) => console.warn(`MGE Studio: ${reason}`),
  });

  let mainWindow: BrowserWindow | null = null;
  const showMainWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow(paths.preloadPath, source);
      mainWindow.on('closed', () => (mainWindow = null));
    } else {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    return mainWindow;
  };

  installAppMenu(
    {
      command: (command) => {
        showMainWindow();
        service.emit('app.command', { command });
      },
      openRunsFolder: () => void shell.openPath(service.runsDir()),
    },
    { platform: process.platform, packaged: app.isPackaged },
  );
  guardQuit(service);
  app.on('second-instance', () => showMainWindow());
  app.on('activate', () => showMainWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  showMainWindow();
  return { service, mainWindow: () => mainWindow };
}
