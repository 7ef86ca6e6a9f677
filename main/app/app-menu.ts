// The application menu. Commands that belong to a view are forwarded to the renderer as app.command
// events; the rest are standard roles. Developer tools only in an unpackaged app.
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/api';
import { PAPER_URL } from './external-links';

export interface AppMenuActions {
  command(command: AppCommand): void;
  openRunsFolder(): void;
}

export function appMenuTemplate(actions: AppMenuActions, options: { platform: NodeJS.Platform; packaged: boolean }): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Run…', accelerator: 'CmdOrCtrl+N', click: () => actions.command('new-run') },
      { label: 'Import Dataset…', accelerator: 'CmdOrCtrl+O', click: () => actions.command('import-dataset') },
      { label: 'Runs', accelerator: 'CmdOrCtrl+Shift+R', click: () => actions.command('show-runs') },
      { type: 'separator' },
      { label: 'Open Runs Folder', click: () => actions.openRunsFolder() },
      ...(mac ? [] : ([{ type: 'separator' }, { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => actions.command('show-settings') }, { type: 'separator' }, { role: 'quit' }] as MenuItemConstructorOptions[])),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(options.packaged ? [] : ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'MGE-CNN Paper (ICCV 2019)', click: () => void shell.openExternal(PAPER_URL) },
      { label: 'Original MGE-CNN Code', click: () => void shell.openExternal('https://github.com/lbzhang/MGE-CNN') },
    ],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: 'MGE Studio',
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => actions.command('show-settings') },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [...(mac ? [appMenu] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}

export function installAppMenu(actions: AppMenuActions, options: { platform: NodeJS.Platform; packaged: boolean }): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions, options)));
}
