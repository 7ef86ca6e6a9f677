// Shared set-up of the importer tests: temporary folders removed after each test, the checks every clean
// import's report gets, and an import that proves the dataset folder was left untouched.
import { afterEach, expect } from 'vitest';
import { importDataset } from '../../../main/services/datasets';
import type { DatasetReport, ImportedDataset, ImportOptions } from '../../../shared/datasets';
import { makeTempDir, removeTempDir, snapshotTree } from '../../helpers/dataset-fixtures';

/** Returns `tempDir()`, whose folders are removed after each test of the calling file (call it at top level). */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(removeTempDir));
  });
  return async () => {
    const dir = await makeTempDir();
    dirs.push(dir);
    return dir;
  };
}

type ExpectedReport = Pick<DatasetReport, 'format' | 'root' | 'classes' | 'splitSource' | 'splits'> & {
  /** Checked when given. */
  formatLabel?: string;
  /** Compared as given (a fixture's perClass is typed optional). */
  perClass: DatasetReport['perClass'] | undefined;
};

/** Checks the report of a clean import: each field given equals the expected value, and there are no problems. */
export function expectCleanReport(report: DatasetReport, expected: ExpectedReport): void {
  expect(report.format).toBe(expected.format);
  if (expected.formatLabel !== undefined) expect(report.formatLabel).toBe(expected.formatLabel);
  expect(report.root).toBe(expected.root);
  expect(report.classes).toEqual(expected.classes);
  expect(report.splitSource).toBe(expected.splitSource);
  expect(report.splits).toEqual(expected.splits);
  expect(report.perClass).toEqual(expected.perClass);
  expect(report.problems).toEqual([]);
}

/** Imports `root` and checks that nothing under `dir` changed (names, kinds, sizes, mtimes, modes). */
export async function importUnchanged(dir: string, root: string, options?: ImportOptions): Promise<ImportedDataset> {
  const before = await snapshotTree(dir);
  const imported = await importDataset(root, options);
  expect(await snapshotTree(dir)).toEqual(before);
  return imported;
}
