import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../../main/services/datasets';
import { makeCarsFixture, mat, problemKeys, writeImage, writeMatFile } from '../../helpers/dataset-fixtures';
import { expectCleanReport, importUnchanged, useTempDirs } from './helpers';

const tempDir = useTempDirs();

const sampleView = (root: string, samples: Array<{ path: string; label: number; box?: number[] }>) =>
  samples.map((s) => ({ path: relative(root, s.path).split(/[\\/]/).join('/'), label: s.label, box: s.box })).sort((a, b) => (a.path < b.path ? -1 : 1));

describe('Stanford Cars devkit importer', () => {
  it('reads class names from cars_meta.mat, 1-based class ids, converted boxes, and the labelled test set', async () => {
    const dir = await tempDir();
    const fx = await makeCarsFixture(dir, { trainPerClass: 2, testPerClass: 1 });
    const { report, samples } = await importDataset(dir);
    expectCleanReport(report, {
      format: 'cars',
      formatLabel: 'Stanford Cars',
      root: fx.root,
      classes: ['AM General Hummer SUV 2000', 'Acura RL Sedan 2012', 'Acura TL Sedan 2012'],
      splitSource: 'dataset',
      splits: { train: 6, test: 3 },
      perClass: fx.perClass,
    });
    expect(report.notes).toContain('bounding boxes: 9');
    // class 1 → label 0; bbox (x1, y1, x2, y2) → [x1, y1, x2 - x1 + 1, y2 - y1 + 1]
    expect(sampleView(fx.root, samples)).toEqual(sampleView(fx.root, fx.samples.map((s) => ({ ...s, path: join(fx.root, s.path) }))));
    expect(samples.find((s) => s.path === join(fx.root, 'cars_train', '00002.jpg'))).toMatchObject({ label: 1, split: 'train', box: [2, 2, 5, 6] });
  });

  it('finds the test labels in devkit/ too, and reads uncompressed big-endian MAT-files', async () => {
    const dir = await tempDir();
    const fx = await makeCarsFixture(dir, { testLabels: 'devkit', mat: { compress: false, bigEndian: true } });
    const { report, samples } = await importDataset(fx.root);
    expect(report.splits).toEqual(fx.splits);
    expect(report.notes.join('\n')).toMatch(/devkit\/cars_test_annos_withlabels\.mat → test/);
    expect(sampleView(fx.root, samples)).toEqual(sampleView(fx.root, fx.samples.map((s) => ({ ...s, path: join(fx.root, s.path) }))));
  });

  it('imports train only and explains when the test labels are missing', async () => {
    const dir = await tempDir();
    const fx = await makeCarsFixture(dir, { testLabels: 'absent' });
    const { report } = await importDataset(fx.root);
    expect(report.splits).toEqual({ train: 6, test: 0 });
    expect(problemKeys(report.problems)).toEqual(['bad-annotation cars_test_annos_withlabels.mat']);
    expect(report.problems[0].message).toMatch(/test labels are missing.*cars_test_annos\.mat has no class labels.*Only the training images/);
    expect(report.notes.join('\n')).toMatch(/test set not imported/);
  });

  it('lists and skips every bad file, the bad record and the empty class, and changes nothing', async () => {
    const dir = await tempDir();
    const fx = await makeCarsFixture(dir, { broken: ['truncated', 'empty', 'not-an-image', 'missing', 'unreadable', 'duplicate', 'empty-class', 'bad-annotation'] });
    const { report, samples } = await importUnchanged(dir, fx.root);
    expect(problemKeys(report.problems)).toEqual(problemKeys(fx.problems));
    expect(report.classes).toEqual(fx.classes);
    expect(report.perClass).toEqual(fx.perClass);
    expect(samples).toHaveLength(fx.total);
  });

  it('turns a damaged annotations file into a problem, not a crash', async () => {
    const dir = await tempDir();
    const fx = await makeCarsFixture(dir);
    const annos = join(fx.root, 'devkit', 'cars_train_annos.mat');
    const bytes = await readFile(annos);
    await writeFile(annos, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const meta = join(fx.root, 'devkit', 'cars_meta.mat');
    await writeFile(meta, 'not a mat file at all');
    const { report } = await importDataset(fx.root);
    expect(report.format).toBe('cars');
    expect(report.splits).toEqual({ train: 0, test: 3 });
    const text = report.problems.map((p) => `${p.kind} ${p.path}: ${p.message}`).join('\n');
    expect(text).toMatch(/bad-annotation devkit\/cars_train_annos\.mat: damaged MATLAB file: .*truncated|damaged compressed/);
    expect(text).toMatch(/bad-annotation devkit\/cars_meta\.mat: damaged MATLAB file/);
    // Without names the classes are numbered by devkit id.
    expect(report.classes).toEqual(['class 1', 'class 2', 'class 3']);
  });

  it('reads the all-in-one variant (cars_annos.mat with car_ims/)', async () => {
    const dir = await tempDir();
    const records = [
      { relative_im_path: 'car_ims/000001.jpg', cls: 2, test: 0 },
      { relative_im_path: 'car_ims/000002.jpg', cls: 1, test: 1 },
      { relative_im_path: 'car_ims/000003.jpg', cls: 2, test: 1 },
    ];
    for (const r of records) await writeImage(join(dir, r.relative_im_path));
    const annotations = mat.structArray(
      records.map((r) => ({
        relative_im_path: mat.str(r.relative_im_path),
        bbox_x1: mat.double(1),
        bbox_y1: mat.double(1),
        bbox_x2: mat.double(4),
        bbox_y2: mat.double(5),
        class: mat.double(r.cls),
        test: mat.numeric('uint8', r.test),
      })),
    );
    await writeFile(join(dir, 'cars_annos.mat'), writeMatFile({ annotations, class_names: mat.cellOfStrings(['Audi A5 Coupe 2012', 'BMW M3 Coupe 2012']) }, { compress: true }));
    const { report, samples } = await importDataset(dir);
    expect(report.format).toBe('cars');
    expect(report.classes).toEqual(['Audi A5 Coupe 2012', 'BMW M3 Coupe 2012']);
    expect(report.perClass).toEqual([
      { train: 0, test: 1 },
      { train: 1, test: 1 },
    ]);
    expect(samples.find((s) => s.path.endsWith('000001.jpg'))).toMatchObject({ label: 1, split: 'train', box: [1, 1, 4, 5] });
  });
});
