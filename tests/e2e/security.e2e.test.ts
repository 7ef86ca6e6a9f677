// The browser-mode host only answers to whoever holds the per-start token: a socket or page without it
// is refused, a foreign origin is refused, and a malformed call gets a typed error instead of a crash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import { openBrowser, type BrowserSession } from './helpers/browser';
import { startMgeServer, type MgeServer } from './helpers/mge-server';

let dir: string;
let server: MgeServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mge-e2e-security-'));
  server = await startMgeServer({ runsDir: path.join(dir, 'runs'), cacheDir: path.join(dir, 'cache') });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', (error) => reject(error));
  });
}

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${encodeURIComponent(server.token)}`);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function exchange(socket: WebSocket, raw: string, expectedId: number): Promise<{ type: string; id: number; result: { ok: boolean; error?: { code: string; message: string } } }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'result' && message.id === expectedId) {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
    socket.send(raw);
  });
}

describe('browser-mode security', () => {
  it('refuses an API connection without the token, or with a wrong one', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/api`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/api?token=guess`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/api?token=${encodeURIComponent(server.token)}`)).toBe(101);
  });

  it('refuses a connection from another web page even with the token', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/api?token=${encodeURIComponent(server.token)}`, { Origin: 'http://evil.example' })).toBe(403);
  });

  it('answers bad payloads with typed errors and keeps serving', async () => {
    const socket = await openSocket();
    try {
      const badInput = await exchange(socket, JSON.stringify({ type: 'call', id: 7, method: 'runs.get', input: { id: '../../etc/passwd' } }), 7);
      expect(badInput.result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      const unknown = await exchange(socket, JSON.stringify({ type: 'call', id: 8, method: 'fs.readFile', input: {} }), 8);
      expect(unknown.result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('unknown method') } });
      const notJson = await exchange(socket, '{not json', -1);
      expect(notJson.result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      const extraField = await exchange(socket, JSON.stringify({ type: 'call', id: 9, method: 'training.start', input: { config: {}, sneaky: true } }), 9);
      expect(extraField.result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      // Still serving after all that.
      const list = await exchange(socket, JSON.stringify({ type: 'call', id: 10, method: 'runs.list', input: {} }), 10);
      expect(list.result).toEqual({ ok: true, value: [] });
    } finally {
      socket.close();
    }
  });

  it('serves the page only with the token (a page without it says why)', async () => {
    const browser: BrowserSession = await openBrowser(inject('screenshotDir'));
    try {
      const refused = await browser.page.goto(`${server.origin}/`);
      expect(refused?.status()).toBe(401);
      expect(await browser.page.locator('body').innerText()).toMatch(/token/i);
      const allowed = await browser.page.goto(server.url);
      expect(allowed?.status()).toBe(200);
      await browser.page.getByText('Connected', { exact: true }).waitFor();
    } finally {
      await browser.close();
    }
  });
});
