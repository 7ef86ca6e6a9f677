// The pipeline every importer ends in: check the listed files, drop the bad and the duplicated ones
// (each becomes a problem), fill in a seeded split where the dataset has none, and build the report.
import { createHash } from 'node:crypto';
import { AppFailure } from '../../../shared/result';
import type { DatasetProblem, DatasetReport, DatasetSample, ImportOptions, ImportedDataset, SplitName } from '../../../shared/datasets';
import { checkImages } from './image-check';
import { codePointCompare, naturalCompare } from './natural-sort';
import { relPath } from './fs-scan';
import { describeGeneratedSplit, stratifiedSplit, type SplitFractions } from './split';
import type { Candidate, Listing } from './types';

export interface ResolvedOptions {
  fractions: SplitFractions;
  seed: number;
  deepCheck: boolean;
  onProgress?: (done: number, total: number) => void;
}

export function resolveOptions(options: ImportOptions = {}): ResolvedOptions {
  const fraction = (name: 'testFraction' | 'valFraction', fallback: number) => {
    const value = options[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
      throw new AppFailure('invalid-input', `${name} must be a number from 0 up to (not including) 1`, [{ field: name, message: 'out of range' }]);
    }
    return value;
  };
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new AppFailure('invalid-input', 'seed must be a whole number ≥ 0', [{ field: 'seed', message: 'not a whole number ≥ 0' }]);
  return {
    fractions: { test: fraction('testFraction', 0.2), val: fraction('valFraction', 0) },
    seed,
    deepCheck: options.deepCheck ?? false,
    onProgress: options.onProgress,
  };
}

interface Usable extends Candidate {
  rel: string;
  size: number;
  format: string;
}

export async function assemble(listing: Listing, options: ResolvedOptions): Promise<ImportedDataset> {
  const { root, classes } = listing;
  const problems: DatasetProblem[] = [...listing.problems];
  const notes = [...listing.notes];

  // Sorted by relative path (stable), so "the first" of duplicates is the same on every machine.
  const listed = listing.candidates.map((c) => ({ ...c, rel: relPath(root, c.path) })).sort((a, b) => naturalCompare(a.rel, b.rel));
  const unique: typeof listed = [];
  const seenPaths = new Set<string>();
  for (const c of listed) {
    if (seenPaths.has(c.path)) {
      problems.push({ path: c.rel, kind: 'duplicate', message: 'listed more than once by the annotations; only the first entry is used' });
      continue;
    }
    seenPaths.add(c.path);
    unique.push(c);
  }

  const checks = await checkImages(
    unique.map((c) => c.path),
    { deepCheck: options.deepCheck, onProgress: options.onProgress },
  );
  const usable: Usable[] = [];
  const firstByHash = new Map<string, string>();
  unique.forEach((c, i) => {
    const check = checks[i];
    if (!check.ok) {
      problems.push({ path: c.rel, kind: check.kind, message: check.message });
      return;
    }
    const first = firstByHash.get(check.sha1);
    if (first !== undefined) {
      problems.push({ path: c.rel, kind: 'duplicate', message: `same content as ${first}; skipped` });
      return;
    }
    firstByHash.set(check.sha1, c.rel);
    usable.push({ ...c, size: check.size, format: check.format });
  });

  // Generated split for samples the dataset gives none; validation carved from train when asked and absent.
  const unsplit = usable.filter((s) => s.split === undefined);
  const hasVal = usable.some((s) => s.split === 'val');
  let splitSource: DatasetReport['splitSource'] = 'dataset';
  if (unsplit.length > 0) {
    splitSource = 'generated';
    const fractions = { test: options.fractions.test, val: hasVal ? 0 : options.fractions.val };
    const splits = stratifiedSplit(unsplit.map((s) => ({ key: s.rel, group: classes[s.label] })), fractions, options.seed);
    unsplit.forEach((s, i) => (s.split = splits[i]));
    notes.push(describeGeneratedSplit(fractions, options.seed));
  } else if (!hasVal && options.fractions.val > 0) {
    const train = usable.filter((s) => s.split === 'train');
    const splits = stratifiedSplit(train.map((s) => ({ key: s.rel, group: classes[s.label] })), { test: 0, val: options.fractions.val }, options.seed);
    train.forEach((s, i) => (s.split = splits[i]));
    notes.push(`validation: ${Math.round(options.fractions.val * 1000) / 10}% of each class's training images, seeded stratified (seed ${options.seed})`);
  }

  // Keys in train, val, test order (val only when some sample has it), zeros included, for tables.
  const splitKeys: SplitName[] = usable.some((s) => s.split === 'val') ? ['train', 'val', 'test'] : ['train', 'test'];
  const zeros = () => Object.fromEntries(splitKeys.map((k) => [k, 0])) as Partial<Record<SplitName, number>>;
  const splits = zeros();
  const perClass = classes.map(zeros);
  for (const s of usable) {
    const split = s.split as SplitName;
    splits[split] = (splits[split] ?? 0) + 1;
    perClass[s.label][split] = (perClass[s.label][split] ?? 0) + 1;
  }

  const listedPerClass = classes.map(() => 0);
  for (const c of listed) listedPerClass[c.label]++;
  classes.forEach((name, i) => {
    const total = (perClass[i].train ?? 0) + (perClass[i].val ?? 0) + (perClass[i].test ?? 0);
    if (total > 0) return;
    const detail = listedPerClass[i] === 0 ? 'has no images' : `has no usable image (all ${listedPerClass[i]} listed are skipped)`;
    problems.push({ path: listing.classPaths?.[i] ?? '', kind: 'empty-class', message: `class "${name}" ${detail}; it stays in the class list but cannot be learned` });
  });

  const bmp = usable.filter((s) => s.format === 'bmp').length;
  // sharp (the decoder used for training) has no BMP loader: say so now rather than at the first epoch.
  if (bmp > 0) notes.push(`${bmp} BMP image(s): checked from their headers only; sharp cannot decode BMP, so they need converting (e.g. to PNG) before training`);
  notes.push(options.deepCheck ? 'image check: every image decoded (deep check)' : 'image check: headers and end markers (use deep check to decode every image)');

  const report: DatasetReport = {
    format: listing.format,
    root,
    formatLabel: listing.formatLabel,
    classes,
    splits,
    perClass,
    splitSource,
    fingerprint: fingerprint(usable),
    problems,
    notes,
  };
  const samples: DatasetSample[] = usable.map((s) => {
    const sample: DatasetSample = { path: s.path, label: s.label, split: s.split as SplitName };
    if (s.box) sample.box = s.box;
    if (s.cropBottom !== undefined) sample.cropBottom = s.cropBottom;
    return sample;
  });
  return { report, samples };
}

/** sha256 over the usable files' relative paths, sizes, labels and splits (sorted), first 16 hex digits. */
function fingerprint(samples: readonly Usable[]): string {
  const lines = samples.map((s) => `${s.rel}\t${s.size}\t${s.label}\t${s.split}\n`).sort(codePointCompare);
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex').slice(0, 16);
}
