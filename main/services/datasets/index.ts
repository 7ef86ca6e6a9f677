// Dataset import service: detect the format of a folder the user gives and read it into a report
// and a list of usable samples. Read-only: the user's files are never written, moved or fixed.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DatasetFormat, ImportOptions, ImportedDataset } from '../../../shared/datasets';
import { AppFailure } from '../../../shared/result';
import { assemble, resolveOptions } from './assemble';
import { detectInFolder, type DetectedDataset } from './detect';
import { findAircraftDataDir, readAircraftDataset } from './importers/aircraft';
import { readCarsDataset } from './importers/cars';
import { readCubDataset } from './importers/cub';
import { readFolderDataset } from './importers/folder';
import type { Listing } from './types';

export type { DetectedDataset } from './detect';
export { MatFileError, parseMatFile, readMatFile, matScalar, matString, matStrings, matStructToObjects, matToPlain } from './matfile';
export type { MatFile, MatValue } from './matfile';

/** Why `path` cannot be a dataset folder, or null when it is an existing folder. */
async function folderProblem(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return null;
    return /\.(zip|tar|tgz|gz|bz2|xz|7z|rar)$/i.test(path)
      ? `${path} is an archive; unpack it first and choose the unpacked folder`
      : `${path} is a file, not a folder; choose the dataset folder`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return `${path} cannot be opened (permission denied)`;
    return `${path} does not exist`;
  }
}

/**
 * Detects the dataset at `path` (the dataset root or its parent). Order: CUB-200-2011, FGVC-Aircraft,
 * Stanford Cars devkit, folder-per-class. Null when the path is not a folder or nothing is recognised.
 */
export async function detectDataset(path: string): Promise<DetectedDataset | null> {
  const dir = resolve(path);
  if (await folderProblem(dir)) return null;
  return detectInFolder(dir);
}

/**
 * Imports the dataset at `path`. Throws AppFailure('not-a-dataset') when the path is missing, not a
 * folder, or holds no recognised dataset (and 'invalid-input' for bad options); bad files never
 * throw, they are listed in report.problems and skipped.
 */
export async function importDataset(path: string, options: ImportOptions = {}): Promise<ImportedDataset> {
  const resolved = resolveOptions(options);
  const dir = resolve(path);
  const problem = await folderProblem(dir);
  if (problem) throw new AppFailure('not-a-dataset', problem);
  const detected = await detectInFolder(dir);
  if (!detected) {
    throw new AppFailure(
      'not-a-dataset',
      `No dataset found in ${dir}. Expected CUB-200-2011 (images.txt, classes.txt, images/), FGVC-Aircraft (data/variants.txt, data/images/), ` +
        'Stanford Cars (devkit/cars_meta.mat, cars_train/), or one sub-folder of images per class (optionally inside train/ and test/).',
    );
  }
  const listing = await readListing(detected.format, detected.root, options);
  return assemble(listing, resolved);
}

async function readListing(format: DatasetFormat, root: string, options: ImportOptions): Promise<Listing> {
  switch (format) {
    case 'cub':
      return readCubDataset(root);
    case 'aircraft': {
      const dataDir = (await findAircraftDataDir(root)) as string;
      // When the data/ folder itself was given, it is the root; otherwise its parent is.
      return readAircraftDataset(root, dataDir, options.aircraftLevel ?? 'variant');
    }
    case 'cars':
      return readCarsDataset(root);
    case 'folder':
      return readFolderDataset(root);
    default:
      throw new AppFailure('not-a-dataset', `${format} datasets are not read from folders`);
  }
}
