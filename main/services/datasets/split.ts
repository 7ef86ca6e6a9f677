// Seeded, stratified splitting for datasets that bring no split of their own (and validation
// hold-outs). Each class is split on its own with a generator seeded by (seed, class name), over the
// class's files in sorted order, so the result depends only on the seed and the file set, and adding
// or removing a class never reshuffles the others.
import { Rng } from '../../../shared/random';
import type { SplitName } from '../../../shared/datasets';
import { naturalCompare } from './natural-sort';

export interface SplitItem {
  /** Stable identity used for ordering (the relative path). */
  key: string;
  /** Stratum: the class name. */
  group: string;
}

export interface SplitFractions {
  /** Share of each class held out for test. */
  test: number;
  /** Share of each class's remaining (training) images held out for validation. */
  val: number;
}

/** How many of n images go to test and val; at least one image stays in train whenever n ≥ 1. */
export function splitCounts(n: number, fractions: SplitFractions): { train: number; val: number; test: number } {
  if (n <= 0) return { train: 0, val: 0, test: 0 };
  const test = Math.min(Math.round(n * fractions.test), n - 1);
  const val = Math.min(Math.round((n - test) * fractions.val), n - test - 1);
  return { train: n - test - val, val, test };
}

/** Returns one split per item (same order as `items`). */
export function stratifiedSplit(items: readonly SplitItem[], fractions: SplitFractions, seed: number): SplitName[] {
  const byGroup = new Map<string, number[]>();
  items.forEach((item, i) => {
    const list = byGroup.get(item.group);
    if (list) list.push(i);
    else byGroup.set(item.group, [i]);
  });
  const result = new Array<SplitName>(items.length);
  for (const [group, indices] of byGroup) {
    const ordered = [...indices].sort((a, b) => naturalCompare(items[a].key, items[b].key));
    new Rng(`split:${seed}:${group}`).shuffle(ordered);
    const counts = splitCounts(ordered.length, fractions);
    ordered.forEach((index, k) => {
      result[index] = k < counts.test ? 'test' : k < counts.test + counts.val ? 'val' : 'train';
    });
  }
  return result;
}

const percent = (x: number) => `${Math.round(x * 1000) / 10}`;

/** Human description of a generated split, e.g. "split: seeded stratified 80/20 (seed 0)". */
export function describeGeneratedSplit(fractions: SplitFractions, seed: number): string {
  const test = fractions.test;
  const val = (1 - test) * fractions.val;
  const train = 1 - test - val;
  if (fractions.val === 0) return `split: seeded stratified ${percent(train)}/${percent(test)} train/test (seed ${seed})`;
  return `split: seeded stratified ${percent(train)}/${percent(val)}/${percent(test)} train/val/test (seed ${seed})`;
}
