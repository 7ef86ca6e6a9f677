// runs.* and app.* of the API service over a real run store in a temporary folder.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RunStore } from '../../../main/services/runs';
import { newRun } from '../../helpers/run-fixtures';
import { useTempDir } from '../../helpers/temp-dir';
import { galleryIndex } from './fixtures/gallery-index';
import { makeServiceFixture, type ServiceFixture } from './fixtures/service-fixture';

const tempDir = useTempDir('mge-api-runs-');
let fx: ServiceFixture;
let store: RunStore;

beforeEach(async () => {
  fx = await makeServiceFixture(tempDir());
  store = new RunStore(fx.runsDir);
});

describe('runs.*', () => {
  it('lists, reads, renames and deletes runs, announcing each change', async () => {
    expect(await fx.value('runs.list', {})).toEqual([]);
    const run = await store.create(newRun({ name: 'first' }));
    const list = await fx.value('runs.list', {});
    expect(list).toMatchObject([{ id: run.id, damaged: false, record: { name: 'first' } }]);

    const details = await fx.value('runs.get', { id: run.id });
    expect(details).toMatchObject({ record: { id: run.id }, metrics: [], summary: null, warnings: [] });

    const renamed = await fx.value('runs.rename', { id: run.id, name: '  better name ' });
    expect(renamed.name).toBe('better name');
    expect(fx.events).toContainEqual({ name: 'runs.changed', payload: { id: run.id } });

    expect(await fx.value('runs.delete', { id: run.id })).toEqual({ id: run.id });
    expect(await fx.value('runs.list', {})).toEqual([]);
    expect(fx.events.filter((e) => e.name === 'runs.changed')).toHaveLength(2);
  });

  it('answers typed errors for missing and damaged runs', async () => {
    expect(await fx.service.call('runs.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await fx.service.call('runs.delete', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await fx.service.call('runs.rename', { id: 'nope', name: 'x' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await fs.mkdir(path.join(fx.runsDir, 'broken'), { recursive: true });
    await fs.writeFile(path.join(fx.runsDir, 'broken', 'run.json'), '{ not json');
    expect(await fx.service.call('runs.get', { id: 'broken' })).toMatchObject({ ok: false, error: { code: 'damaged' } });
    expect(await fx.value('runs.list', {})).toMatchObject([{ id: 'broken', damaged: true }]);
    expect(await fx.service.call('runs.rename', { id: 'x', name: '' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('reads a run gallery, or says there is none, with URLs its images resolve against', async () => {
    const run = await store.create(newRun());
    expect(await fx.value('runs.gallery', { id: run.id })).toEqual({
      id: run.id,
      index: null,
      baseUrl: `/files/runs/${run.id}/gallery/`,
      runUrl: `/files/runs/${run.id}/`,
    });
    await fs.mkdir(path.join(store.runDir(run.id), 'gallery'));
    await fs.writeFile(path.join(store.runDir(run.id), 'gallery', 'index.json'), JSON.stringify(galleryIndex()));
    expect((await fx.value('runs.gallery', { id: run.id })).index).toEqual(galleryIndex());
    await fs.writeFile(path.join(store.runDir(run.id), 'gallery', 'index.json'), JSON.stringify({ ...galleryIndex(), format: 'mge-gallery/0' }));
    expect(await fx.service.call('runs.gallery', { id: run.id })).toMatchObject({ ok: false, error: { code: 'damaged', message: expect.stringContaining('does not match the gallery format (format:') } });
    await fs.writeFile(path.join(store.runDir(run.id), 'gallery', 'index.json'), '{"entries": [');
    expect(await fx.service.call('runs.gallery', { id: run.id })).toMatchObject({ ok: false, error: { code: 'damaged', message: expect.stringContaining('gallery/index.json') } });
    expect(await fx.service.call('runs.gallery', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('returns the folder of a run, opening it only where the host can', async () => {
    const run = await store.create(newRun());
    expect(await fx.value('runs.openFolder', { id: run.id })).toEqual({ path: store.runDir(run.id), opened: false });
    const openFolder = vi.fn(async () => undefined);
    const desktop = await makeServiceFixture(tempDir(), { runsDir: fx.runsDir, mode: 'desktop', platform: { openFolder } });
    expect(await desktop.value('runs.openFolder', { id: run.id })).toEqual({ path: store.runDir(run.id), opened: true });
    expect(openFolder).toHaveBeenCalledWith(store.runDir(run.id));
    expect(await desktop.service.call('runs.openFolder', { id: 'gone' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('app.* and settings.*', () => {
  it('describes the host', async () => {
    const info = await fx.value('app.info', {});
    expect(info).toEqual({
      version: '9.9.9-test',
      runsDir: fx.runsDir,
      lastBackend: null,
      mode: 'browser',
      capabilities: { chooseFolder: false, openFolder: false, dropPaths: false },
      platform: `${process.platform}-${process.arch}`,
      node: process.version,
    });
  });

  it('reports the backend the newest run recorded', async () => {
    const run = await store.create(newRun());
    await store.update(run.id, { versions: { ...run.versions, backend: 'wasm', tfjs: '4.22.0', device: '2-core CPU', threads: 2 } });
    expect((await fx.value('app.info', {})).lastBackend).toMatchObject({ name: 'wasm', tfjsVersion: '4.22.0', device: '2-core CPU', gpu: false, threads: 2 });
  });

  it('opens a folder dialog only on the desktop', async () => {
    expect(await fx.service.call('app.chooseFolder', {})).toMatchObject({ ok: false, error: { code: 'unsupported', message: expect.stringContaining('type the folder path') } });
    const chooseFolder = vi.fn(async (title: string | undefined) => (title ? '/data/CUB_200_2011' : null));
    const desktop = await makeServiceFixture(tempDir(), { mode: 'desktop', platform: { chooseFolder } });
    expect(await desktop.value('app.chooseFolder', { title: 'Choose a dataset' })).toEqual({ path: '/data/CUB_200_2011' });
    expect(await desktop.value('app.chooseFolder', {})).toEqual({ path: null });
    expect((await desktop.value('app.info', {})).capabilities).toEqual({ chooseFolder: true, openFolder: false, dropPaths: true });
  });

  it('moves the runs folder, creating it, and lists the new folder', async () => {
    await store.create(newRun());
    const elsewhere = path.join(tempDir(), 'nested', 'runs');
    const settings = await fx.value('settings.set', { runsDir: elsewhere });
    expect(settings).toEqual({ runsDir: elsewhere, defaultRunsDir: fx.runsDir, persisted: false });
    expect(await fx.value('settings.get', {})).toEqual(settings);
    expect(await fx.value('runs.list', {})).toEqual([]);
    expect((await fx.value('app.info', {})).runsDir).toBe(elsewhere);
    expect(fx.events).toContainEqual({ name: 'runs.changed', payload: { id: null } });
  });

  it('refuses runs folders it cannot use, with the reason', async () => {
    expect(await fx.service.call('settings.set', { runsDir: 'relative/runs' })).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: 'runsDir' }] } });
    const file = path.join(tempDir(), 'a-file');
    await fs.writeFile(file, 'x');
    expect(await fx.service.call('settings.set', { runsDir: file })).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringContaining(file) } });
    expect(await fx.service.call('settings.set', { runsDir: path.join(file, 'below') })).toMatchObject({ ok: false, error: { code: 'io-error' } });
    expect((await fx.value('settings.get', {})).runsDir).toBe(fx.runsDir);
  });

  it('turns a failing settings store into an internal error, not a crash', async () => {
    const onInternalError = vi.fn();
    const broken = await makeServiceFixture(tempDir(), {
      onInternalError,
      settings: { persisted: true, load: async () => ({}), save: async () => Promise.reject(new Error('disk on fire')) },
    });
    const result = await broken.service.call('settings.set', { runsDir: path.join(tempDir(), 'r') });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'settings.set failed unexpectedly: disk on fire' } });
    expect(onInternalError).toHaveBeenCalledTimes(1);
  });
});
