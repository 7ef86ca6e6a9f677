// Finding the dataset in the folder a user drops: the dataset root itself or its parent (e.g.
// CUB_200_2011/ or the folder that holds it). Formats are tried in order of specificity, each on the
// folder and then on its sub-folders, so that an annotated dataset is never mistaken for the
// folder-per-class layout its images folder also has (CUB's images/ is one class per folder).
import { join } from 'node:path';
import type { DatasetFormat } from '../../../shared/datasets';
import { listDir } from './fs-scan';
import { isAircraftDataset } from './importers/aircraft';
import { isCarsDataset } from './importers/cars';
import { isCubDataset } from './importers/cub';
import { isFolderDataset } from './importers/folder';

export interface DetectedDataset {
  format: DatasetFormat;
  /** Absolute dataset root (the given folder or one of its sub-folders). */
  root: string;
}

const DETECTORS: Array<[Exclude<DatasetFormat, 'synthetic'>, (dir: string) => Promise<boolean>]> = [
  ['cub', isCubDataset],
  ['aircraft', isAircraftDataset],
  ['cars', isCarsDataset],
  ['folder', isFolderDataset],
];

/** How many single-folder wrappers (e.g. car_data/car_data/) are looked through below the given folder. */
const MAX_WRAPPER_DEPTH = 3;

/**
 * The format and root found at `dir` (an existing folder) or in one of its sub-folders, or null.
 * A folder whose only content is one sub-folder (archives often unpack that way) is looked through.
 */
export async function detectInFolder(dir: string, depth = 0): Promise<DetectedDataset | null> {
  const { dirs } = await listDir(dir);
  for (const [format, test] of DETECTORS) {
    if (await test(dir)) return { format, root: dir };
    for (const name of dirs) {
      const child = join(dir, name);
      if (await test(child)) return { format, root: child };
    }
  }
  if (dirs.length === 1 && depth < MAX_WRAPPER_DEPTH) return detectInFolder(join(dir, dirs[0]), depth + 1);
  return null;
}
