// The renderer's only door to main: window.api, built from the shared contract alone (one function
// per method of API_INPUTS, typed event subscriptions that return an unsubscribe, and the path of a
// dropped file or folder). Runs sandboxed; it exposes no Electron or Node object to the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_EVENT_NAMES, API_INPUTS, type ApiEventName, type ApiEvents, type MgeApi } from '../../shared/api';
import { IPC_CHANNELS } from './ipc-channels';

export function buildWindowApi(): MgeApi {
  const api: Record<string, unknown> = {};
  for (const method of Object.keys(API_INPUTS)) {
    api[method] = (input: unknown) => ipcRenderer.invoke(IPC_CHANNELS.call, method, input);
  }
  api.on = <E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): (() => void) => {
    if (!API_EVENT_NAMES.includes(event)) throw new TypeError(`unknown event "${String(event)}"; events are ${API_EVENT_NAMES.join(', ')}`);
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    // The page's listener never sees the IPC event object (it holds the sender).
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as ApiEvents[E]);
    };
    ipcRenderer.on(IPC_CHANNELS.event, forward);
    return () => void ipcRenderer.removeListener(IPC_CHANNELS.event, forward);
  };
  api.getPathForFile = (file: File): string => webUtils.getPathForFile(file);
  return api as MgeApi;
}

contextBridge.exposeInMainWorld('api', buildWindowApi());
