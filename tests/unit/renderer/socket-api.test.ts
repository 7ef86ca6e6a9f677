// The browser-mode transport over a fake WebSocket: wire format, events, typed errors on disconnect,
// reconnection with backoff, and the missing-token state.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSocketApi, socketUrlFromLocation, type SocketLike } from '../../../renderer/src/api/socket-api';

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1];

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

function client(options: { hasToken?: boolean } = {}) {
  return createSocketApi({ url: 'ws://127.0.0.1:4321/api?token=abc', createSocket: (url) => new FakeSocket(url), initialDelayMs: 100, maxDelayMs: 800, ...options });
}

describe('socket api', () => {
  it('sends calls in the wire format once open and resolves them with the matching result', async () => {
    const { api, connection } = client();
    expect(connection.state).toBe('connecting');
    const pending = api['runs.get']({ id: 'run-1' });
    expect(latest().sent).toEqual([]); // not open yet: queued
    latest().open();
    expect(connection.state).toBe('connected');
    expect(latest().sent).toEqual([{ type: 'call', id: 1, method: 'runs.get', input: { id: 'run-1' } }]);
    latest().receive({ type: 'result', id: 1, result: { ok: false, error: { code: 'not-found', message: 'no run run-1' } } });
    await expect(pending).resolves.toEqual({ ok: false, error: { code: 'not-found', message: 'no run run-1' } });
  });

  it('matches results to calls by id, in any order', async () => {
    const { api } = client();
    latest().open();
    const a = api['runs.list']({});
    const b = api['app.info']({});
    latest().receive({ type: 'result', id: 2, result: { ok: true, value: 'info' } });
    latest().receive({ type: 'result', id: 1, result: { ok: true, value: [] } });
    await expect(a).resolves.toEqual({ ok: true, value: [] });
    await expect(b).resolves.toEqual({ ok: true, value: 'info' });
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const { api } = client();
    latest().open();
    const seen: unknown[] = [];
    const off = api.on('runs.changed', (payload) => seen.push(payload));
    latest().receive({ type: 'event', name: 'runs.changed', payload: { id: 'run-1' } });
    off();
    latest().receive({ type: 'event', name: 'runs.changed', payload: { id: 'run-2' } });
    expect(seen).toEqual([{ id: 'run-1' }]);
  });

  it('fails calls in flight with a typed error when the socket drops, then reconnects with growing delays', async () => {
    const { api, connection } = client();
    latest().open();
    const inFlight = api['training.active']({});
    latest().drop();
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'io-error' } });
    expect(connection.state).toBe('reconnecting');

    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    latest().drop(); // the attempt fails
    vi.advanceTimersByTime(199);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    latest().open();
    expect(connection.state).toBe('connected');
    // A successful connection resets the delay.
    latest().drop();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('reports state changes to listeners', () => {
    const { connection } = client();
    const states: string[] = [];
    connection.onChange((s) => states.push(s));
    latest().open();
    latest().drop();
    vi.advanceTimersByTime(100);
    latest().open();
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('ignores messages that are not JSON without failing pending calls', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { api } = client();
    latest().open();
    const pending = api['runs.list']({});
    latest().onmessage?.({ data: 'not json' });
    latest().receive({ type: 'result', id: 1, result: { ok: true, value: [] } });
    await expect(pending).resolves.toEqual({ ok: true, value: [] });
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('says the token is missing when a page without one is never let in', async () => {
    const { api, connection } = client({ hasToken: false });
    const pending = api['runs.list']({});
    latest().drop();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('token') } });
    expect(connection.state).toBe('no-token');
  });

  it('close() stops reconnecting and fails what is pending', async () => {
    const socket = client();
    latest().open();
    const pending = socket.api['runs.list']({});
    socket.close();
    await expect(pending).resolves.toMatchObject({ ok: false });
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(socket.connection.state).toBe('closed');
  });
});

describe('socketUrlFromLocation', () => {
  it('builds the socket address from the page address and its token', () => {
    expect(socketUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=a+b/c', hash: '#/runs' })).toEqual({ url: 'ws://127.0.0.1:5000/api?token=a%20b%2Fc', hasToken: true });
    expect(socketUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:5000', search: '', hash: '#/runs?token=xyz' })).toEqual({ url: 'ws://127.0.0.1:5000/api?token=xyz', hasToken: true });
    expect(socketUrlFromLocation({ protocol: 'http:', host: 'localhost:5000', search: '', hash: '' })).toEqual({ url: 'ws://localhost:5000/api', hasToken: false });
    expect(socketUrlFromLocation({ protocol: 'file:', host: '', search: '', hash: '' })).toEqual({ url: null, hasToken: false });
  });
});
