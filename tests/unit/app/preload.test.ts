// The preload exposes exactly the shared contract as window.api: one function per method, typed event
// subscriptions with an unsubscribe, and the path of a dropped file; nothing from Electron or Node leaks.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./fixtures/electron-mock')).electron);
import { API_INPUTS, type MgeApi } from '../../../shared/api';
import { IPC_CHANNELS } from '../../../main/app/ipc-channels';
import { electron } from './fixtures/electron-mock';

const ROOT = path.resolve(__dirname, '../../..');

let exposed: { key: string; api: MgeApi };

/** Module specifiers of static and dynamic imports and re-exports. */
function importsOf(source: string): string[] {
  const patterns = [/\b(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]));
}

beforeAll(async () => {
  // Loading the preload is what exposes the API (once, as in a page).
  await import('../../../main/app/preload');
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, MgeApi];
  exposed = { key, api };
});
beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear();
  electron.ipcRenderer.on.mockClear();
  electron.ipcRenderer.removeListener.mockClear();
  electron.webUtils.getPathForFile.mockClear();
});

async function loadPreload(): Promise<MgeApi> {
  expect(exposed.key).toBe('api');
  return exposed.api;
}

describe('preload', () => {
  it('exposes one function per contract method, plus on and getPathForFile, and nothing else', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual([...Object.keys(API_INPUTS), 'getPathForFile', 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('forwards a call to main over the call channel', async () => {
    const api = await loadPreload();
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { id: 'r1' } });
    expect(await api['training.pause']({ id: 'r1' })).toEqual({ ok: true, value: { id: 'r1' } });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.call, 'training.pause', { id: 'r1' });
  });

  it('subscribes to one event, hides the IPC event object, and unsubscribes', async () => {
    const api = await loadPreload();
    const listener = vi.fn();
    const unsubscribe = api.on('runs.changed', listener);
    const [channel, forward] = electron.ipcRenderer.on.mock.calls[0] as unknown as [string, (...args: unknown[]) => void];
    expect(channel).toBe(IPC_CHANNELS.event);
    forward({ sender: 'secret ipc event' }, 'training.event', { id: 'x' });
    forward({ sender: 'secret ipc event' }, 'runs.changed', { id: 'r1' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ id: 'r1' });
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_CHANNELS.event, forward);
    expect(() => api.on('fs.watch' as never, () => undefined)).toThrow(/unknown event "fs.watch"/);
  });

  it('resolves a dropped folder’s path through webUtils', async () => {
    const api = await loadPreload();
    const file = { name: 'CUB_200_2011' } as unknown as File;
    expect(api.getPathForFile?.(file)).toBe('/home/user/datasets/CUB_200_2011');
    expect(electron.webUtils.getPathForFile).toHaveBeenCalledWith(file);
  });

  it('imports nothing a sandboxed preload cannot load (no Node built-ins; only electron and zod)', () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    const builtins = new Set(builtinModules);
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.endsWith('.ts') ? spec : `${spec}.ts`));
        else if (spec.startsWith('node:') || builtins.has(spec.split('/')[0])) problems.push(`${path.relative(ROOT, file)} imports ${spec}`);
        else if (spec !== 'electron' && spec !== 'zod') problems.push(`${path.relative(ROOT, file)} imports package ${spec}`);
      }
    };
    visit(path.join(ROOT, 'main/app/preload.ts'));
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(2);
  });
});
