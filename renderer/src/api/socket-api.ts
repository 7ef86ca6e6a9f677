// The browser-mode transport: the same MgeApi as Electron's preload, carried over one WebSocket to
// `mge serve` in the wire format of shared/api.ts. It reconnects with exponential backoff; calls in flight
// when the socket drops resolve with a typed error instead of hanging, and calls made while it is down
// wait for the next connection attempt.
import { API_INPUTS, type ApiEventName, type ApiEvents, type ApiMethod, type MgeApi, type WireMessage, type WireRequest } from '../../../shared/api';
import type { Result } from '../../../shared/result';
import { DISCONNECTED, NOT_CONNECTED, NO_TOKEN, failed } from './errors';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'no-token' | 'closed';

export interface ConnectionMonitor {
  readonly state: ConnectionState;
  /** Called on every change of state; returns an unsubscribe function. */
  onChange(listener: (state: ConnectionState) => void): () => void;
}

/** The part of the browser's WebSocket this client uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface SocketApiOptions {
  /** ws://host/api?token=…, or null when the page has no host to connect to (opened from a file). */
  url: string | null;
  /**
   * Whether the URL carries the token. Without it the socket still tries (the host's cookie from an
   * earlier load may let it in); if it never gets in, the state says the token is missing.
   */
  hasToken?: boolean;
  createSocket?: (url: string) => SocketLike;
  /** First reconnect delay, doubled after every failed attempt up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface SocketApi {
  api: MgeApi;
  connection: ConnectionMonitor;
  /** Closes the socket for good (no reconnect); pending calls fail. */
  close(): void;
}

const OPEN = 1;

interface PendingCall {
  request: WireRequest;
  sent: boolean;
  resolve: (result: Result<unknown>) => void;
}

/** The socket address for a page opened at http://host/?token=… (the token may also follow the hash). */
export function socketUrlFromLocation(location: Pick<Location, 'protocol' | 'host' | 'search' | 'hash'>): { url: string | null; hasToken: boolean } {
  const hashQuery = location.hash.includes('?') ? location.hash.slice(location.hash.indexOf('?')) : '';
  const token = new URLSearchParams(location.search).get('token') ?? new URLSearchParams(hashQuery).get('token');
  if (!location.host || !/^https?:$/.test(location.protocol)) return { url: null, hasToken: Boolean(token) };
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return { url: `${scheme}://${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`, hasToken: Boolean(token) };
}

export function createSocketApi(options: SocketApiOptions): SocketApi {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const initialDelay = options.initialDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const pending = new Map<number, PendingCall>();
  const eventListeners = new Map<ApiEventName, Set<(payload: never) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const hasToken = options.hasToken ?? true;
  let state: ConnectionState = options.url ? 'connecting' : 'no-token';
  let everConnected = false;
  let socket: SocketLike | null = null;
  let nextId = 1;
  let delay = initialDelay;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function connect(url: string): void {
    const current = createSocket(url);
    socket = current;
    let opened = false;
    current.onopen = () => {
      opened = true;
      everConnected = true;
      delay = initialDelay;
      setState('connected');
      for (const call of pending.values()) sendCall(call);
    };
    current.onmessage = (event) => receive(event.data);
    // onclose always follows an error; the error itself carries nothing useful to a page.
    current.onerror = () => {};
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      // Everything in flight is lost with the socket: answer it now rather than let it hang.
      const error = opened ? DISCONNECTED : !hasToken && !everConnected ? NO_TOKEN : NOT_CONNECTED;
      for (const [id, call] of pending) {
        pending.delete(id);
        call.resolve(failed(error));
      }
      if (state === 'closed') return;
      setState(!hasToken && !everConnected ? 'no-token' : 'reconnecting');
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        if (state !== 'closed') connect(url);
      }, delay);
      delay = Math.min(delay * 2, maxDelay);
    };
  }

  function sendCall(call: PendingCall): void {
    if (call.sent || !socket || socket.readyState !== OPEN) return;
    call.sent = true;
    socket.send(JSON.stringify(call.request));
  }

  function receive(data: unknown): void {
    let message: WireMessage;
    try {
      message = JSON.parse(String(data)) as WireMessage;
    } catch {
      console.warn('MGE Studio: ignored a message that is not JSON');
      return;
    }
    if (message?.type === 'result') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      call.resolve(message.result);
    } else if (message?.type === 'event') {
      for (const listener of eventListeners.get(message.name) ?? []) (listener as (payload: unknown) => void)(message.payload);
    }
  }

  function call(method: ApiMethod, input: unknown): Promise<Result<unknown>> {
    if (!options.url) return Promise.resolve(failed(NO_TOKEN));
    if (state === 'closed') return Promise.resolve(failed(DISCONNECTED));
    return new Promise((resolve) => {
      const id = nextId++;
      const entry: PendingCall = { request: { type: 'call', id, method, input: input ?? {} }, sent: false, resolve };
      pending.set(id, entry);
      sendCall(entry);
    });
  }

  function on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let listeners = eventListeners.get(event);
    if (!listeners) eventListeners.set(event, (listeners = new Set()));
    const stored = listener as (payload: never) => void;
    listeners.add(stored);
    return () => listeners.delete(stored);
  }

  const methods = Object.fromEntries((Object.keys(API_INPUTS) as ApiMethod[]).map((method) => [method, (input: unknown) => call(method, input)]));
  const api = { ...methods, on } as unknown as MgeApi;

  const connection: ConnectionMonitor = {
    get state() {
      return state;
    },
    onChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };

  if (options.url) connect(options.url);

  return {
    api,
    connection,
    close() {
      setState('closed');
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const current = socket;
      socket = null;
      current?.close(1000, 'closed by the page');
      for (const [id, entry] of pending) {
        pending.delete(id);
        entry.resolve(failed(DISCONNECTED));
      }
    },
  };
}
