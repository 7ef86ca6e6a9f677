// The one main window: sandboxed, context-isolated, no Node in the page, the preload as its only
// bridge, shown when its first paint is ready. (Its navigation guards are installed for every web
// contents by desktop-app.ts.)
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import type { RendererSource } from './app-origin';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1320,
    height: 860,
    minWidth: 960,
    minHeight: 620,
    show: false,
    title: 'MGE Studio',
    backgroundColor: '#111418',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A file dropped outside the drop zone must not replace the app with that file.
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export function createMainWindow(preloadPath: string, source: RendererSource): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(source.entryUrl);
  return window;
}
