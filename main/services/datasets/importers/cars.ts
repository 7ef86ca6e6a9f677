// Stanford Cars, as distributed: the devkit's MATLAB files (devkit/cars_meta.mat with class_names,
// devkit/cars_train_annos.mat and cars_test_annos_withlabels.mat with an `annotations` struct array
// of bbox_x1, bbox_y1, bbox_x2, bbox_y2, class (1-based) and fname), images in cars_train/ and
// cars_test/. Also the site's all-in-one variant: cars_annos.mat (relative_im_path, class, test)
// with car_ims/. Folder-per-class re-packs are read by the folder importer.
import { join } from 'node:path';
import type { DatasetProblem, SplitName } from '../../../../shared/datasets';
import { isDirectory, isFile, relPath } from '../fs-scan';
import { MatFileError, matScalar, matString, matStrings, matStructToObjects, readMatFile, type MatFile, type MatValue } from '../matfile';
import type { Candidate, Listing } from '../types';

const META = 'cars_meta.mat';
const TRAIN = 'cars_train_annos.mat';
const TEST_LABELLED = 'cars_test_annos_withlabels.mat';
const TEST_UNLABELLED = 'cars_test_annos.mat';
const ALL_IN_ONE = 'cars_annos.mat';

/** First existing file among root/devkit/<name> and root/<name> (the test labels ship separately, users put them either place). */
async function findFile(root: string, name: string): Promise<string | null> {
  for (const path of [join(root, 'devkit', name), join(root, name)]) if (await isFile(path)) return path;
  return null;
}

export async function isCarsDataset(dir: string): Promise<boolean> {
  if ((await findFile(dir, META)) && (await findFile(dir, TRAIN))) return true;
  return (await isFile(join(dir, ALL_IN_ONE))) && (await isDirectory(join(dir, 'car_ims')));
}

/** Image folder of a split: cars_train/, or cars_train/cars_train/ as some re-uploads nest it. */
async function imageDir(root: string, name: string): Promise<string> {
  const nested = join(root, name, name);
  return (await isDirectory(nested)) ? nested : join(root, name);
}

type Box = [number, number, number, number];

interface Context {
  root: string;
  problems: DatasetProblem[];
  classCount: number;
}

async function loadMat(ctx: Context, path: string): Promise<MatFile | null> {
  try {
    return await readMatFile(path);
  } catch (error) {
    const detail = error instanceof MatFileError ? error.detail : `cannot be read (${(error as Error).message})`;
    ctx.problems.push({ path: relPath(ctx.root, path), kind: 'bad-annotation', message: `damaged MATLAB file: ${detail}` });
    return null;
  }
}

function annotationRecords(ctx: Context, mat: MatFile, path: string): Array<Record<string, MatValue>> {
  try {
    return matStructToObjects(mat.variables.get('annotations'), 'annotations', relPath(ctx.root, path));
  } catch (error) {
    ctx.problems.push({ path: relPath(ctx.root, path), kind: 'bad-annotation', message: (error as Error).message });
    return [];
  }
}

/** [x1, y1, x2 - x1 + 1, y2 - y1 + 1] from the devkit's inclusive corners, or null when absent/invalid. */
function boxOf(record: Record<string, MatValue>, file: string): Box | null {
  if (!('bbox_x1' in record)) return null;
  const [x1, y1, x2, y2] = ['bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2'].map((f) => matScalar(record[f], f, file));
  if (x2 < x1 || y2 < y1) throw new MatFileError(file, `box (${x1}, ${y1})–(${x2}, ${y2}) has no area`);
  return [x1, y1, x2 - x1 + 1, y2 - y1 + 1];
}

/** A path from the annotations that stays inside the dataset. */
function safeName(name: string, file: string): string {
  const path = name.trim().replace(/\\/g, '/');
  if (!path || path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.split('/').includes('..')) throw new MatFileError(file, `bad image name "${name}"`);
  return path;
}

/** Turns annotation records into candidates; a bad record is a problem and is skipped. */
function recordsToCandidates(
  ctx: Context,
  records: Array<Record<string, MatValue>>,
  file: string,
  pathOf: (record: Record<string, MatValue>) => string,
  splitOf: (record: Record<string, MatValue>) => SplitName,
): Candidate[] {
  const out: Candidate[] = [];
  records.forEach((record, i) => {
    try {
      const classId = matScalar(record.class, 'class', file);
      if (!Number.isInteger(classId) || classId < 1 || classId > ctx.classCount) {
        throw new MatFileError(file, `class ${classId} is outside 1..${ctx.classCount}`);
      }
      const candidate: Candidate = { path: pathOf(record), label: classId - 1, split: splitOf(record) };
      try {
        const box = boxOf(record, file);
        if (box) candidate.box = box;
      } catch (error) {
        ctx.problems.push({ path: file, kind: 'bad-annotation', message: `annotation ${i + 1}: ${(error as MatFileError).detail ?? (error as Error).message}; used without a box` });
      }
      out.push(candidate);
    } catch (error) {
      const detail = error instanceof MatFileError ? error.detail : (error as Error).message;
      ctx.problems.push({ path: file, kind: 'bad-annotation', message: `annotation ${i + 1}: ${detail}; skipped` });
    }
  });
  return out;
}

/** Class names from a MAT-file's class_names, or null (with a problem) when unusable. */
function classNames(ctx: Context, mat: MatFile | null, path: string): string[] | null {
  if (!mat) return null;
  try {
    return matStrings(mat.variables.get('class_names'), 'class_names', relPath(ctx.root, path)).map((name) => name.trim());
  } catch (error) {
    ctx.problems.push({ path: relPath(ctx.root, path), kind: 'bad-annotation', message: (error as Error).message });
    return null;
  }
}

/** Without usable names, classes are numbered up to the largest id the annotations use. */
function fallbackClasses(ctx: Context, records: Array<Array<Record<string, MatValue>>>, metaRel: string): string[] {
  let max = 0;
  for (const list of records) {
    for (const r of list) {
      const v = r.class?.kind === 'numeric' && r.class.data.length === 1 ? r.class.data[0] : 0;
      if (Number.isInteger(v) && v > max) max = v;
    }
  }
  ctx.problems.push({ path: metaRel, kind: 'bad-annotation', message: `class names unavailable; classes are named "class 1".."class ${max}" by their devkit ids` });
  return Array.from({ length: max }, (_, i) => `class ${i + 1}`);
}

export async function readCarsDataset(root: string): Promise<Listing> {
  const ctx: Context = { root, problems: [], classCount: 0 };
  const notes: string[] = [];
  const candidates: Candidate[] = [];
  let classes: string[];
  let classFile: string;

  const metaPath = await findFile(root, META);
  const trainPath = await findFile(root, TRAIN);
  if (!metaPath && !trainPath && (await isFile(join(root, ALL_IN_ONE)))) {
    // All-in-one variant: cars_annos.mat lists every image with a test flag.
    const path = join(root, ALL_IN_ONE);
    const mat = await loadMat(ctx, path);
    const records = mat ? annotationRecords(ctx, mat, path) : [];
    classes = classNames(ctx, mat, path) ?? fallbackClasses(ctx, [records], ALL_IN_ONE);
    classFile = ALL_IN_ONE;
    ctx.classCount = classes.length;
    candidates.push(
      ...recordsToCandidates(
        ctx,
        records,
        ALL_IN_ONE,
        (r) => join(root, safeName(matString(r.relative_im_path, 'relative_im_path', ALL_IN_ONE), ALL_IN_ONE)),
        (r) => (matScalar(r.test, 'test', ALL_IN_ONE) ? 'test' : 'train'),
      ),
    );
    notes.push(`split: the "test" flag of ${ALL_IN_ONE}`);
  } else {
    const meta = metaPath ? await loadMat(ctx, metaPath) : null;
    if (!metaPath) ctx.problems.push({ path: `devkit/${META}`, kind: 'bad-annotation', message: `devkit/${META} is missing; no class names` });
    const trainMat = trainPath ? await loadMat(ctx, trainPath) : null;
    if (!trainPath) ctx.problems.push({ path: `devkit/${TRAIN}`, kind: 'bad-annotation', message: `devkit/${TRAIN} is missing; no training images` });
    const trainRecords = trainMat && trainPath ? annotationRecords(ctx, trainMat, trainPath) : [];

    const testPath = await findFile(root, TEST_LABELLED);
    const testMat = testPath ? await loadMat(ctx, testPath) : null;
    const testRecords = testMat && testPath ? annotationRecords(ctx, testMat, testPath) : [];

    const metaRel = metaPath ? relPath(root, metaPath) : `devkit/${META}`;
    classes = (metaPath ? classNames(ctx, meta, metaPath) : null) ?? fallbackClasses(ctx, [trainRecords, testRecords], metaRel);
    classFile = metaRel;
    ctx.classCount = classes.length;

    if (trainPath) {
      const dir = await imageDir(root, 'cars_train');
      const file = relPath(root, trainPath);
      candidates.push(...recordsToCandidates(ctx, trainRecords, file, (r) => join(dir, safeName(matString(r.fname, 'fname', file), file)), () => 'train'));
    }
    if (testPath) {
      const dir = await imageDir(root, 'cars_test');
      const file = relPath(root, testPath);
      candidates.push(...recordsToCandidates(ctx, testRecords, file, (r) => join(dir, safeName(matString(r.fname, 'fname', file), file)), () => 'test'));
      notes.push(`split: ${TRAIN} → train, ${file} → test`);
    } else {
      const hasUnlabelled = Boolean(await findFile(root, TEST_UNLABELLED));
      const message = `test labels are missing: ${TEST_LABELLED} was not found (in devkit/ or the dataset folder)${hasUnlabelled ? `; ${TEST_UNLABELLED} has no class labels` : ''}. Only the training images are imported; put ${TEST_LABELLED} beside devkit/ to add the test set.`;
      ctx.problems.push({ path: TEST_LABELLED, kind: 'bad-annotation', message });
      notes.push(`test set not imported: ${TEST_LABELLED} missing`);
    }
  }

  notes.push('class ids: 1-based in the devkit (label = class id - 1)');
  notes.push(`bounding boxes: ${candidates.filter((c) => c.box).length}`);

  return {
    format: 'cars',
    formatLabel: 'Stanford Cars',
    root,
    classes,
    classPaths: classes.map(() => classFile),
    candidates,
    problems: ctx.problems,
    notes,
  };
}
