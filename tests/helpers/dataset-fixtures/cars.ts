// Stanford Cars fixtures. The devkit layout, as the official downloads unpack:
//   <dir>/stanford_cars/devkit/{cars_meta.mat, cars_train_annos.mat, cars_test_annos.mat, README.txt},
//   cars_test_annos_withlabels.mat (at the root or in devkit/), cars_train/NNNNN.jpg, cars_test/NNNNN.jpg;
// the .mat files are MATLAB 5 (compressed by default, as MATLAB saves them) with class ids 1-based.
// And the common folder-per-class re-pack: <dir>/car_data/car_data/{train,test}/<class name>/*.jpg.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProblemKind, SplitName } from '../../../shared/datasets';
import { brokenFiles, classNamesOption, kindAt, sumSplits, type CommonFixtureOptions, type FixtureResult } from './common';
import { writeBrokenFile, writeImage } from './images';
import { mat, writeMatFile, type MatWriteValue, type MatWriteOptions } from './matfile-writer';

export const CARS_DEFAULT_CLASSES = ['AM General Hummer SUV 2000', 'Acura RL Sedan 2012', 'Acura TL Sedan 2012'];

export interface CarsFixtureOptions extends CommonFixtureOptions {
  classes?: number | string[];
  trainPerClass?: number;
  testPerClass?: number;
  /** Where cars_test_annos_withlabels.mat goes (default 'root'); 'absent' leaves it out. */
  testLabels?: 'root' | 'devkit' | 'absent';
  /** MAT-file writing options (default: compressed, little-endian). */
  mat?: MatWriteOptions;
  /** Folder made inside `dir` (default "stanford_cars"); null writes into `dir` itself. */
  folderName?: string | null;
}

export interface CarsBoxExpectation {
  /** Image path relative to the root. */
  path: string;
  label: number;
  box: [number, number, number, number];
}

export interface CarsFixtureResult extends FixtureResult {
  /** Label and converted box of every good image. */
  samples: CarsBoxExpectation[];
}

interface Record6 {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  classId: number;
  fname: string;
}

function annotationStruct(records: Record6[], withClass: boolean): MatWriteValue {
  // Field order and storage types as in the devkit (small integers; bbox_x2 needs 16 bits there).
  return mat.structArray(
    records.map((r) => {
      const el: Record<string, MatWriteValue> = {
        bbox_x1: mat.numeric('uint8', r.x1),
        bbox_y1: mat.numeric('uint8', r.y1),
        bbox_x2: mat.numeric('uint16', r.x2),
        bbox_y2: mat.numeric('double', r.y2, { storedAs: 'uint8' }),
      };
      if (withClass) el.class = mat.numeric('uint8', r.classId);
      el.fname = mat.str(r.fname);
      return el;
    }),
  );
}

export async function makeCarsFixture(dir: string, options: CarsFixtureOptions = {}): Promise<CarsFixtureResult> {
  const root = options.folderName === null ? dir : join(dir, options.folderName ?? 'stanford_cars');
  const classes = classNamesOption(options.classes, CARS_DEFAULT_CLASSES, (i) => `Car Model ${i + 1} Sedan 2012`);
  const trainPer = options.trainPerClass ?? 2;
  const testPer = options.testPerClass ?? 1;
  const testLabels = options.testLabels ?? 'root';
  const matOptions: MatWriteOptions = { compress: true, ...options.mat };
  const broken = options.broken ?? [];
  const problems: Array<{ path: string; kind: ProblemKind }> = [];
  const samples: CarsBoxExpectation[] = [];

  const train: Record6[] = [];
  const test: Record6[] = [];
  let n = 0;
  // Interleave classes as the devkit does, so file order says nothing about the class.
  for (const [split, per, list, folder] of [['train', trainPer, train, 'cars_train'], ['test', testPer, test, 'cars_test']] as const) {
    for (let k = 0; k < per; k++) {
      for (let c = 0; c < classes.length; c++) {
        const fname = `${String(list.length + 1).padStart(5, '0')}.jpg`;
        const r: Record6 = { x1: 1 + (list.length % 3), y1: 2, x2: 6, y2: 7, classId: c + 1, fname };
        list.push(r);
        const kind = kindAt(options.imageKinds, n++);
        await writeImage(join(root, folder, fname), kind.endsWith('jpeg') ? kind : 'jpeg');
        if (split === 'test' && testLabels === 'absent') continue;
        samples.push({ path: `${folder}/${fname}`, label: c, box: [r.x1, r.y1, r.x2 - r.x1 + 1, r.y2 - r.y1 + 1] });
      }
    }
  }
  const perClass: Array<Partial<Record<SplitName, number>>> = classes.map(() => ({ train: trainPer, test: testLabels === 'absent' ? 0 : testPer }));

  const firstGood = join(root, 'cars_train', train[0]?.fname ?? '00001.jpg');
  for (const kind of brokenFiles(broken)) {
    const fname = `${String(train.length + 1).padStart(5, '0')}.jpg`;
    train.push({ x1: 1, y1: 1, x2: 5, y2: 5, classId: 1, fname });
    await writeBrokenFile(join(root, 'cars_train', fname), kind, firstGood);
    problems.push({ path: `cars_train/${fname}`, kind });
  }
  if (broken.includes('bad-annotation')) {
    train.push({ x1: 1, y1: 1, x2: 5, y2: 5, classId: 0, fname: `${String(train.length + 1).padStart(5, '0')}.jpg` });
    problems.push({ path: 'devkit/cars_train_annos.mat', kind: 'bad-annotation' });
  }
  const allClasses = [...classes];
  if (broken.includes('empty-class')) {
    allClasses.push('Zzz Empty Class 2099');
    perClass.push({ train: 0, test: 0 });
    problems.push({ path: 'devkit/cars_meta.mat', kind: 'empty-class' });
  }
  if (testLabels === 'absent') problems.push({ path: 'cars_test_annos_withlabels.mat', kind: 'bad-annotation' });

  const devkit = join(root, 'devkit');
  await mkdir(devkit, { recursive: true });
  await writeFile(join(devkit, 'cars_meta.mat'), writeMatFile({ class_names: mat.cellOfStrings(allClasses) }, matOptions));
  await writeFile(join(devkit, 'cars_train_annos.mat'), writeMatFile({ annotations: annotationStruct(train, true) }, matOptions));
  await writeFile(join(devkit, 'cars_test_annos.mat'), writeMatFile({ annotations: annotationStruct(test, false) }, matOptions));
  await writeFile(join(devkit, 'README.txt'), 'Stanford Cars devkit fixture\n');
  if (testLabels !== 'absent') {
    await writeFile(join(testLabels === 'root' ? root : devkit, 'cars_test_annos_withlabels.mat'), writeMatFile({ annotations: annotationStruct(test, true) }, matOptions));
  }

  const totalPerClass = perClass.map((p) => (p.train ?? 0) + (p.test ?? 0));
  const total = totalPerClass.reduce((a, b) => a + b, 0);
  return { format: 'cars', root, classes: allClasses, splits: sumSplits(perClass), perClass, totalPerClass, total, problems, boxes: total, samples };
}

export interface CarsRepackFixtureOptions extends CommonFixtureOptions {
  classes?: number | string[];
  trainPerClass?: number;
  testPerClass?: number;
}

/**
 * The popular folder-per-class re-pack: <dir>/car_data/car_data/{train,test}/<class>/*.jpg plus
 * names.csv, anno_train.csv, anno_test.csv beside the inner folder. Imported as folder-per-class
 * (root = <dir>/car_data/car_data), classes in natural order of the folder names.
 */
export async function makeCarsRepackFixture(dir: string, options: CarsRepackFixtureOptions = {}): Promise<FixtureResult> {
  const outer = join(dir, 'car_data');
  const root = join(outer, 'car_data');
  const names = classNamesOption(options.classes, CARS_DEFAULT_CLASSES, (i) => `Car Model ${i + 1} Sedan 2012`);
  const trainPer = options.trainPerClass ?? 2;
  const testPer = options.testPerClass ?? 1;
  let n = 0;
  for (const name of names) {
    for (const [split, per] of [['train', trainPer], ['test', testPer]] as const) {
      for (let k = 0; k < per; k++) await writeImage(join(root, split, name, `${String(++n).padStart(5, '0')}.jpg`), kindAt(options.imageKinds, n));
    }
  }
  await writeFile(join(outer, 'names.csv'), `${names.join('\n')}\n`);
  await writeFile(join(outer, 'anno_train.csv'), '00001.jpg,1,1,5,5,1\n');
  await writeFile(join(outer, 'anno_test.csv'), '00001.jpg,1,1,5,5,1\n');
  const classes = [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const perClass = classes.map(() => ({ train: trainPer, test: testPer }));
  return {
    format: 'folder',
    root,
    classes,
    splits: sumSplits(perClass),
    perClass,
    totalPerClass: perClass.map((p) => p.train + p.test),
    total: names.length * (trainPer + testPer),
    problems: [],
  };
}
