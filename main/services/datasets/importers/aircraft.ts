// FGVC-Aircraft 2013b: data/images_<level>_{trainval,test}.txt "<imageid> <name>" (names contain
// spaces and slashes: "Cessna 172", "F/A-18"), the class order in data/variants.txt,
// data/families.txt, data/manufacturers.txt, images in data/images/<imageid>.jpg. The standard
// protocol trains on trainval, tests on test, and crops the 20 px copyright banner at the bottom.
import { join } from 'node:path';
import type { DatasetProblem, SplitName } from '../../../../shared/datasets';
import { LineError, readIdTable, readTextLines } from '../annotations';
import { isDirectory, isFile, listDir, relPath } from '../fs-scan';
import { naturalSort } from '../natural-sort';
import type { Candidate, Listing } from '../types';

export type AircraftLevel = 'variant' | 'family' | 'manufacturer';

/** Height of the copyright banner at the bottom of every FGVC-Aircraft image. */
export const AIRCRAFT_BANNER_PX = 20;

const CLASS_LIST: Record<AircraftLevel, string> = {
  variant: 'variants.txt',
  family: 'families.txt',
  manufacturer: 'manufacturers.txt',
};

const LIST_FILE = /^images_(variant|family|manufacturer)_(trainval|test)\.txt$/;

/** The folder holding the annotation files: <dir>/data (the 2013b layout) or <dir> itself (data/ was given). */
export async function findAircraftDataDir(dir: string): Promise<string | null> {
  for (const candidate of [join(dir, 'data'), dir]) {
    if (!(await isDirectory(join(candidate, 'images')))) continue;
    const { files } = await listDir(candidate);
    if (files.some((f) => LIST_FILE.test(f)) && files.some((f) => Object.values(CLASS_LIST).includes(f))) return candidate;
  }
  return null;
}

export async function isAircraftDataset(dir: string): Promise<boolean> {
  return (await findAircraftDataDir(dir)) !== null;
}

/** Image ids are digit strings whose leading zeros belong to the file name ("0034309.jpg"). */
const imageId = (id: string) => (/^[A-Za-z0-9_-]+$/.test(id) ? id : null);

function boxLine(rest: string): [number, number, number, number] | LineError {
  const v = rest.split(/\s+/).map(Number);
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x))) return new LineError(`expected "<xmin> <ymin> <xmax> <ymax>", found "${rest}"`);
  const [x1, y1, x2, y2] = v;
  if (x2 < x1 || y2 < y1) return new LineError(`box has no area ("${rest}")`);
  // Inclusive pixel corners, as in the Cars devkit: width = xmax - xmin + 1.
  return [x1, y1, x2 - x1 + 1, y2 - y1 + 1];
}

export async function readAircraftDataset(root: string, dataDir: string, level: AircraftLevel = 'variant'): Promise<Listing> {
  const problems: DatasetProblem[] = [];
  const notes: string[] = [];
  const prefix = relPath(root, dataDir);
  const rel = (file: string) => (prefix ? `${prefix}/${file}` : file);

  // Class order: the level's list file, one name per line.
  const listFile = CLASS_LIST[level];
  const listLines = await readTextLines(join(dataDir, listFile));
  let classes: string[] = [];
  if (listLines) {
    const seen = new Set<string>();
    for (const line of listLines) {
      const name = line.text.trim();
      if (seen.has(name)) {
        problems.push({ path: rel(listFile), kind: 'bad-annotation', message: `line ${line.number}: "${name}" appears more than once` });
        continue;
      }
      seen.add(name);
      classes.push(name);
    }
  }

  const splitFiles: Array<[string, SplitName]> = [
    [`images_${level}_trainval.txt`, 'train'],
    [`images_${level}_test.txt`, 'test'],
  ];
  // Names are checked against the class list afterwards, so that a missing list can be rebuilt from them.
  const tables: Array<{ file: string; split: SplitName; values: Map<string, string> }> = [];
  for (const [file, split] of splitFiles) {
    const table = await readIdTable(root, rel(file), problems, (rest) => rest, imageId);
    if (!table.found) {
      problems.push({ path: rel(file), kind: 'bad-annotation', message: `${rel(file)} is missing or unreadable; no ${split} images` });
      continue;
    }
    tables.push({ file: rel(file), split, values: table.values });
  }
  if (!listLines) {
    const names = new Set<string>();
    for (const t of tables) for (const name of t.values.values()) names.add(name);
    classes = naturalSort([...names]);
    problems.push({ path: rel(listFile), kind: 'bad-annotation', message: `${rel(listFile)} is missing or unreadable; classes are the names found in the image lists, in sorted order` });
  }
  const labelOf = new Map(classes.map((name, i) => [name, i]));

  const boxFile = 'images_box.txt';
  const hasBoxes = await isFile(join(dataDir, boxFile));
  const boxes = hasBoxes ? (await readIdTable(root, rel(boxFile), problems, boxLine, imageId)).values : new Map<string, [number, number, number, number]>();

  const candidates: Candidate[] = [];
  const assigned = new Map<string, string>();
  let withBox = 0;
  for (const { file, split, values } of tables) {
    for (const [id, name] of values) {
      const label = labelOf.get(name);
      if (label === undefined) {
        problems.push({ path: file, kind: 'bad-annotation', message: `image ${id}: "${name}" is not in ${rel(listFile)}; skipped` });
        continue;
      }
      const earlier = assigned.get(id);
      if (earlier !== undefined) {
        problems.push({ path: file, kind: 'bad-annotation', message: `image ${id} is also listed in ${earlier}; the first listing is used` });
        continue;
      }
      assigned.set(id, file);
      const candidate: Candidate = { path: join(dataDir, 'images', `${id}.jpg`), label, split, cropBottom: AIRCRAFT_BANNER_PX };
      const box = boxes.get(id);
      if (box) {
        candidate.box = box;
        withBox++;
      }
      candidates.push(candidate);
    }
  }

  notes.push(`label level: ${level}`);
  notes.push(`split: images_${level}_trainval.txt → train, images_${level}_test.txt → test`);
  notes.push(`bottom ${AIRCRAFT_BANNER_PX} px of every image cropped (copyright banner), as in the standard protocol`);
  if (hasBoxes) notes.push(`bounding boxes: ${withBox}`);

  return {
    format: 'aircraft',
    formatLabel: 'FGVC-Aircraft 2013b',
    root,
    classes,
    classPaths: classes.map(() => rel(listFile)),
    candidates,
    problems,
    notes,
  };
}
