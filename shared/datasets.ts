// Dataset import types shared by the importers, the CLI, the API contract and the renderer.

export const DATASET_FORMATS = ['folder', 'cub', 'aircraft', 'cars', 'synthetic'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

export const PROBLEM_KINDS = [
  'missing', // listed by the annotations but not on disk
  'unreadable', // exists but cannot be read (permissions, I/O error)
  'empty', // zero bytes
  'truncated', // an image whose data ends early
  'not-an-image', // not a decodable image format
  'duplicate', // the same bytes as another image of the dataset
  'empty-class', // a class with no usable image
  'bad-annotation', // a malformed line or record in an annotation file
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface DatasetProblem {
  /** Path relative to the dataset root (or the annotation file for bad-annotation). */
  path: string;
  kind: ProblemKind;
  message: string;
}

/** One usable image of the dataset. */
export interface DatasetSample {
  /** Absolute path of the image file. */
  path: string;
  /** 0-based index into `classes`. */
  label: number;
  split: SplitName;
  /** Optional object box in pixels of the original image [x, y, width, height]. */
  box?: [number, number, number, number];
  /** Pixels to crop from the bottom before use (FGVC-Aircraft's 20 px copyright banner). */
  cropBottom?: number;
}

export interface DatasetReport {
  format: DatasetFormat;
  /** The dataset root that was detected (may be a child of the folder the user gave). */
  root: string;
  /** Human-readable name of the detected format, e.g. "CUB-200-2011". */
  formatLabel: string;
  /** Class names in the dataset's own order; a sample's label indexes this array. */
  classes: string[];
  /** Usable image count per split. */
  splits: Partial<Record<SplitName, number>>;
  /** Usable image count per class and split: perClass[i] belongs to classes[i]. */
  perClass: Array<Partial<Record<SplitName, number>>>;
  /** Whether the split came from the dataset itself or from a seeded stratified split. */
  splitSource: 'dataset' | 'generated';
  /** Stable hash of the usable files' relative paths, sizes, labels and splits. */
  fingerprint: string;
  problems: DatasetProblem[];
  /** Free-form facts worth showing (e.g. "bounding boxes: yes", "label level: variant"). */
  notes: string[];
}

export interface ImportedDataset {
  report: DatasetReport;
  samples: DatasetSample[];
}

export interface ImportOptions {
  /** Fraction of each class held out for test when the dataset has no split of its own. */
  testFraction?: number;
  /** Fraction of each class's training images held out for validation. */
  valFraction?: number;
  /** Seed of the generated stratified split. */
  seed?: number;
  /** FGVC-Aircraft label level. */
  aircraftLevel?: 'variant' | 'family' | 'manufacturer';
  /** Decode every image fully to find truncated files (slower); header check only when false. */
  deepCheck?: boolean;
  /** Called with (done, total) while images are checked. */
  onProgress?: (done: number, total: number) => void;
}
