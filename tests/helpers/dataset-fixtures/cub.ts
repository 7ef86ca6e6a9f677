// CUB-200-2011 fixture, file by file as the official tarball has it:
//   <dir>/CUB_200_2011/{images.txt, image_class_labels.txt, train_test_split.txt, classes.txt,
//   bounding_boxes.txt, images/NNN.Class_Name/Class_Name_K.jpg} and <dir>/attributes.txt beside it.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProblemKind } from '../../../shared/datasets';
import { brokenFiles, classNamesOption, kindAt, plantBrokenFiles, sumSplits, type CommonFixtureOptions, type FixtureResult } from './common';
import { extensionOf, writeImage } from './images';

export interface CubFixtureOptions extends CommonFixtureOptions {
  /** Class count or names ("001.Black_footed_Albatross" style); default 3 real CUB names. */
  classes?: number | string[];
  trainPerClass?: number;
  testPerClass?: number;
  /** Write bounding_boxes.txt (default true). */
  boxes?: boolean;
  /** Folder made inside `dir` (default "CUB_200_2011"); null writes the dataset into `dir` itself. */
  folderName?: string | null;
}

export const CUB_DEFAULT_CLASSES = ['001.Black_footed_Albatross', '002.Laysan_Albatross', '003.Sooty_Albatross'];

/** Writes a tiny CUB-200-2011 into `dir` and returns what an import must find. */
export async function makeCubFixture(dir: string, options: CubFixtureOptions = {}): Promise<FixtureResult> {
  const root = options.folderName === null ? dir : join(dir, options.folderName ?? 'CUB_200_2011');
  const classes = classNamesOption(options.classes, CUB_DEFAULT_CLASSES, (i) => `${String(i + 1).padStart(3, '0')}.Bird_${i + 1}`);
  const trainPer = options.trainPerClass ?? 2;
  const testPer = options.testPerClass ?? 1;
  const withBoxes = options.boxes ?? true;
  const broken = options.broken ?? [];
  const problems: Array<{ path: string; kind: ProblemKind }> = [];

  const images: string[] = [];
  const labels: string[] = [];
  const splits: string[] = [];
  const boxes: string[] = [];
  let id = 0;
  let n = 0;
  const list = (rel: string, classId: number, isTrain: boolean) => {
    id++;
    images.push(`${id} ${rel}`);
    labels.push(`${id} ${classId}`);
    splits.push(`${id} ${isTrain ? 1 : 0}`);
    boxes.push(`${id} ${(id % 7) + 1}.0 2.0 5.0 4.${id % 10}`);
  };

  let firstGood = '';
  for (let c = 0; c < classes.length; c++) {
    const short = classes[c].replace(/^\d+\./, '');
    for (let k = 0; k < trainPer + testPer; k++) {
      const kind = kindAt(options.imageKinds, n++);
      const rel = `${classes[c]}/${short}_${String(k + 1).padStart(4, '0')}.${extensionOf(kind)}`;
      await writeImage(join(root, 'images', rel), kind);
      if (!firstGood) firstGood = join(root, 'images', rel);
      list(rel, c + 1, k < trainPer);
    }
  }
  const perClass = classes.map(() => ({ train: trainPer, test: testPer }));

  // Bad files go into the first class, listed as training images.
  if (classes.length > 0) {
    for (const { path, kind } of await plantBrokenFiles(join(root, 'images', classes[0]), brokenFiles(broken), firstGood)) {
      const rel = `${classes[0]}/${path.split(/[\\/]/).pop()}`;
      list(rel, 1, true);
      problems.push({ path: `images/${rel}`, kind });
    }
  }
  const allClasses = [...classes];
  if (broken.includes('empty-class')) {
    const name = `${String(allClasses.length + 1).padStart(3, '0')}.Empty_Class`;
    allClasses.push(name);
    perClass.push({ train: 0, test: 0 });
    problems.push({ path: `images/${name}`, kind: 'empty-class' });
  }
  if (broken.includes('bad-annotation')) {
    labels.push('this line is not an annotation');
    problems.push({ path: 'image_class_labels.txt', kind: 'bad-annotation' });
  }

  await mkdir(root, { recursive: true });
  const lines = (rows: string[]) => `${rows.join('\n')}\n`;
  await writeFile(join(root, 'classes.txt'), lines(allClasses.map((name, i) => `${i + 1} ${name}`)));
  await writeFile(join(root, 'images.txt'), lines(images));
  await writeFile(join(root, 'image_class_labels.txt'), lines(labels));
  await writeFile(join(root, 'train_test_split.txt'), lines(splits));
  if (withBoxes) await writeFile(join(root, 'bounding_boxes.txt'), lines(boxes));
  if (root !== dir) await writeFile(join(dir, 'attributes.txt'), '1 has_bill_shape::curved_(up_or_down)\n');

  const totalPerClass = perClass.map((p) => p.train + p.test);
  const total = totalPerClass.reduce((a, b) => a + b, 0);
  return {
    format: 'cub',
    root,
    classes: allClasses,
    splits: sumSplits(perClass),
    perClass,
    totalPerClass,
    total,
    problems,
    boxes: withBoxes ? total : 0,
  };
}
