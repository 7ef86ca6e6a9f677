// mge-app://renderer serves the built renderer with its CSP and the API's file route; nothing else.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./fixtures/electron-mock')).electron);
import { rendererSource } from '../../../main/app/app-origin';
import { appProtocolResponse, type AppProtocolOptions } from '../../../main/app/app-protocol';
import { contentSecurityPolicy, secureSession } from '../../../main/app/content-security';
import { RunStore } from '../../../main/services/runs';
import { newRun } from '../../helpers/run-fixtures';
import { useTempDir } from '../../helpers/temp-dir';
import { makeServiceFixture } from '../services/fixtures/service-fixture';
import { electron } from './fixtures/electron-mock';

const tempDir = useTempDir('mge-protocol-');
const production = rendererSource(true, {});
let options: AppProtocolOptions;
let runId: string;

beforeAll(async () => {
  const dir = tempDir();
  const rendererDir = path.join(dir, 'renderer');
  await fs.mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>MGE Studio</title>');
  await fs.writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {}');
  await fs.writeFile(path.join(dir, 'secret.txt'), 'secret');
  const fx = await makeServiceFixture(dir, { mode: 'desktop', fileUrlBase: 'mge-app://renderer/files/' });
  const store = new RunStore(fx.runsDir);
  runId = (await store.create(newRun())).id;
  await fs.writeFile(path.join(store.runDir(runId), 'train.log'), 'epoch 1\n');
  options = { rendererDir, service: fx.service, source: production };
});

const get = (url: string, method = 'GET') => appProtocolResponse(url, method, options);

describe('mge-app protocol', () => {
  it('serves the renderer with its CSP, and index.html for client-side routes', async () => {
    const index = await get('mge-app://renderer/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(contentSecurityPolicy(production));
    expect(await index.text()).toContain('MGE Studio');
    expect((await get('mge-app://renderer/assets/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await (await get('mge-app://renderer/runs/abc')).text()).toContain('MGE Studio');
  });

  it('refuses other hosts, methods, missing assets and escapes', async () => {
    expect((await get('mge-app://elsewhere/index.html')).status).toBe(404);
    expect((await get('mge-app://renderer/index.html', 'POST')).status).toBe(405);
    expect((await get('mge-app://renderer/assets/missing.js')).status).toBe(404);
    expect((await get('mge-app://renderer/assets/..%2F..%2Fsecret.txt')).status).toBe(404);
  });

  it('serves run files through the API file route', async () => {
    const log = await get(`mge-app://renderer/files/runs/${runId}/train.log`);
    expect(log.status).toBe(200);
    expect(await log.text()).toBe('epoch 1\n');
    expect((await get(`mge-app://renderer/files/runs/${runId}/..%2F..%2Fsecret.txt`)).status).toBe(400);
    expect((await get(`mge-app://renderer/files/runs/${runId}/none.png`)).status).toBe(404);
  });

  it('says how to build the renderer when it is missing', async () => {
    const response = await appProtocolResponse('mge-app://renderer/index.html', 'GET', { ...options, rendererDir: path.join(tempDir(), 'nothing') });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });
});

describe('content security', () => {
  it('allows only the app’s own scripts, and the dev server only in development', () => {
    const csp = contentSecurityPolicy(production);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('localhost');
    const dev = contentSecurityPolicy(rendererSource(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }));
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain('img-src \'self\' data: blob: mge-app:');
  });

  it('adds the CSP to every response and denies permissions except clipboard writes', () => {
    const session = electron.session.defaultSession;
    secureSession(session as never, production);
    const onHeaders = session.webRequest.onHeadersReceived.mock.calls[0][0] as (details: unknown, callback: (r: unknown) => void) => void;
    const callback = vi.fn();
    onHeaders({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy(production)] } });
    const onRequest = session.setPermissionRequestHandler.mock.calls[0][0] as (wc: unknown, permission: string, cb: (allowed: boolean) => void) => void;
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-sanitized-write']) onRequest(null, permission, (allowed) => answers.push(allowed));
    expect(answers).toEqual([false, false, false, false, true]);
  });
});
