// What the desktop host can do that a browser cannot: a native folder dialog and showing a folder in
// the system file manager. Given to the API service as its HostPlatform.
import { BrowserWindow, dialog, shell } from 'electron';
import { AppFailure } from '../../shared/result';
import type { HostPlatform } from '../services/api';

export function desktopPlatform(): HostPlatform {
  return {
    async chooseFolder(title) {
      const options: Electron.OpenDialogOptions = { title: title ?? 'Choose a folder', properties: ['openDirectory', 'dontAddToRecent'] };
      const parent = BrowserWindow.getFocusedWindow();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    async openFolder(folder) {
      const problem = await shell.openPath(folder);
      if (problem) throw new AppFailure('io-error', `could not open ${folder}: ${problem}`);
    },
  };
}
