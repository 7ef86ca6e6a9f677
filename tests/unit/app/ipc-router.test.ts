// The IPC router answers only the app's own top frame, validates through the real API service, always
// answers a typed Result, and pushes events to the app's windows only.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./fixtures/electron-mock')).electron);
import { isAppUrl, rendererSource } from '../../../main/app/app-origin';
import { IPC_CHANNELS } from '../../../main/app/ipc-channels';
import { registerIpcRouter } from '../../../main/app/ipc-router';
import { useTempDir } from '../../helpers/temp-dir';
import { makeServiceFixture, type ServiceFixture } from '../services/fixtures/service-fixture';
import { electron, FakeFrame, FakeWebContents, resetElectron } from './fixtures/electron-mock';

const tempDir = useTempDir('mge-ipc-');
const source = rendererSource(true, {});
let fx: ServiceFixture;

beforeAll(async () => {
  fx = await makeServiceFixture(tempDir(), { mode: 'desktop' });
});
beforeEach(() => resetElectron());

function router(targets: FakeWebContents[] = []) {
  const refused: string[] = [];
  const dispose = registerIpcRouter({
    ipcMain: electron.ipcMain as never,
    service: fx.service,
    isAppUrl: (url) => isAppUrl(url, source),
    eventTargets: () => targets as never,
    onRefused: (reason) => refused.push(reason),
  });
  const handler = electron.ipcMain.handlers.get(IPC_CHANNELS.call)!;
  return { dispose, refused, call: (event: unknown, method: unknown, input?: unknown) => handler(event, method, input) };
}

/** An invoke event from the top frame of a page at `url`. */
function fromPage(url: string) {
  const sender = new FakeWebContents();
  sender.mainFrame = new FakeFrame(url);
  return { sender, senderFrame: sender.mainFrame };
}

describe('IPC router', () => {
  it('answers the app’s own page with typed results', async () => {
    const { call } = router();
    const info = await call(fromPage('mge-app://renderer/index.html'), 'app.info', {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'desktop', capabilities: { dropPaths: true } } });
    expect(await call(fromPage('mge-app://renderer/index.html#/runs'), 'runs.list')).toEqual({ ok: true, value: [] });
  });

  it('validates every payload', async () => {
    const { call } = router();
    const page = fromPage('mge-app://renderer/index.html');
    expect(await call(page, 'runs.get', { id: '../../secrets' })).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: 'id' }] } });
    expect(await call(page, 'shell.openExternal', { url: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('unknown method') } });
    expect(await call(page, { toString: () => 'app.info' }, {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('refuses foreign senders: other pages, iframes, destroyed frames', async () => {
    const { call, refused } = router();
    expect(await call(fromPage('https://evil.example/'), 'runs.list', {})).toEqual({ ok: false, error: { code: 'forbidden', message: 'this page may not use the MGE Studio API' } });
    expect(await call(fromPage('file:///tmp/page.html'), 'runs.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const page = fromPage('mge-app://renderer/index.html');
    const iframe = { sender: page.sender, senderFrame: new FakeFrame('mge-app://renderer/index.html') };
    expect(await call(iframe, 'runs.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call({ sender: page.sender, senderFrame: null }, 'runs.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(refused).toHaveLength(4);
    expect(refused[0]).toContain('https://evil.example/');
  });

  it('pushes events to the app’s windows only, and stops when disposed', () => {
    const app = fromPage('mge-app://renderer/index.html').sender;
    const foreign = fromPage('https://evil.example/').sender;
    const closed = fromPage('mge-app://renderer/index.html').sender;
    closed.destroyed = true;
    const { dispose } = router([app, foreign, closed]);
    fx.service.emit('runs.changed', { id: 'r1' });
    expect(app.send).toHaveBeenCalledWith(IPC_CHANNELS.event, 'runs.changed', { id: 'r1' });
    expect(foreign.send).not.toHaveBeenCalled();
    expect(closed.send).not.toHaveBeenCalled();
    dispose();
    fx.service.emit('runs.changed', { id: 'r2' });
    expect(app.send).toHaveBeenCalledTimes(1);
    expect(electron.ipcMain.removeHandler).toHaveBeenCalledWith(IPC_CHANNELS.call);
  });
});
