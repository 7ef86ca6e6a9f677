// Shared pieces of the dataset fixtures: the expectation each generator returns, temp folders, a
// read-only snapshot of a folder (to prove the importers change nothing), and planting bad files.
import { mkdtemp, readdir, rm, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetFormat, ProblemKind, SplitName } from '../../../shared/datasets';
import { BROKEN_FILE_KINDS, writeBrokenFile, type BrokenFileKind, type BrokenKind, type ImageKind } from './images';

/** What an import of the fixture must find. */
export interface FixtureResult {
  format: DatasetFormat;
  /** The dataset root the importer should report. */
  root: string;
  /** Class names in the dataset's own order. */
  classes: string[];
  /** Usable images per split, when the dataset brings its own split. */
  splits?: Partial<Record<SplitName, number>>;
  /** Usable images per class and split, when the dataset brings its own split. */
  perClass?: Array<Partial<Record<SplitName, number>>>;
  /** Usable images per class, whatever the split. */
  totalPerClass: number[];
  total: number;
  /** Problems the importer must report: path relative to the root, and kind. */
  problems: Array<{ path: string; kind: ProblemKind }>;
  /** Usable images that carry a bounding box. */
  boxes?: number;
}

/** Options every generator accepts. */
export interface CommonFixtureOptions {
  /** Bad files/annotations to plant; they come on top of the good images, so counts stay as asked. */
  broken?: readonly BrokenKind[];
  /** Encodings cycled over the good images (default: all JPEG). */
  imageKinds?: readonly ImageKind[];
}

export async function makeTempDir(prefix = 'mge-dataset-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** "path type size mtime mode" for every entry under dir, sorted: equal snapshots mean nothing changed. */
export async function snapshotTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string, rel: string) => {
    for (const name of (await readdir(folder)).sort()) {
      const path = join(folder, name);
      const r = rel ? `${rel}/${name}` : name;
      const info = await lstat(path);
      out.push(`${r} ${info.isDirectory() ? 'd' : 'f'} ${info.isDirectory() ? 0 : info.size} ${info.mtimeMs} ${info.mode}`);
      if (info.isDirectory()) await walk(path, r);
    }
  };
  await walk(dir, '');
  return out;
}

/** Broken file kinds among `broken`, in a fixed order. */
export function brokenFiles(broken: readonly BrokenKind[] = []): BrokenFileKind[] {
  return BROKEN_FILE_KINDS.filter((k) => broken.includes(k));
}

/** File name a planted bad file gets; "zz_" sorts after the good files so duplicates are the later copy. */
export function brokenFileName(kind: BrokenFileKind, ext = 'jpg'): string {
  return kind === 'duplicate' ? `zz_duplicate.${ext}` : `broken_${kind}.${ext}`;
}

/** Writes one bad file per kind in `folder` and returns their paths (absolute) with kinds. */
export async function plantBrokenFiles(folder: string, kinds: readonly BrokenFileKind[], duplicateOf: string): Promise<Array<{ path: string; kind: BrokenFileKind }>> {
  const out: Array<{ path: string; kind: BrokenFileKind }> = [];
  for (const kind of kinds) {
    const path = join(folder, brokenFileName(kind));
    await writeBrokenFile(path, kind, duplicateOf);
    out.push({ path, kind });
  }
  return out;
}

export function classNamesOption(classes: number | readonly string[] | undefined, defaults: readonly string[], make: (i: number) => string): string[] {
  if (Array.isArray(classes)) return [...classes];
  const n = typeof classes === 'number' ? classes : defaults.length;
  return Array.from({ length: n }, (_, i) => defaults[i] ?? make(i));
}

export function kindAt(kinds: readonly ImageKind[] | undefined, i: number): ImageKind {
  return kinds && kinds.length > 0 ? kinds[i % kinds.length] : 'jpeg';
}

export function sumSplits(perClass: Array<Partial<Record<SplitName, number>>>): Partial<Record<SplitName, number>> {
  const out: Partial<Record<SplitName, number>> = {};
  for (const c of perClass) for (const [k, v] of Object.entries(c) as Array<[SplitName, number]>) out[k] = (out[k] ?? 0) + v;
  return out;
}
