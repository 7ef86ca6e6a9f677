// Quitting while runs train: ask first, then stop every trainer after its current batch with a
// checkpoint (so each run can be resumed), and only then quit.
import { app, dialog } from 'electron';
import type { ApiService } from '../services/api';

const STOP_TIMEOUT_MS = 120_000;

export async function confirmStopRuns(count: number): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Stop and Quit', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
    message: `${count} run${count === 1 ? ' is' : 's are'} training`,
    detail: 'Quitting stops them after the current batch and saves a checkpoint; you can resume them later from the Runs view.',
  });
  return response === 0;
}

export function guardQuit(service: ApiService, confirm: (count: number) => Promise<boolean> = confirmStopRuns): void {
  let mayQuit = false;
  let busy = false;
  app.on('before-quit', (event) => {
    if (mayQuit) return;
    const count = service.activeRunIds().length;
    if (count === 0) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    void confirm(count)
      .then(async (confirmed) => {
        if (!confirmed) return;
        await service.shutdown(STOP_TIMEOUT_MS);
        mayQuit = true;
        app.quit();
      })
      .finally(() => {
        busy = false;
      });
  });
}
