import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../../main/services/datasets';
import { makeCubFixture, problemKeys } from '../../helpers/dataset-fixtures';
import { expectCleanReport, importUnchanged, useTempDirs } from './helpers';

const tempDir = useTempDirs();

async function editLines(path: string, edit: (lines: string[]) => string[]) {
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
  await writeFile(path, `${edit(lines).join('\n')}\n`);
}

describe('CUB-200-2011 importer', () => {
  it('reads classes in classes.txt id order, the official split and the boxes', async () => {
    const dir = await tempDir();
    // Not alphabetical: the order must come from the class ids.
    const fx = await makeCubFixture(dir, { classes: ['001.Zebra_Finch', '002.Albatross', '003.Mallard'], trainPerClass: 3, testPerClass: 2 });
    const { report, samples } = await importDataset(dir);
    expectCleanReport(report, {
      format: 'cub',
      formatLabel: 'CUB-200-2011',
      root: fx.root,
      classes: ['001.Zebra_Finch', '002.Albatross', '003.Mallard'],
      splitSource: 'dataset',
      splits: { train: 9, test: 6 },
      perClass: fx.perClass,
    });
    expect(report.notes).toContain('bounding boxes: 15');
    expect(samples).toHaveLength(15);
    // Labels follow the folder the image sits in; boxes come from bounding_boxes.txt (id 1: "2.0 2.0 5.0 4.1").
    for (const s of samples) expect(relative(join(fx.root, 'images'), s.path).split(/[\\/]/)[0]).toBe(report.classes[s.label]);
    const first = samples.find((s) => s.path.endsWith('Zebra_Finch_0001.jpg'));
    expect(first).toMatchObject({ label: 0, split: 'train', box: [2, 2, 5, 4.1] });
    expect(samples.find((s) => s.path.endsWith('Mallard_0005.jpg'))).toMatchObject({ label: 2, split: 'test' });
  });

  it('lists and skips every bad file, the empty class and the malformed line, and changes nothing', async () => {
    const dir = await tempDir();
    const fx = await makeCubFixture(dir, { broken: ['truncated', 'empty', 'not-an-image', 'missing', 'unreadable', 'duplicate', 'empty-class', 'bad-annotation'] });
    const { report, samples } = await importUnchanged(dir, fx.root);
    expect(problemKeys(report.problems)).toEqual(problemKeys(fx.problems));
    expect(report.classes).toEqual(fx.classes);
    expect(report.splits).toEqual(fx.splits);
    expect(report.perClass).toEqual(fx.perClass);
    expect(samples).toHaveLength(fx.total);
  });

  it('skips images whose id is missing from a file, and reports malformed values', async () => {
    const dir = await tempDir();
    const fx = await makeCubFixture(dir, { trainPerClass: 2, testPerClass: 1 });
    await editLines(join(fx.root, 'train_test_split.txt'), (lines) => lines.filter((l) => !l.startsWith('2 ')));
    await editLines(join(fx.root, 'image_class_labels.txt'), (lines) => lines.map((l) => (l.startsWith('4 ') ? '4 abc' : l)));
    await editLines(join(fx.root, 'bounding_boxes.txt'), (lines) => lines.map((l) => (l.startsWith('5 ') ? '5 1 2 3' : l)));
    await editLines(join(fx.root, 'images.txt'), (lines) => [...lines, '77 ../../etc/passwd']);
    const { report, samples } = await importDataset(fx.root);
    const messages = report.problems.map((p) => `${p.kind} ${p.path}: ${p.message}`).join('\n');
    expect(messages).toMatch(/bad-annotation train_test_split\.txt: image 2 .* is not in train_test_split\.txt; skipped/);
    expect(messages).toMatch(/bad-annotation image_class_labels\.txt: line 4: class id should be a whole number/);
    expect(messages).toMatch(/bad-annotation image_class_labels\.txt: image 4 .* has no class label; skipped/);
    expect(messages).toMatch(/bad-annotation bounding_boxes\.txt: line 5: expected "<x> <y> <width> <height>"/);
    expect(messages).toMatch(/bad-annotation images\.txt: line 10: image path "\.\.\/\.\.\/etc\/passwd" leaves the images folder/);
    expect(report.problems.every((p) => p.kind === 'bad-annotation')).toBe(true);
    // Images 2 and 4 are skipped; image 5 stays, without a box.
    expect(samples).toHaveLength(fx.total - 2);
    expect(samples.filter((s) => !s.box)).toHaveLength(1);
  });

  it('falls back to a seeded split when train_test_split.txt is missing, and works without boxes', async () => {
    const dir = await tempDir();
    const fx = await makeCubFixture(dir, { trainPerClass: 4, testPerClass: 1, boxes: false });
    await rm(join(fx.root, 'train_test_split.txt'));
    const { report, samples } = await importDataset(fx.root, { seed: 5 });
    expect(report.splitSource).toBe('generated');
    expect(report.splits).toEqual({ train: 12, test: 3 });
    expect(problemKeys(report.problems)).toEqual(['bad-annotation train_test_split.txt']);
    expect(report.notes).toContain('bounding boxes: none (bounding_boxes.txt absent)');
    expect(samples.every((s) => s.box === undefined)).toBe(true);
  });
});
