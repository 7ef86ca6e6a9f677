import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../../main/services/datasets';
import { makeAircraftFixture, problemKeys, snapshotTree } from '../../helpers/dataset-fixtures';
import { expectCleanReport, useTempDirs } from './helpers';

const tempDir = useTempDirs();

describe('FGVC-Aircraft 2013b importer', () => {
  it('reads variants in file order (names with spaces and slashes), trainval → train, test → test, with the banner crop', async () => {
    const dir = await tempDir();
    const fx = await makeAircraftFixture(dir, { trainvalPerClass: 2, testPerClass: 1 });
    // The fixture's images_variant_train.txt holds only half of trainval: it must not be what is read.
    expect((await readFile(join(fx.root, 'data', 'images_variant_train.txt'), 'utf8')).trim().split('\n')).toHaveLength(5);
    const { report, samples } = await importDataset(fx.root);
    expectCleanReport(report, {
      format: 'aircraft',
      formatLabel: 'FGVC-Aircraft 2013b',
      root: fx.root,
      classes: ['Cessna 172', '707-320', 'F/A-18', 'A321', 'A320'],
      splitSource: 'dataset',
      splits: { train: 10, test: 5 },
      perClass: fx.perClass,
    });
    expect(report.notes).toContain('label level: variant');
    expect(report.notes.join('\n')).toMatch(/bottom 20 px/);
    expect(samples).toHaveLength(15);
    expect(samples.every((s) => s.cropBottom === 20)).toBe(true);
    // Ids keep their leading zeros: data/images/0034309.jpg is the first Cessna 172 (box "1 2 6 20" → [1, 2, 6, 19]).
    expect(samples[0]).toMatchObject({ path: join(fx.root, 'data', 'images', '0034309.jpg'), label: 0, split: 'train', box: [1, 2, 6, 19], cropBottom: 20 });
    const fa18 = samples.filter((s) => s.label === 2);
    expect(fa18).toHaveLength(3);
  });

  it.each(['family', 'manufacturer'] as const)('reads the %s level', async (level) => {
    const dir = await tempDir();
    const fx = await makeAircraftFixture(dir);
    const { report } = await importDataset(dir, { aircraftLevel: level });
    expect(report.classes).toEqual(fx.levels[level].classes);
    expect(report.perClass).toEqual(fx.levels[level].perClass);
    expect(report.splits).toEqual(fx.levels[level].splits);
    expect(report.notes).toContain(`label level: ${level}`);
  });

  it('lists and skips every bad file, the empty class and the malformed line, at every level, and changes nothing', async () => {
    const dir = await tempDir();
    const fx = await makeAircraftFixture(dir, { broken: ['truncated', 'empty', 'not-an-image', 'missing', 'unreadable', 'duplicate', 'empty-class', 'bad-annotation'] });
    const before = await snapshotTree(dir);
    for (const level of ['variant', 'family', 'manufacturer'] as const) {
      const { report, samples } = await importDataset(fx.root, { aircraftLevel: level });
      expect(problemKeys(report.problems), level).toEqual(problemKeys(fx.levels[level].problems));
      expect(report.classes).toEqual(fx.levels[level].classes);
      expect(report.perClass).toEqual(fx.levels[level].perClass);
      expect(samples).toHaveLength(fx.total);
    }
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it('reports a name that is not in variants.txt and an image listed in both splits', async () => {
    const dir = await tempDir();
    const fx = await makeAircraftFixture(dir);
    const trainval = join(fx.root, 'data', 'images_variant_trainval.txt');
    const firstTest = (await readFile(join(fx.root, 'data', 'images_variant_test.txt'), 'utf8')).split('\n')[0];
    expect(firstTest).toBe('0034311 Cessna 172');
    await writeFile(trainval, `${(await readFile(trainval, 'utf8')).trimEnd()}\n0099998 Boeing 747/400\n${firstTest}\n`);
    const { report, samples } = await importDataset(fx.root);
    const text = report.problems.map((p) => `${p.kind} ${p.path}: ${p.message}`).join('\n');
    expect(text).toMatch(/bad-annotation data\/images_variant_trainval\.txt: image 0099998: "Boeing 747\/400" is not in data\/variants\.txt; skipped/);
    expect(text).toMatch(/bad-annotation data\/images_variant_test\.txt: image 0034311 is also listed in data\/images_variant_trainval\.txt/);
    expect(report.problems).toHaveLength(2);
    // The first listing (trainval) wins.
    expect(samples).toHaveLength(fx.total);
    expect(report.splits).toEqual({ train: 11, test: 4 });
  });
});
