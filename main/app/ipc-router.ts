// Main's end of the preload bridge. A call is answered only when it comes from the top frame of one of
// the app's own pages; its method and input are validated by the service's dispatcher, and the answer
// is always a typed Result. Service events go to the app's windows only.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { API_EVENT_NAMES } from '../../shared/api';
import { fail, type Result } from '../../shared/result';
import type { ApiService } from '../services/api';
import { IPC_CHANNELS } from './ipc-channels';

export interface IpcRouterOptions {
  ipcMain: IpcMain;
  service: ApiService;
  /** Whether a URL is a page of the app itself. */
  isAppUrl: (url: string) => boolean;
  /** The web contents that receive events (the app's windows). */
  eventTargets: () => WebContents[];
  onRefused?: (reason: string) => void;
}

export function isTrustedSender(event: IpcMainInvokeEvent, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  // Only the page itself, never an iframe inside it, and only while it shows the app.
  return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

/** Registers the call handler and the event forwarding; returns a function that removes both. */
export function registerIpcRouter(options: IpcRouterOptions): () => void {
  const { ipcMain, service } = options;
  ipcMain.handle(IPC_CHANNELS.call, async (event, method: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, options.isAppUrl)) {
      const reason = `refused an API call from ${event.senderFrame?.url ?? 'a destroyed frame'}: not a page of MGE Studio`;
      options.onRefused?.(reason);
      return fail('forbidden', 'this page may not use the MGE Studio API');
    }
    return service.handleCall(method, input);
  });
  const unsubscribe = API_EVENT_NAMES.map((name) =>
    service.on(name, (payload) => {
      for (const contents of options.eventTargets()) {
        if (!contents.isDestroyed() && options.isAppUrl(contents.getURL())) contents.send(IPC_CHANNELS.event, name, payload);
      }
    }),
  );
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    for (const off of unsubscribe) off();
  };
}
