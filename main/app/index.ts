// Entry of the Electron main process (built to out/main/index.js, package.json "main").
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog } from 'electron';
import { startDesktopApp } from './desktop-app';

const mainBundleDir = path.dirname(fileURLToPath(import.meta.url));
// electron-vite writes the sandboxed preload as CommonJS; its extension depends on the package type.
const preloadPath = ['preload.cjs', 'index.cjs', 'preload.js', 'index.js'].map((name) => path.join(mainBundleDir, '..', 'preload', name)).find((file) => existsSync(file)) ?? path.join(mainBundleDir, '..', 'preload', 'preload.cjs');

startDesktopApp({ mainBundleDir, preloadPath, rendererDir: path.join(mainBundleDir, '..', 'renderer') }).catch((error: unknown) => {
  dialog.showErrorBox('MGE Studio could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
