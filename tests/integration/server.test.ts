// The browser-mode host over real sockets on an ephemeral port: the token guards every connection and
// request, Host/Origin checks stop DNS rebinding and cross-site pages, calls round-trip over WebSocket
// with typed errors for bad payloads, events arrive, and files are served only from their safe routes.
import { promises as fs } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireMessage } from '../../shared/api';
import { startBrowserHost, type BrowserHost } from '../../main/server';
import { RunStore } from '../../main/services/runs';
import { makeFolderFixture } from '../helpers/dataset-fixtures';
import { newRun } from '../helpers/run-fixtures';
import { useTempDir } from '../helpers/temp-dir';
import { makeServiceFixture, type ServiceFixture } from '../unit/services/fixtures/service-fixture';

const tempDir = useTempDir('mge-server-');
let fx: ServiceFixture;
let host: BrowserHost;
let rendererDir: string;

beforeAll(async () => {
  const dir = tempDir();
  rendererDir = path.join(dir, 'renderer');
  await fs.mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>MGE Studio</title><script type="module" src="/assets/app.js"></script>');
  await fs.writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  await fs.writeFile(path.join(dir, 'secret.txt'), 'outside the renderer');
  fx = await makeServiceFixture(dir);
  host = await startBrowserHost({ service: fx.service, port: 0, rendererDir });
});

afterAll(async () => {
  await host?.close();
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function get(pathAndQuery: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path: pathAndQuery, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const withToken = (p: string) => `${p}${p.includes('?') ? '&' : '?'}token=${host.token}`;
const cookie = () => ({ Cookie: `mge_token_${host.port}=${host.token}` });

/** Opens a socket; resolves with it when open, or with the HTTP status that refused it. */
function connect(query: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`, { headers });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

async function open(): Promise<WebSocket> {
  const result = await connect(`?token=${host.token}`, { Origin: host.origin });
  if (!('socket' in result)) throw new Error(`refused with ${result.refused}`);
  return result.socket;
}

function messages(socket: WebSocket): WireMessage[] {
  const received: WireMessage[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data)) as WireMessage));
  return received;
}

async function until<T>(find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('WebSocket API', () => {
  it('refuses connections without the right token, from other origins and other host names', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
    expect(await connect('')).toEqual({ refused: 401 });
    expect(await connect('?token=guess')).toEqual({ refused: 401 });
    expect(await connect(`?token=${host.token}x`)).toEqual({ refused: 401 });
    expect(await connect(`?token=${host.token}`, { Origin: 'https://evil.example' })).toEqual({ refused: 403 });
    expect(await connect(`?token=${host.token}`, { Origin: 'http://127.0.0.1:1' })).toEqual({ refused: 403 });
    expect(await connect(`?token=${host.token}`, { Host: `rebound.example:${host.port}` })).toEqual({ refused: 403 });
  });

  it('accepts the token from the cookie the first page load set', async () => {
    const result = await connect('', { ...cookie(), Origin: `http://localhost:${host.port}` });
    expect('socket' in result).toBe(true);
    if ('socket' in result) result.socket.close();
  });

  it('round-trips a call', async () => {
    const socket = await open();
    const received = messages(socket);
    socket.send(JSON.stringify({ type: 'call', id: 1, method: 'app.info', input: {} }));
    const reply = await until(() => received.find((m) => m.type === 'result' && m.id === 1));
    expect(reply).toMatchObject({ type: 'result', id: 1, result: { ok: true, value: { version: '9.9.9-test', runsDir: fx.runsDir, mode: 'browser' } } });
    socket.close();
  });

  it('answers bad payloads with typed invalid-input errors and stays open', async () => {
    const socket = await open();
    const received = messages(socket);
    socket.send(JSON.stringify({ type: 'call', id: 2, method: 'runs.get', input: { id: '../../etc/passwd' } }));
    socket.send(JSON.stringify({ type: 'call', id: 3, method: 'fs.readFile', input: {} }));
    socket.send(JSON.stringify({ type: 'call', id: 4, input: {} }));
    socket.send(JSON.stringify({ type: 'call', id: 5, method: 'runs.list' }));
    socket.send('not json at all');
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await until(() => (received.length >= 6 ? true : undefined));
    const byId = (id: number) => received.filter((m) => m.type === 'result' && m.id === id);
    expect(byId(2)[0]).toMatchObject({ result: { ok: false, error: { code: 'invalid-input', details: [{ field: 'id', message: 'not a valid run id' }] } } });
    expect(byId(3)[0]).toMatchObject({ result: { ok: false, error: { code: 'invalid-input', message: 'unknown method "fs.readFile"' } } });
    expect(byId(4)[0]).toMatchObject({ result: { ok: false, error: { code: 'invalid-input', details: [{ field: 'method' }] } } });
    expect(byId(5)[0]).toMatchObject({ result: { ok: true, value: [] } });
    expect(byId(-1)).toHaveLength(2);
    expect(byId(-1).map((m) => m.type === 'result' && !m.result.ok && m.result.error.message)).toEqual(['the message is not valid JSON', 'binary messages are not part of the API; send JSON text']);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it('delivers training events and run changes to every connected renderer', async () => {
    const dataset = (await makeFolderFixture(tempDir(), { classes: 2, splits: { train: 2, test: 1 }, clutter: false })).root;
    const [a, b] = await Promise.all([open(), open()]);
    const [seenByA, seenByB] = [messages(a), messages(b)];
    a.send(JSON.stringify({ type: 'call', id: 10, method: 'training.start', input: { config: { dataset, backbone: 'resnet-tiny', imgSize: 32, epochs: 2 } } }));
    const started = await until(() => seenByA.find((m) => m.type === 'result' && m.id === 10));
    expect(started).toMatchObject({ result: { ok: true } });
    const runId = started.type === 'result' && started.result.ok ? (started.result.value as { id: string }).id : '';
    for (const seen of [seenByA, seenByB]) {
      await until(() => seen.find((m) => m.type === 'event' && m.name === 'training.event' && (m.payload as { event: { type: string } }).event.type === 'completed'));
      expect(seen).toContainEqual({ type: 'event', name: 'runs.changed', payload: { id: runId } });
      expect(seen.find((m) => m.type === 'event' && m.name === 'training.event')).toMatchObject({ payload: { id: runId, seq: 1, event: { type: 'ready' } } });
    }
    a.close();
    b.close();
  });
});

describe('HTTP', () => {
  it('asks for the token, then serves the renderer and sets the token cookie', async () => {
    const anonymous = await get('/');
    expect(anonymous.status).toBe(401);
    expect(String(anonymous.body)).toContain('Open the URL that');

    const first = await get(withToken('/'));
    expect(first.status).toBe(200);
    expect(String(first.body)).toContain('<title>MGE Studio</title>');
    expect(first.headers['set-cookie']?.[0]).toBe(`mge_token_${host.port}=${host.token}; Path=/; HttpOnly; SameSite=Strict`);
    expect(first.headers['content-security-policy']).toContain("script-src 'self'");
    expect(first.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect(first.headers['cache-control']).toBe('no-store');

    const asset = await get('/assets/app.js', cookie());
    expect(asset).toMatchObject({ status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    // Client-side routes get index.html; missing assets and escapes get 404.
    expect(String((await get('/runs/some-run', cookie())).body)).toContain('<title>MGE Studio</title>');
    expect((await get('/assets/missing.js', cookie())).status).toBe(404);
    expect((await get('/..%2f..%2fsecret.txt', cookie())).status).toBe(404);
    expect((await get('/assets/..%2f..%2fsecret.txt', cookie())).status).toBe(404);
    expect((await get('/', { ...cookie(), Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get('/', { Cookie: `mge_token_${host.port}=wrong` })).status).toBe(401);
    expect((await get('/', cookie(), 'POST')).status).toBe(405);
    expect((await get('/api', cookie())).status).toBe(426);
  });

  it('serves run files through /files/ and refuses traversal', async () => {
    const store = new RunStore(fx.runsDir);
    const run = await store.create(newRun());
    await fs.mkdir(path.join(store.runDir(run.id), 'gallery'));
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#0a0' } }).png().toFile(path.join(store.runDir(run.id), 'gallery', '0001 input.png'));

    const image = await get(`/files/runs/${run.id}/gallery/0001%20input.png`, cookie());
    expect(image).toMatchObject({ status: 200, headers: { 'content-type': 'image/png' } });
    const thumb = await get(`/files/runs/${run.id}/gallery/0001%20input.png?size=thumb`, cookie());
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(thumb.body).metadata()).toMatchObject({ width: 256, height: 171 });
    expect((await get(`/files/runs/${run.id}/gallery/0001%20input.png`)).status).toBe(401);
    expect((await get(`/files/runs/${run.id}/..%2F..%2Fsecret.txt`, cookie())).status).toBe(400);
    // %2e%2e is a dot segment to URL parsers: the path collapses to /files/secret.txt, which is no route.
    expect((await get(`/files/runs/${run.id}/%2e%2e/%2e%2e/secret.txt`, cookie())).status).toBe(404);
    expect((await get(`/files/runs/${run.id}/gallery/none.png`, cookie())).status).toBe(404);
  });

  it('says how to build the renderer when it is not built', async () => {
    const bare = await startBrowserHost({ service: fx.service, port: 0, rendererDir: path.join(tempDir(), 'not-built') });
    try {
      const reply = await fetch(`${bare.url}`);
      expect(reply.status).toBe(503);
      expect(await reply.text()).toContain('npm run build:renderer');
    } finally {
      await bare.close();
    }
  });

  it('refuses to listen beyond this machine and explains a busy port', async () => {
    await expect(startBrowserHost({ service: fx.service, port: 0, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(startBrowserHost({ service: fx.service, port: host.port })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`port ${host.port} is in use`) });
  });

  it('closes connected sockets with "going away" on shutdown', async () => {
    const other = await startBrowserHost({ service: fx.service, port: 0, rendererDir });
    const socket = new WebSocket(`ws://127.0.0.1:${other.port}/api?token=${other.token}`);
    await new Promise((r) => socket.once('open', r));
    const closed = new Promise<number>((r) => socket.once('close', (code) => r(code)));
    await other.close();
    expect(await closed).toBe(1001);
  });
});
