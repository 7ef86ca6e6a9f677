// Resolves a run's dataset (a folder or the built-in synthetic set) into classes, samples and the
// facts recorded in run.json.
import path from 'node:path';
import type { RunConfig } from '../../../shared/config';
import type { DatasetSample } from '../../../shared/datasets';
import { AppFailure } from '../../../shared/result';
import type { RunRecord } from '../../../shared/runs';
import { DEFAULT_SYNTHETIC_PARAMS, ensureSyntheticDataset } from '../../trainer/data';
import { importDataset } from '../datasets';

export interface TrainingDataset {
  classes: string[];
  samples: DatasetSample[];
  recordEntry: NonNullable<RunRecord['dataset']>;
}

export async function loadTrainingDataset(config: RunConfig, cacheDir: string, log?: (line: string) => void): Promise<TrainingDataset> {
  let root = config.dataset;
  let format: string | null = null;
  if (config.dataset === 'synthetic') {
    log?.('preparing the built-in synthetic dataset…');
    // One fixed synthetic dataset (not one per run seed), so that runs with different seeds compare.
    root = (await ensureSyntheticDataset(path.join(cacheDir, 'synthetic'), DEFAULT_SYNTHETIC_PARAMS)).dir;
    format = 'synthetic';
  }
  const { report, samples } = await importDataset(root, {
    testFraction: config.split.testFraction,
    valFraction: config.split.valFraction,
    seed: config.split.seed ?? config.seed,
    aircraftLevel: config.split.aircraftLevel,
  });
  if (report.problems.length > 0) log?.(`dataset: ${report.problems.length} problem(s) found; those files are skipped (see "mge datasets inspect ${root}")`);
  const usedClasses = new Set(samples.filter((s) => s.split === 'train').map((s) => s.label));
  if (report.classes.length < 2 || usedClasses.size < 2) {
    throw new AppFailure('not-a-dataset', `${root}: a classifier needs at least 2 classes with training images (found ${usedClasses.size})`);
  }
  return {
    classes: report.classes,
    samples,
    recordEntry: {
      format: format ?? report.format,
      root: report.root,
      fingerprint: report.fingerprint,
      classes: report.classes,
      splits: report.splits as Record<string, number>,
    },
  };
}
