// What an importer hands to the common pipeline (assemble.ts): the dataset's classes and the files
// its annotations list, before any file is checked.
import type { DatasetFormat, DatasetProblem, SplitName } from '../../../shared/datasets';

export interface Candidate {
  /** Absolute path of the image file. */
  path: string;
  /** 0-based index into Listing.classes. */
  label: number;
  /** The dataset's own split; undefined when the dataset has none (a seeded split is generated). */
  split?: SplitName;
  box?: [number, number, number, number];
  cropBottom?: number;
}

export interface Listing {
  format: DatasetFormat;
  formatLabel: string;
  root: string;
  classes: string[];
  /** Where each class lives relative to the root, named in empty-class problems ('' when not a folder). */
  classPaths?: string[];
  candidates: Candidate[];
  /** Problems found while reading annotations (bad-annotation, missing annotation files). */
  problems: DatasetProblem[];
  notes: string[];
}
