// CUB-200-2011 (Caltech-UCSD Birds): images.txt "<id> <relpath>", image_class_labels.txt
// "<id> <classid>" (1-based), train_test_split.txt "<id> <1|0>" (1 = train), classes.txt
// "<classid> <name>", optional bounding_boxes.txt "<id> <x> <y> <w> <h>"; images under images/.
import { join } from 'node:path';
import type { DatasetProblem, SplitName } from '../../../../shared/datasets';
import { integerId, LineError, readIdTable } from '../annotations';
import { isDirectory, isFile } from '../fs-scan';
import type { Candidate, Listing } from '../types';

const FILES = {
  images: 'images.txt',
  labels: 'image_class_labels.txt',
  split: 'train_test_split.txt',
  classes: 'classes.txt',
  boxes: 'bounding_boxes.txt',
} as const;

export async function isCubDataset(dir: string): Promise<boolean> {
  return (await isFile(join(dir, FILES.images))) && (await isFile(join(dir, FILES.classes))) && (await isDirectory(join(dir, 'images')));
}

/** A relative path that stays inside images/ (annotation files must not point elsewhere). */
function safeRelativePath(rest: string): string | LineError {
  const path = rest.replace(/\\/g, '/');
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.split('/').includes('..')) {
    return new LineError(`image path "${rest}" leaves the images folder`);
  }
  return path;
}

function positiveInteger(what: string) {
  return (rest: string): number | LineError => (/^\d+$/.test(rest) ? Number(rest) : new LineError(`${what} should be a whole number, found "${rest}"`));
}

function trainFlag(rest: string): SplitName | LineError {
  if (rest === '1') return 'train';
  if (rest === '0') return 'test';
  return new LineError(`split should be 1 (train) or 0 (test), found "${rest}"`);
}

function box(rest: string): [number, number, number, number] | LineError {
  const parts = rest.split(/\s+/);
  const values = parts.map(Number);
  if (parts.length !== 4 || values.some((v) => !Number.isFinite(v))) return new LineError(`expected "<x> <y> <width> <height>", found "${rest}"`);
  if (values[2] <= 0 || values[3] <= 0) return new LineError(`box has no area ("${rest}")`);
  return values as [number, number, number, number];
}

export async function readCubDataset(root: string): Promise<Listing> {
  const problems: DatasetProblem[] = [];
  const notes: string[] = [];
  const missingFile = (file: string, consequence: string) => problems.push({ path: file, kind: 'bad-annotation', message: `${file} is missing or unreadable; ${consequence}` });

  const classTable = await readIdTable(root, FILES.classes, problems, (rest) => rest, integerId);
  if (!classTable.found) missingFile(FILES.classes, 'no class names');
  // The dataset's own order: by class id.
  const classIds = [...classTable.values.keys()].sort((a, b) => Number(a) - Number(b));
  const classes = classIds.map((id) => classTable.values.get(id) as string);
  const labelOfClassId = new Map(classIds.map((id, i) => [id, i]));

  const images = await readIdTable(root, FILES.images, problems, safeRelativePath, integerId);
  if (!images.found) missingFile(FILES.images, 'no images are listed');
  const labels = await readIdTable(root, FILES.labels, problems, positiveInteger('class id'), integerId);
  if (!labels.found) missingFile(FILES.labels, 'no image can be labelled, all are skipped');
  const splits = await readIdTable(root, FILES.split, problems, trainFlag, integerId);
  if (!splits.found) missingFile(FILES.split, 'a seeded split is generated instead');
  const hasBoxFile = await isFile(join(root, FILES.boxes));
  const boxes = hasBoxFile ? await readIdTable(root, FILES.boxes, problems, box, integerId) : { values: new Map<string, [number, number, number, number]>(), found: false };

  const candidates: Candidate[] = [];
  let withBox = 0;
  for (const [id, rel] of images.values) {
    const what = `image ${id} (${rel})`;
    if (!labels.found) continue;
    const classId = labels.values.get(id);
    if (classId === undefined) {
      problems.push({ path: FILES.labels, kind: 'bad-annotation', message: `${what} has no class label; skipped` });
      continue;
    }
    const label = labelOfClassId.get(String(classId));
    if (label === undefined) {
      problems.push({ path: FILES.labels, kind: 'bad-annotation', message: `${what} has class id ${classId}, which is not in ${FILES.classes}; skipped` });
      continue;
    }
    const candidate: Candidate = { path: join(root, 'images', rel), label };
    if (splits.found) {
      const split = splits.values.get(id);
      if (split === undefined) {
        problems.push({ path: FILES.split, kind: 'bad-annotation', message: `${what} is not in ${FILES.split}; skipped` });
        continue;
      }
      candidate.split = split;
    }
    const b = boxes.values.get(id);
    if (b) {
      candidate.box = b;
      withBox++;
    } else if (hasBoxFile) {
      problems.push({ path: FILES.boxes, kind: 'bad-annotation', message: `${what} has no bounding box; used without one` });
    }
    candidates.push(candidate);
  }
  for (const [file, table] of [[FILES.labels, labels], [FILES.split, splits], [FILES.boxes, boxes]] as const) {
    for (const id of table.values.keys()) {
      if (!images.values.has(id)) problems.push({ path: file, kind: 'bad-annotation', message: `id ${id} is not in ${FILES.images}; ignored` });
    }
  }

  if (splits.found) notes.push(`split: ${FILES.split} (1 = train, 0 = test)`);
  notes.push(hasBoxFile ? `bounding boxes: ${withBox}` : `bounding boxes: none (${FILES.boxes} absent)`);

  return {
    format: 'cub',
    formatLabel: 'CUB-200-2011',
    root,
    classes,
    classPaths: classes.map((name) => `images/${name}`),
    candidates,
    problems,
    notes,
  };
}
