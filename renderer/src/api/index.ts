// The only module that touches window.api. In Electron the preload exposes the contract as window.api;
// in a browser opened at `mge serve`'s address the same contract runs over a WebSocket. Stores import
// `api` from here and never know which transport they use.
import type { MgeApi } from '../../../shared/api';
import { createSocketApi, socketUrlFromLocation, type ConnectionMonitor, type ConnectionState } from './socket-api';

export type { ConnectionState, ConnectionMonitor };

/** Desktop-only helpers of the preload (absent in browser mode). */
export type DesktopExtras = Pick<MgeApi, 'getPathForFile'>;

interface Transport {
  api: MgeApi;
  connection: ConnectionMonitor;
  desktop: DesktopExtras;
}

const ALWAYS_CONNECTED: ConnectionMonitor = { state: 'connected', onChange: () => () => {} };

let transport: Transport | null = null;

function resolveTransport(): Transport {
  if (transport) return transport;
  const preload = typeof window !== 'undefined' ? window.api : undefined;
  if (preload) {
    transport = { api: preload, connection: ALWAYS_CONNECTED, desktop: { getPathForFile: preload.getPathForFile } };
  } else {
    const socket = createSocketApi(socketUrlFromLocation(window.location));
    transport = { api: socket.api, connection: socket.connection, desktop: {} };
  }
  return transport;
}

/** The API, resolved on first use so that tests can install a fake before anything calls it. */
export const api: MgeApi = new Proxy({} as MgeApi, {
  get(_target, key) {
    const impl = resolveTransport().api as unknown as Record<PropertyKey, unknown>;
    const value = impl[key];
    return typeof value === 'function' ? value.bind(impl) : value;
  },
  has(_target, key) {
    return key in resolveTransport().api;
  },
});

export const connection: ConnectionMonitor = {
  get state() {
    return resolveTransport().connection.state;
  },
  onChange: (listener) => resolveTransport().connection.onChange(listener),
};

/** Desktop-only helpers; absent (undefined) in browser mode. */
export function desktopExtras(): DesktopExtras {
  return resolveTransport().desktop;
}

/** Whether the contract of the running host has a method (methods are added as features land). */
export function hasMethod(name: string): boolean {
  return typeof (resolveTransport().api as unknown as Record<string, unknown>)[name] === 'function';
}

/** Replaces the transport (component tests, previews). */
export function installApi(impl: MgeApi, options: { connection?: ConnectionMonitor; desktop?: DesktopExtras } = {}): void {
  transport = { api: impl, connection: options.connection ?? ALWAYS_CONNECTED, desktop: options.desktop ?? {} };
}
