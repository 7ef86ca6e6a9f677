import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDataset, importDataset } from '../../../main/services/datasets';
import { AppFailure } from '../../../shared/result';
import { makeAircraftFixture, makeCarsFixture, makeCarsRepackFixture, makeCubFixture, makeFolderFixture, makeTempDir, removeTempDir, writeImage } from '../../helpers/dataset-fixtures';

let base: string;
const fixtures: Record<string, { parent: string; root: string }> = {};

beforeAll(async () => {
  base = await makeTempDir();
  const make = async (name: string, fn: (dir: string) => Promise<{ root: string }>) => {
    const parent = join(base, name);
    await mkdir(parent);
    fixtures[name] = { parent, root: (await fn(parent)).root };
  };
  await make('cub', (d) => makeCubFixture(d));
  await make('aircraft', (d) => makeAircraftFixture(d));
  await make('cars', (d) => makeCarsFixture(d));
  await make('folder', (d) => makeFolderFixture(d));
  await make('split-folder', (d) => makeFolderFixture(d, { splits: { train: 2, test: 1 } }));
  await make('repack', (d) => makeCarsRepackFixture(d));
});
afterAll(async () => {
  await removeTempDir(base);
});

async function expectNotADataset(path: string, message: RegExp) {
  const error = await importDataset(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppFailure);
  expect((error as AppFailure).code).toBe('not-a-dataset');
  expect((error as AppFailure).message).toMatch(message);
  expect(await detectDataset(path)).toBeNull();
}

describe('dataset detection', () => {
  it.each([
    ['cub', 'cub'],
    ['aircraft', 'aircraft'],
    ['cars', 'cars'],
    ['folder', 'folder'],
    ['split-folder', 'folder'],
  ])('finds %s from its root and from its parent', async (name, format) => {
    const { parent, root } = fixtures[name];
    expect(await detectDataset(root)).toEqual({ format, root });
    expect(await detectDataset(parent)).toEqual({ format, root });
  });

  it('finds the Cars re-pack through its wrapper folders', async () => {
    const { parent, root } = fixtures.repack;
    expect(await detectDataset(join(parent, 'car_data'))).toEqual({ format: 'folder', root });
    expect(await detectDataset(parent)).toEqual({ format: 'folder', root });
  });

  it("reads CUB's images/ folder alone as folder-per-class, and Aircraft's data/ folder alone as Aircraft", async () => {
    const cubImages = join(fixtures.cub.root, 'images');
    expect(await detectDataset(cubImages)).toEqual({ format: 'folder', root: cubImages });
    const data = join(fixtures.aircraft.root, 'data');
    expect(await detectDataset(data)).toEqual({ format: 'aircraft', root: data });
    const { report } = await importDataset(data);
    expect(report.splits).toEqual({ train: 10, test: 5 });
    expect(report.problems).toEqual([]);
  });

  it('refuses what is not a dataset with a not-a-dataset error', async () => {
    const empty = join(base, 'empty');
    await mkdir(empty);
    await expectNotADataset(empty, /No dataset found/);

    const loose = join(base, 'loose');
    await writeImage(join(loose, 'a.jpg'));
    await writeFile(join(loose, 'readme.txt'), 'hi');
    await mkdir(join(loose, 'docs'));
    await writeFile(join(loose, 'docs', 'notes.txt'), 'hi');
    await expectNotADataset(loose, /No dataset found/);

    await expectNotADataset(join(base, 'does-not-exist'), /does not exist/);
    await expectNotADataset(join(fixtures.cub.root, 'classes.txt'), /is a file, not a folder/);
    const archive = join(base, 'CUB_200_2011.tgz');
    await writeFile(archive, 'x');
    await expectNotADataset(archive, /archive; unpack it first/);
  });

  it('rejects out-of-range options as invalid input', async () => {
    await expect(importDataset(fixtures.folder.root, { testFraction: 1.5 })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(importDataset(fixtures.folder.root, { seed: -1 })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
