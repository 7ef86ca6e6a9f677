// Folder-per-class datasets: root/<class>/<images>, or root/{train,val,test}/<class>/<images>
// (also the common Stanford Cars re-packs such as car_data/{train,test}/<class>/). Classes are the
// folder names in natural, locale-independent order; images are found recursively inside a class.
import { basename, dirname, join } from 'node:path';
import type { SplitName } from '../../../../shared/datasets';
import { hasDirectImages, isImageName, listDir, relPath, walkImages } from '../fs-scan';
import { naturalSort } from '../natural-sort';
import type { Candidate, Listing } from '../types';

/** Top-level folder names (case-insensitive) that mean a split rather than a class. */
export const SPLIT_FOLDER_ALIASES: Readonly<Record<string, SplitName>> = {
  train: 'train',
  training: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  test: 'test',
  testing: 'test',
};

interface SplitFolder {
  name: string;
  split: SplitName;
}

/**
 * Split folders at the top of `dir`. A folder named like a split that holds images itself is a
 * class (a vehicle dataset may well have a class "train"), not a split.
 */
async function splitFolders(dir: string): Promise<SplitFolder[]> {
  const { dirs } = await listDir(dir);
  const out: SplitFolder[] = [];
  for (const name of dirs) {
    const split = SPLIT_FOLDER_ALIASES[name.toLowerCase()];
    if (!split) continue;
    const inside = await listDir(join(dir, name));
    if (inside.dirs.length > 0 && !inside.files.some(isImageName)) out.push({ name, split });
  }
  return out;
}

/** Counts sub-folders and those that directly hold image files. */
async function classFolderStats(dir: string): Promise<{ folders: number; withImages: number }> {
  const { dirs } = await listDir(dir);
  let withImages = 0;
  for (const name of dirs) if (await hasDirectImages(join(dir, name))) withImages++;
  return { folders: dirs.length, withImages };
}

/**
 * Whether `dir` looks like a folder-per-class root: with split folders, one of them holds a class
 * folder with images; without, at least half of its sub-folders hold images directly (so the
 * parent of a dataset, whose only child holds class folders and no images, is not taken for one).
 */
export async function isFolderDataset(dir: string): Promise<boolean> {
  const splits = await splitFolders(dir);
  if (splits.length > 0) {
    for (const s of splits) if ((await classFolderStats(join(dir, s.name))).withImages > 0) return true;
    return false;
  }
  const { folders, withImages } = await classFolderStats(dir);
  return withImages > 0 && withImages * 2 >= folders;
}

const CARS_REPACK_HINT = /(^|[^a-z])(car_data|cars?[_ -]?(dataset|data|196)|stanford[_ -]?cars?)([^a-z]|$)/i;

export async function readFolderDataset(root: string): Promise<Listing> {
  const notes: string[] = [];
  const candidates: Candidate[] = [];
  const splits = await splitFolders(root);
  const top = await listDir(root);
  const looseImages = (files: string[]) => files.filter(isImageName).length;
  // class name -> (first) folder, relative to the root
  const classFolder = new Map<string, string>();
  const images: Array<{ path: string; className: string; split?: SplitName }> = [];

  if (splits.length > 0) {
    const splitNames = new Set(splits.map((s) => s.name));
    const others = top.dirs.filter((d) => !splitNames.has(d));
    if (others.length > 0) notes.push(`ignored folders beside the split folders: ${others.join(', ')}`);
    let loose = looseImages(top.files);
    for (const { name, split } of splits) {
      const splitDir = join(root, name);
      const { dirs, files } = await listDir(splitDir);
      loose += looseImages(files);
      for (const className of dirs) {
        const folder = join(splitDir, className);
        if (!classFolder.has(className)) classFolder.set(className, relPath(root, folder));
        for (const path of await walkImages(folder)) images.push({ path, className, split });
      }
    }
    if (loose > 0) notes.push(`${loose} image(s) outside class folders ignored`);
    const present = new Set(splits.map((s) => s.split));
    notes.push(`split: from folders ${splits.map((s) => `${s.name}/`).join(', ')}`);
    if (!present.has('test')) {
      // A dataset without test images cannot be evaluated: generate the test split from train.
      for (const image of images) if (image.split === 'train') image.split = undefined;
      notes.push('no test folder: test images are drawn from the training folder');
    }
  } else {
    const loose = looseImages(top.files);
    if (loose > 0) notes.push(`${loose} image(s) outside class folders ignored`);
    for (const className of top.dirs) {
      const folder = join(root, className);
      classFolder.set(className, className);
      for (const path of await walkImages(folder)) images.push({ path, className });
    }
  }

  const classes = naturalSort([...classFolder.keys()]);
  const labelOf = new Map(classes.map((name, i) => [name, i]));
  for (const image of images) {
    const candidate: Candidate = { path: image.path, label: labelOf.get(image.className) as number };
    if (image.split) candidate.split = image.split;
    candidates.push(candidate);
  }
  notes.unshift('classes: folder names in natural order');

  if ([basename(root), basename(dirname(root))].some((name) => CARS_REPACK_HINT.test(name)) || (classes.length === 196 && classes.includes('AM General Hummer SUV 2000'))) {
    notes.push('looks like a Stanford Cars re-pack (folder-per-class): read as folder-per-class; class order is the sorted folder names, not the devkit ids');
  }

  return {
    format: 'folder',
    formatLabel: 'Folder per class',
    root,
    classes,
    classPaths: classes.map((name) => classFolder.get(name) ?? name),
    candidates,
    problems: [],
    notes,
  };
}
