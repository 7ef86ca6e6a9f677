// FGVC-Aircraft 2013b fixture, laid out like the official tarball:
//   <dir>/fgvc-aircraft-2013b/data/{variants.txt, families.txt, manufacturers.txt,
//   images_{variant,family,manufacturer}_{train,val,trainval,test}.txt, images_box.txt,
//   images/<7-digit id>.jpg} plus README.md at the top. Names contain spaces and slashes
//   ("Cessna 172", "F/A-18"); images are 28 px high so the 20 px banner crop leaves pixels.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProblemKind, SplitName } from '../../../shared/datasets';
import { brokenFiles, kindAt, sumSplits, type CommonFixtureOptions, type FixtureResult } from './common';
import { writeBrokenFile, writeImage } from './images';

export type AircraftLevelName = 'variant' | 'family' | 'manufacturer';

export interface AircraftType {
  variant: string;
  family: string;
  manufacturer: string;
}

/** Deliberately not in sorted order, so tests can tell the file's order from a sort. */
export const AIRCRAFT_DEFAULT_TYPES: AircraftType[] = [
  { variant: 'Cessna 172', family: 'Cessna 172', manufacturer: 'Cessna' },
  { variant: '707-320', family: 'Boeing 707', manufacturer: 'Boeing' },
  { variant: 'F/A-18', family: 'F/A-18', manufacturer: 'McDonnell Douglas' },
  { variant: 'A321', family: 'A320', manufacturer: 'Airbus' },
  { variant: 'A320', family: 'A320', manufacturer: 'Airbus' },
];

export interface AircraftFixtureOptions extends CommonFixtureOptions {
  types?: AircraftType[];
  trainvalPerClass?: number;
  testPerClass?: number;
  /** Write data/images_box.txt (default true). */
  boxes?: boolean;
  /** Folder made inside `dir` (default "fgvc-aircraft-2013b"); null writes into `dir` itself. */
  folderName?: string | null;
}

export interface AircraftLevelExpectation {
  classes: string[];
  splits: Partial<Record<SplitName, number>>;
  perClass: Array<Partial<Record<SplitName, number>>>;
  problems: Array<{ path: string; kind: ProblemKind }>;
}

export interface AircraftFixtureResult extends FixtureResult {
  /** Expectations for each label level (the top-level fields are the variant level). */
  levels: Record<AircraftLevelName, AircraftLevelExpectation>;
}

const LIST_FILE: Record<AircraftLevelName, string> = { variant: 'variants.txt', family: 'families.txt', manufacturer: 'manufacturers.txt' };
const LEVELS: AircraftLevelName[] = ['variant', 'family', 'manufacturer'];

export async function makeAircraftFixture(dir: string, options: AircraftFixtureOptions = {}): Promise<AircraftFixtureResult> {
  const root = options.folderName === null ? dir : join(dir, options.folderName ?? 'fgvc-aircraft-2013b');
  const data = join(root, 'data');
  const types = [...(options.types ?? AIRCRAFT_DEFAULT_TYPES)];
  const trainvalPer = options.trainvalPerClass ?? 2;
  const testPer = options.testPerClass ?? 1;
  const broken = options.broken ?? [];
  if (broken.includes('empty-class')) types.push({ variant: 'Tu-154 M/B', family: 'Tu-154', manufacturer: 'Tupolev' });

  // Per level: class list in first-appearance order.
  const unique = (level: AircraftLevelName) => [...new Set(types.map((t) => t[level]))];
  const lists: Record<AircraftLevelName, string[]> = { variant: unique('variant'), family: unique('family'), manufacturer: unique('manufacturer') };

  const entries: Array<{ id: string; type: AircraftType; split: 'trainval' | 'test'; sub?: 'train' | 'val' }> = [];
  let next = 34309;
  const newId = () => String(next++).padStart(7, '0');
  const goodTypes = broken.includes('empty-class') ? types.slice(0, -1) : types;
  let n = 0;
  let firstGood = '';
  for (const type of goodTypes) {
    for (let k = 0; k < trainvalPer + testPer; k++) {
      const id = newId();
      const path = join(data, 'images', `${id}.jpg`);
      // Aircraft images are JPEG; only the pixel layout varies.
      const kind = kindAt(options.imageKinds, n++);
      await writeImage(path, kind.endsWith('jpeg') ? kind : 'jpeg', { width: 8, height: 28 });
      if (!firstGood) firstGood = path;
      entries.push({ id, type, split: k < trainvalPer ? 'trainval' : 'test', sub: k < trainvalPer ? (k % 2 === 0 ? 'train' : 'val') : undefined });
    }
  }
  const fileProblems: Array<{ path: string; kind: ProblemKind }> = [];
  for (const kind of brokenFiles(broken)) {
    const id = newId();
    const path = join(data, 'images', `${id}.jpg`);
    await writeBrokenFile(path, kind, firstGood);
    entries.push({ id, type: goodTypes[0], split: 'trainval', sub: 'train' });
    fileProblems.push({ path: `data/images/${id}.jpg`, kind });
  }

  await mkdir(data, { recursive: true });
  const text = (rows: string[]) => `${rows.join('\n')}\n`;
  for (const level of LEVELS) {
    await writeFile(join(data, LIST_FILE[level]), text(lists[level]));
    for (const split of ['trainval', 'test', 'train', 'val'] as const) {
      const rows = entries.filter((e) => e.split === split || e.sub === split).map((e) => `${e.id} ${e.type[level]}`);
      if (split === 'trainval' && broken.includes('bad-annotation')) rows.push('0999999');
      await writeFile(join(data, `images_${level}_${split}.txt`), text(rows));
    }
  }
  for (const split of ['trainval', 'test', 'train', 'val'] as const) {
    await writeFile(join(data, `images_${split}.txt`), text(entries.filter((e) => e.split === split || e.sub === split).map((e) => e.id)));
  }
  const withBoxes = options.boxes ?? true;
  if (withBoxes) await writeFile(join(data, 'images_box.txt'), text(entries.map((e, i) => `${e.id} ${1 + (i % 3)} 2 6 20`)));
  await writeFile(join(root, 'README.md'), 'FGVC-Aircraft fixture\n');

  const levels = {} as Record<AircraftLevelName, AircraftLevelExpectation>;
  for (const level of LEVELS) {
    const classes = lists[level];
    const perClass = classes.map((name) => {
      const count = goodTypes.filter((t) => t[level] === name).length;
      return { train: count * trainvalPer, test: count * testPer };
    });
    const problems = [...fileProblems];
    if (broken.includes('empty-class')) problems.push({ path: `data/${LIST_FILE[level]}`, kind: 'empty-class' });
    if (broken.includes('bad-annotation')) problems.push({ path: `data/images_${level}_trainval.txt`, kind: 'bad-annotation' });
    levels[level] = { classes, splits: sumSplits(perClass), perClass, problems };
  }
  const v = levels.variant;
  const totalPerClass = v.perClass.map((p) => (p.train ?? 0) + (p.test ?? 0));
  const total = totalPerClass.reduce((a, b) => a + b, 0);
  return { format: 'aircraft', root, classes: v.classes, splits: v.splits, perClass: v.perClass, totalPerClass, total, problems: v.problems, boxes: withBoxes ? total : 0, levels };
}
