// Folder-per-class fixtures: <dir>/dataset/<class>/<images>, or with split folders
// <dir>/dataset/{train,val,test}/<class>/<images> (folder names configurable, e.g. "valid").
// By default it also drops the clutter real folders carry (.DS_Store, Thumbs.db, a notes.txt,
// a macOS "._" resource fork named .jpg, a __MACOSX folder), which importers must ignore silently.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProblemKind, SplitName } from '../../../shared/datasets';
import { brokenFiles, classNamesOption, kindAt, plantBrokenFiles, sumSplits, type CommonFixtureOptions, type FixtureResult } from './common';
import { extensionOf, writeImage } from './images';

/** Not in natural order on purpose: a natural sort gives class2, class10, finch, sparrow. */
export const FOLDER_DEFAULT_CLASSES = ['sparrow', 'finch', 'class10', 'class2'];

export interface FolderFixtureOptions extends CommonFixtureOptions {
  classes?: number | string[];
  /** Images per class without split folders: one number, or one per class (default 5). */
  perClass?: number | number[];
  /**
   * Use split folders with this many images per class in each split, e.g. { train: 3, test: 1 };
   * `true` is short for train/ with `perClass` images per class and test/ with 1 per class.
   */
  splits?: true | Partial<Record<SplitName, number>>;
  /** Folder name of each split (default train / val / test). Broken kinds 'missing' and 'unreadable' do not apply here (nothing lists files). */
  splitFolderNames?: Partial<Record<SplitName, string>>;
  /** Add ignorable clutter files (default true). */
  clutter?: boolean;
  /** Folder made inside `dir` (default "dataset"); null writes into `dir` itself. */
  folderName?: string | null;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

async function addClutter(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, '.DS_Store'), Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]));
  await writeFile(join(folder, 'Thumbs.db'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
  await writeFile(join(folder, '._resource_fork.jpg'), Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]));
}

export async function makeFolderFixture(dir: string, options: FolderFixtureOptions = {}): Promise<FixtureResult> {
  const root = options.folderName === null ? dir : join(dir, options.folderName ?? 'dataset');
  const names = classNamesOption(options.classes, FOLDER_DEFAULT_CLASSES, (i) => `class${i + 1}`);
  const broken = options.broken ?? [];
  const clutter = options.clutter ?? true;
  const problems: Array<{ path: string; kind: ProblemKind }> = [];
  const splitNames: Record<SplitName, string> = { train: 'train', val: 'val', test: 'test', ...options.splitFolderNames };
  const counts = names.map((_, i) => (Array.isArray(options.perClass) ? options.perClass[i] : options.perClass ?? 5));
  // Images per split, one count per class.
  const splitCounts: Partial<Record<SplitName, number[]>> | undefined =
    options.splits === true
      ? { train: counts, test: names.map(() => 1) }
      : options.splits
        ? Object.fromEntries(Object.entries(options.splits).map(([split, per]) => [split, names.map(() => per ?? 0)]))
        : undefined;

  let n = 0;
  let firstGood = '';
  const write = async (folder: string, count: number) => {
    for (let k = 0; k < count; k++) {
      const kind = kindAt(options.imageKinds, n++);
      const path = join(folder, `img_${String(k + 1).padStart(3, '0')}.${extensionOf(kind)}`);
      await writeImage(path, kind);
      if (!firstGood) firstGood = path;
    }
  };
  /** Folder of a class (in the training split when there are splits), relative to root. */
  const classRel = (name: string) => (splitCounts ? `${splitNames.train}/${name}` : name);

  if (splitCounts) {
    for (const [split, per] of Object.entries(splitCounts) as Array<[SplitName, number[]]>) {
      for (let i = 0; i < names.length; i++) await write(join(root, splitNames[split], names[i]), per[i]);
    }
  } else {
    for (let i = 0; i < names.length; i++) await write(join(root, names[i]), counts[i]);
  }

  if (names.length > 0) {
    for (const { path, kind } of await plantBrokenFiles(join(root, classRel(names[0])), brokenFiles(broken).filter((k) => k !== 'missing' && k !== 'unreadable'), firstGood)) {
      problems.push({ path: `${classRel(names[0])}/${path.split(/[\\/]/).pop()}`, kind });
    }
  }
  const allNames = [...names];
  if (broken.includes('empty-class')) {
    const empty = 'zz_empty_class';
    allNames.push(empty);
    await mkdir(join(root, classRel(empty)), { recursive: true });
    if (clutter) await writeFile(join(root, classRel(empty), '.DS_Store'), 'x');
    problems.push({ path: classRel(empty), kind: 'empty-class' });
  }
  if (clutter) {
    await addClutter(root);
    if (names.length > 0) await addClutter(join(root, classRel(names[0])));
    await writeFile(join(root, 'notes.txt'), 'collected for testing\n');
    await writeFile(join(root, classRel(names[0] ?? 'x'), 'labels.csv'), 'file,label\n');
    await writeImage(join(root, '__MACOSX', classRel(names[0] ?? 'x'), 'img_001.jpg'));
  }

  const classes = [...allNames].sort(collator.compare);
  const indexOf = (name: string) => names.indexOf(name);
  const result: FixtureResult = {
    format: 'folder',
    root,
    classes,
    totalPerClass: [],
    total: 0,
    problems,
  };
  if (splitCounts) {
    const perClass = classes.map((name) => {
      const i = indexOf(name);
      return Object.fromEntries(Object.entries(splitCounts).map(([s, per]) => [s, i >= 0 ? per[i] : 0])) as Partial<Record<SplitName, number>>;
    });
    result.perClass = perClass;
    result.splits = sumSplits(perClass);
    result.totalPerClass = perClass.map((p) => Object.values(p).reduce((a, b) => a + (b ?? 0), 0));
  } else {
    result.totalPerClass = classes.map((name) => (indexOf(name) >= 0 ? counts[indexOf(name)] : 0));
  }
  result.total = result.totalPerClass.reduce((a, b) => a + b, 0);
  return result;
}
