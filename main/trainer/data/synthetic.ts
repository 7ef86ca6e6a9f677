// The built-in "synthetic" dataset: generated on first use, written as an ordinary
// folder-per-class dataset (train/<class>/*.png, test/<class>/*.png) so that it goes through the
// same importer, loader and reports as a user's data, and cached by its parameters.

import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { Rng } from '../../../shared/random';
import type { DatasetSample, SplitName } from '../../../shared/datasets';
import { birdClasses, renderBird, type BirdClass } from './synthetic-scene';

/** Bumped whenever the pictures change, so that cached datasets of an older look are regenerated. */
export const SYNTHETIC_GENERATOR_VERSION = 1;
export const SYNTHETIC_MANIFEST = 'synthetic.json';

export interface SyntheticParams {
  /** Number of classes, 2..36 (default 8). */
  classes: number;
  trainPerClass: number;
  testPerClass: number;
  /** Side of the square images in pixels (default 64). */
  imageSize: number;
  seed: number;
}

export const DEFAULT_SYNTHETIC_PARAMS: SyntheticParams = {
  classes: 8,
  trainPerClass: 80,
  testPerClass: 20,
  imageSize: 64,
  seed: 0,
};

export interface SyntheticManifest {
  generator: 'mge-studio-synthetic-birds';
  version: number;
  params: SyntheticParams;
  classes: string[];
  counts: { train: number; test: number };
  description: string;
}

export interface SyntheticDataset {
  /** Root folder of the dataset (holds train/, test/ and synthetic.json). */
  dir: string;
  classes: string[];
  /** True when an existing complete folder was reused. */
  reused: boolean;
}

const SPLITS = ['train', 'test'] as const;

/** Fills in defaults and checks ranges. */
export function resolveSyntheticParams(params: Partial<SyntheticParams> = {}): SyntheticParams {
  const p = { ...DEFAULT_SYNTHETIC_PARAMS, ...params };
  const check = (name: keyof SyntheticParams, min: number, max: number) => {
    const v = p[name];
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`synthetic ${name} must be a whole number from ${min} to ${max}, got ${v}`);
  };
  check('trainPerClass', 1, 100_000);
  check('testPerClass', 1, 100_000);
  check('imageSize', 16, 1024);
  check('seed', 0, 2 ** 32 - 1);
  birdClasses(p.classes); // validates the class count
  return { classes: p.classes, trainPerClass: p.trainPerClass, testPerClass: p.testPerClass, imageSize: p.imageSize, seed: p.seed };
}

/** File name of image `i` of a class (zero-padded so that names sort in order). */
function imageName(i: number): string {
  return `${String(i).padStart(4, '0')}.png`;
}

/**
 * Writes the dataset into `outDir` (created if needed). Each image has its own generator seeded by
 * (seed, split, class, index), so the bytes of any one file depend on nothing else: the same
 * parameters give byte-identical PNGs, in any order of generation.
 */
export async function generateSyntheticDataset(
  options: Partial<SyntheticParams> & { outDir: string; concurrency?: number },
): Promise<SyntheticManifest> {
  const params = resolveSyntheticParams(options);
  const classes = birdClasses(params.classes);
  const jobs: Array<{ split: (typeof SPLITS)[number]; bird: BirdClass; label: number; i: number }> = [];
  for (const split of SPLITS) {
    const perClass = split === 'train' ? params.trainPerClass : params.testPerClass;
    for (const [label, bird] of classes.entries()) {
      await mkdir(join(options.outDir, split, bird.name), { recursive: true });
      for (let i = 0; i < perClass; i++) jobs.push({ split, bird, label, i });
    }
  }
  // A few encodes in flight keep sharp's threads busy without holding every image in memory.
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { split, bird, label, i } = jobs[next++];
      const rng = new Rng(`synthetic:${params.seed}:${split}:${label}:${i}`);
      const pixels = renderBird(bird, params.imageSize, rng);
      const png = await sharp(pixels, { raw: { width: params.imageSize, height: params.imageSize, channels: 3 } })
        .png({ compressionLevel: 6, adaptiveFiltering: false })
        .toBuffer();
      await writeFile(join(options.outDir, split, bird.name, imageName(i)), png);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const manifest: SyntheticManifest = {
    generator: 'mge-studio-synthetic-birds',
    version: SYNTHETIC_GENERATOR_VERSION,
    params,
    classes: classes.map((c) => c.name),
    counts: { train: params.trainPerClass * params.classes, test: params.testPerClass * params.classes },
    description:
      'Fine-grained synthetic birds: every class is the same bird at random pose, colour and background; ' +
      'classes differ only in the crest colour, the crest shape (round, spiky, eye mask) and the wing pattern.',
  };
  // Written last: its presence marks a finished generation.
  await writeFile(join(options.outDir, SYNTHETIC_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The folder name of a parameter set under a cache root: a hash of the parameters and version. */
export function syntheticDatasetKey(params: SyntheticParams): string {
  const canonical = JSON.stringify([SYNTHETIC_GENERATOR_VERSION, params.classes, params.trainPerClass, params.testPerClass, params.imageSize, params.seed]);
  return `synthetic-${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
}

/**
 * The synthetic dataset for `params` under `cacheRoot`: reused when a complete one with the same
 * parameters is there, else generated into a temporary folder and renamed into place, so that a
 * crash mid-way never leaves a folder that looks complete.
 */
export async function ensureSyntheticDataset(cacheRoot: string, params: Partial<SyntheticParams> = {}): Promise<SyntheticDataset> {
  const resolved = resolveSyntheticParams(params);
  const key = syntheticDatasetKey(resolved);
  const dir = resolve(cacheRoot, key);
  const existing = await readCompleteManifest(dir, resolved);
  if (existing) return { dir, classes: existing.classes, reused: true };

  await mkdir(cacheRoot, { recursive: true });
  const unique = `${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  const temp = resolve(cacheRoot, `.${key}.tmp-${unique}`);
  try {
    const manifest = await generateSyntheticDataset({ ...resolved, outDir: temp });
    // Move an incomplete leftover aside first (a rename is atomic, a recursive delete is not).
    const stale = resolve(cacheRoot, `.${key}.stale-${unique}`);
    const movedAside = await rename(dir, stale).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    try {
      await rename(temp, dir);
    } catch (error) {
      // Another process may have finished the same dataset in the meantime: use theirs.
      const theirs = await readCompleteManifest(dir, resolved);
      if (theirs) return { dir, classes: theirs.classes, reused: true };
      throw error;
    } finally {
      if (movedAside) await rm(stale, { recursive: true, force: true });
    }
    return { dir, classes: manifest.classes, reused: false };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** The manifest of `dir` when it is a complete dataset of exactly `params`, else undefined. */
async function readCompleteManifest(dir: string, params: SyntheticParams): Promise<SyntheticManifest | undefined> {
  let manifest: SyntheticManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, SYNTHETIC_MANIFEST), 'utf8')) as SyntheticManifest;
  } catch {
    return undefined;
  }
  if (manifest?.version !== SYNTHETIC_GENERATOR_VERSION || typeof manifest.params !== 'object' || manifest.params === null) return undefined;
  if (syntheticDatasetKey(manifest.params) !== syntheticDatasetKey(params)) return undefined;
  if (!Array.isArray(manifest.classes) || manifest.classes.length !== params.classes) return undefined;
  for (const split of SPLITS) {
    const expected = split === 'train' ? params.trainPerClass : params.testPerClass;
    for (const name of manifest.classes) {
      const files = new Set(await readdir(join(dir, split, name)).catch(() => [] as string[]));
      for (let i = 0; i < expected; i++) if (!files.has(imageName(i))) return undefined;
    }
  }
  return manifest;
}

/**
 * The samples of a generated synthetic dataset straight from its manifest (without the general
 * folder importer): classes in manifest order, files in name order, train then test.
 */
export async function readSyntheticSamples(dir: string): Promise<{ classes: string[]; samples: DatasetSample[] }> {
  const manifest = JSON.parse(await readFile(join(dir, SYNTHETIC_MANIFEST), 'utf8')) as SyntheticManifest;
  const samples: DatasetSample[] = [];
  for (const split of SPLITS) {
    for (const [label, name] of manifest.classes.entries()) {
      const files = (await readdir(join(dir, split, name))).filter((f) => f.endsWith('.png')).sort();
      for (const file of files) samples.push({ path: resolve(dir, split, name, file), label, split: split as SplitName });
    }
  }
  return { classes: manifest.classes, samples };
}
