import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../../main/services/datasets';
import { IMAGE_KINDS, writeImage, makeCarsRepackFixture, makeFolderFixture, problemKeys } from '../../helpers/dataset-fixtures';
import { expectCleanReport, importUnchanged, useTempDirs } from './helpers';

const tempDir = useTempDirs();

const perClassTotals = (perClass: Array<Partial<Record<string, number>>>) => perClass.map((c) => Object.values(c).reduce((a, b) => (a ?? 0) + (b ?? 0), 0));

describe('folder-per-class importer', () => {
  it('reads classes in natural order and generates a seeded stratified 80/20 split', async () => {
    const dir = await tempDir();
    const fx = await makeFolderFixture(dir);
    const { report, samples } = await importDataset(fx.root);
    // No problems: clutter (.DS_Store, Thumbs.db, ._x.jpg, notes.txt, __MACOSX) is ignored silently.
    expectCleanReport(report, {
      format: 'folder',
      root: fx.root,
      classes: ['class2', 'class10', 'finch', 'sparrow'],
      splitSource: 'generated',
      splits: { train: 16, test: 4 },
      perClass: fx.classes.map(() => ({ train: 4, test: 1 })),
    });
    expect(report.classes).toEqual(fx.classes);
    expect(report.notes).toContain('split: seeded stratified 80/20 train/test (seed 0)');
    expect(samples).toHaveLength(20);
    for (const s of samples) expect(relative(fx.root, s.path).split(/[\\/]/)[0]).toBe(report.classes[s.label]);
  });

  it('gives the same split and fingerprint for the same seed and files, another for another seed', async () => {
    const dir = await tempDir();
    const fx = await makeFolderFixture(dir, { perClass: 10 });
    const a = await importDataset(fx.root, { seed: 3 });
    const b = await importDataset(fx.root, { seed: 3 });
    const c = await importDataset(fx.root, { seed: 4 });
    expect(b.samples).toEqual(a.samples);
    expect(b.report.fingerprint).toBe(a.report.fingerprint);
    expect(a.report.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(c.report.perClass).toEqual(a.report.perClass);
    expect(c.samples.map((s) => s.split)).not.toEqual(a.samples.map((s) => s.split));
    expect(c.report.fingerprint).not.toBe(a.report.fingerprint);
  });

  it('stratifies imbalanced classes, keeps a training image per class, and carves validation', async () => {
    const dir = await tempDir();
    const fx = await makeFolderFixture(dir, { classes: ['a', 'b', 'c'], perClass: [10, 3, 1] });
    const { report } = await importDataset(fx.root, { testFraction: 0.3, valFraction: 0.25, seed: 1 });
    expect(report.perClass).toEqual([
      { train: 5, val: 2, test: 3 },
      { train: 1, val: 1, test: 1 },
      { train: 1, val: 0, test: 0 },
    ]);
    expect(report.splits).toEqual({ train: 7, val: 3, test: 4 });
  });

  it('uses train/ val/ test/ folders (aliases valid/, testing/) as the split', async () => {
    const dir = await tempDir();
    const fx = await makeFolderFixture(dir, { splits: { train: 3, val: 1, test: 2 }, splitFolderNames: { val: 'valid', test: 'testing' } });
    const { report } = await importDataset(fx.root);
    expect(report.splitSource).toBe('dataset');
    expect(report.classes).toEqual(fx.classes);
    expect(report.splits).toEqual({ train: 12, val: 4, test: 8 });
    expect(report.perClass).toEqual(fx.perClass);
  });

  it('fixture shorthand splits: true writes train/ (perClass each) and test/ (1 each)', async () => {
    const dir = await tempDir();
    const fx = await makeFolderFixture(dir, { classes: 2, perClass: 3, splits: true });
    const { report } = await importDataset(dir);
    expect(report.splitSource).toBe('dataset');
    expect(report.perClass).toEqual([
      { train: 3, test: 1 },
      { train: 3, test: 1 },
    ]);
    expect(report.perClass).toEqual(fx.perClass);
  });

  it('draws test images from train/ when there is no test folder', async () => {
    const dir = await tempDir();
    const fx = await makeFolderFixture(dir, { splits: { train: 5 } });
    const { report } = await importDataset(fx.root);
    expect(report.splitSource).toBe('generated');
    expect(report.splits).toEqual({ train: 16, test: 4 });
    expect(report.notes.join('\n')).toMatch(/no test folder/);
  });

  it('accepts grey, CMYK, EXIF-rotated JPEG, PNG, WebP, GIF, TIFF and BMP images', async () => {
    const dir = await tempDir();
    const fx = await makeFolderFixture(dir, { classes: ['x', 'y'], perClass: IMAGE_KINDS.length, imageKinds: IMAGE_KINDS });
    const { report } = await importDataset(fx.root, { deepCheck: true });
    expect(report.problems).toEqual([]);
    expect(perClassTotals(report.perClass)).toEqual([IMAGE_KINDS.length, IMAGE_KINDS.length]);
    expect(report.notes.join('\n')).toMatch(/deep check/);
    expect(report.notes.join('\n')).toMatch(/2 BMP image\(s\).*sharp cannot decode BMP/);
  });

  it('lists and skips truncated, empty, non-image and duplicate files and an empty class, without touching the folder', async () => {
    const dir = await tempDir();
    const fx = await makeFolderFixture(dir, { broken: ['truncated', 'empty', 'not-an-image', 'duplicate', 'empty-class'] });
    const progress: number[] = [];
    const { report, samples } = await importUnchanged(dir, fx.root, { onProgress: (done) => progress.push(done) });
    expect(problemKeys(report.problems)).toEqual(problemKeys(fx.problems));
    expect(report.classes).toEqual(fx.classes);
    expect(perClassTotals(report.perClass)).toEqual(fx.totalPerClass);
    expect(samples).toHaveLength(fx.total);
    const bad = new Set(fx.problems.map((p) => join(fx.root, p.path)));
    for (const s of samples) expect(bad.has(s.path)).toBe(false);
    // The duplicate is the later copy; the first one stays.
    expect(samples.some((s) => s.path === join(fx.root, 'sparrow', 'img_001.jpg'))).toBe(true);
    expect(progress.at(-1)).toBe(fx.total + 4);
  });

  it('reads the Stanford Cars folder-per-class re-pack (car_data/car_data/{train,test}) and says so', async () => {
    const dir = await tempDir();
    const fx = await makeCarsRepackFixture(dir);
    const { report } = await importDataset(join(dir, 'car_data'));
    expect(report.format).toBe('folder');
    expect(report.root).toBe(fx.root);
    expect(report.classes).toEqual(['Acura RL Sedan 2012', 'Acura TL Sedan 2012', 'AM General Hummer SUV 2000']);
    expect(report.splits).toEqual({ train: 6, test: 3 });
    expect(report.notes.join('\n')).toMatch(/Stanford Cars re-pack/);
  });

  it('takes a class folder named "train" for a class, and reads upper-case extensions', async () => {
    const dir = await tempDir();
    const fx = await makeFolderFixture(dir, { classes: ['train', 'bus', 'car'], perClass: 2, clutter: false });
    await writeImage(join(fx.root, 'bus', 'IMG_0001.JPG'));
    await writeImage(join(fx.root, 'bus', 'photo.JPEG'), 'png');
    const { report } = await importDataset(dir);
    expect(report.root).toBe(fx.root);
    expect(report.classes).toEqual(['bus', 'car', 'train']);
    expect(report.splitSource).toBe('generated');
    expect(perClassTotals(report.perClass)).toEqual([4, 2, 2]);
    expect(report.problems).toEqual([]);
  });

  it('fingerprint changes when the usable files change', async () => {
    const dir = await tempDir();
    const fx = await makeFolderFixture(dir);
    const a = await importDataset(fx.root);
    await rm(join(fx.root, 'finch', 'img_002.jpg'));
    const b = await importDataset(fx.root);
    expect(b.report.fingerprint).not.toBe(a.report.fingerprint);
  });
});
