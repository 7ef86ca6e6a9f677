// datasets.* and the file route: import reports, paged image lists with thumbnails, and a file route
// that serves only run files and imported images (no traversal, no symlinks out, no forged indices).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../main/services/runs';
import { makeFolderFixture } from '../../helpers/dataset-fixtures';
import { newRun } from '../../helpers/run-fixtures';
import { useTempDir } from '../../helpers/temp-dir';
import { makeServiceFixture, type ServiceFixture } from './fixtures/service-fixture';

const tempDir = useTempDir('mge-api-datasets-');
let fx: ServiceFixture;
let dataset: string;

beforeAll(async () => {
  const dir = tempDir();
  dataset = (await makeFolderFixture(dir, { classes: ['sparrow', 'finch', 'wren'], perClass: 5, clutter: false })).root;
  fx = await makeServiceFixture(dir);
});

const routeOf = (url: string) => {
  const [pathname, query] = url.replace(/^\/files\//, '').split('?');
  return { route: pathname, thumbnail: query === 'size=thumb' };
};

describe('datasets.*', () => {
  it('inspects a folder into a report', async () => {
    const report = await fx.value('datasets.inspect', { path: dataset, testFraction: 0.2, seed: 3 });
    expect(report).toMatchObject({ format: 'folder', root: dataset, classes: ['finch', 'sparrow', 'wren'], problems: [] });
    expect(report.splits.train! + report.splits.test!).toBe(15);
  });

  it('explains what is wrong with a path', async () => {
    expect(await fx.service.call('datasets.inspect', { path: path.join(dataset, 'nothing-here') })).toMatchObject({ ok: false, error: { code: 'not-a-dataset', message: expect.stringContaining('does not exist') } });
    expect(await fx.service.call('datasets.inspect', { path: 'datasets/cub' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('relative path') } });
    expect(await fx.service.call('datasets.inspect', { path: '' })).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: 'path', message: 'choose a dataset folder' }] } });
  });

  it('accepts ~ for the home folder', async () => {
    const relativeToHome = path.relative(os.homedir(), dataset);
    if (relativeToHome.startsWith('..')) return; // the temp folder is not under home on this machine
    expect((await fx.value('datasets.inspect', { path: `~/${relativeToHome}` })).root).toBe(dataset);
  });

  it('pages through images by class and split, with image and thumbnail URLs', async () => {
    const all = await fx.value('datasets.samples', { path: dataset });
    expect(all.total).toBe(15);
    expect(all.samples[0]).toMatchObject({ label: 0, className: 'finch', path: expect.stringMatching(/^finch\//) });
    expect(all.samples[0].url).toMatch(/^\/files\/datasets\/[0-9a-f]{16}\/\d+\/[^/]+$/);
    expect(all.samples[0].thumbnailUrl).toBe(`${all.samples[0].url}?size=thumb`);

    const onePerClass = await fx.value('datasets.samples', { path: dataset, perClass: 1 });
    expect(onePerClass.samples.map((s) => s.className)).toEqual(['finch', 'sparrow', 'wren']);

    const wrens = await fx.value('datasets.samples', { path: dataset, classIndex: 2, offset: 1, limit: 2 });
    expect(wrens).toMatchObject({ total: 5, offset: 1 });
    expect(wrens.samples.map((s) => s.className)).toEqual(['wren', 'wren']);

    const test = await fx.value('datasets.samples', { path: dataset, split: 'test' });
    expect(test.samples.every((s) => s.split === 'test')).toBe(true);
  });

  it('serves an imported image and its thumbnail', async () => {
    const [sample] = (await fx.value('datasets.samples', { path: dataset, limit: 1 })).samples;
    const { route } = routeOf(sample.url);
    const full = await fx.service.openFile(route);
    expect(full).toMatchObject({ kind: 'file', filePath: path.join(dataset, sample.path) });
    const thumb = await fx.service.openFile(route, { thumbnail: true });
    expect(thumb.kind).toBe('data');
    if (thumb.kind === 'data') {
      expect(thumb.contentType).toBe('image/jpeg');
      expect((await sharp(thumb.data).metadata()).format).toBe('jpeg');
    }
  });

  it('serves no dataset file by a forged key, index or name', async () => {
    const [sample] = (await fx.value('datasets.samples', { path: dataset, limit: 1 })).samples;
    const [, , key, index, name] = routeOf(sample.url).route.split('/');
    for (const route of [`datasets/${'0'.repeat(16)}/${index}/${name}`, `datasets/${key}/999/${name}`, `datasets/${key}/${index}/other.jpg`, `datasets/${key}/-1/${name}`]) {
      await expect(fx.service.openFile(route)).rejects.toMatchObject({ code: 'not-found' });
    }
  });
});

describe('file route for runs', () => {
  it('serves the images and text files of a run and nothing outside it', async () => {
    const store = new RunStore(fx.runsDir);
    const run = await store.create(newRun());
    const gallery = path.join(store.runDir(run.id), 'gallery');
    await fs.mkdir(gallery, { recursive: true });
    await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } }).png().toFile(path.join(gallery, 'cam one.png'));
    await fs.writeFile(path.join(store.runDir(run.id), 'weights.bin'), 'secret');
    const outside = path.join(tempDir(), 'outside.png');
    await fs.writeFile(outside, 'not yours');
    await fs.symlink(outside, path.join(gallery, 'link.png'));

    const served = await fx.service.openFile(`runs/${run.id}/gallery/cam%20one.png`);
    expect(served).toMatchObject({ kind: 'file', contentType: 'image/png' });
    expect(await fx.service.openFile(`runs/${run.id}/run.json`)).toMatchObject({ contentType: 'application/json; charset=utf-8' });

    const refused = [
      [`runs/${run.id}/../../outside.png`, 'invalid-input'],
      [`runs/${run.id}/%2e%2e/%2e%2e/outside.png`, 'invalid-input'],
      [`runs/${run.id}/gallery%2F..%2F..%2Foutside.png`, 'invalid-input'],
      [`runs/${run.id}//etc/passwd.txt`, 'invalid-input'],
      [`runs/${run.id}/gallery/link.png`, 'not-found'],
      [`runs/${run.id}/weights.bin`, 'invalid-input'],
      [`runs/${run.id}/gallery/missing.png`, 'not-found'],
      [`runs/..%2F/x.png`, 'invalid-input'],
      [`runs/${run.id}/%E0%A4%A.png`, 'invalid-input'],
      [`elsewhere/${run.id}/run.json`, 'not-found'],
    ] as const;
    for (const [route, code] of refused) await expect(fx.service.openFile(route), route).rejects.toMatchObject({ code });
  });
});
