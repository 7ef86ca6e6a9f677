import { describe, expect, it } from 'vitest';
import { naturalCompare, naturalSort } from '../../../main/services/datasets/natural-sort';
import { describeGeneratedSplit, splitCounts, stratifiedSplit } from '../../../main/services/datasets/split';

describe('natural sort', () => {
  it('orders digit runs by value, letters case-insensitively, and is a total order', () => {
    expect(naturalSort(['class10', 'class2', 'Class1', 'class1', 'b', 'A', 'class02'])).toEqual(['A', 'b', 'Class1', 'class1', 'class2', 'class02', 'class10']);
    expect(naturalSort(['001.Black', '010.Red', '002.Blue'])).toEqual(['001.Black', '002.Blue', '010.Red']);
    expect(naturalCompare('x', 'x')).toBe(0);
    expect(naturalCompare('a1', 'a01')).toBeLessThan(0);
    expect(naturalSort(['n99999999999999999999', 'n100000000000000000000'])).toEqual(['n99999999999999999999', 'n100000000000000000000']);
  });
});

describe('seeded stratified split', () => {
  const items = (counts: Record<string, number>) =>
    Object.entries(counts).flatMap(([group, n]) => Array.from({ length: n }, (_, i) => ({ key: `${group}/img_${i}.jpg`, group })));

  it('counts: rounded per class, at least one training image per non-empty class', () => {
    expect(splitCounts(10, { test: 0.2, val: 0 })).toEqual({ train: 8, val: 0, test: 2 });
    expect(splitCounts(1, { test: 0.5, val: 0.5 })).toEqual({ train: 1, val: 0, test: 0 });
    expect(splitCounts(2, { test: 0.9, val: 0 })).toEqual({ train: 1, val: 0, test: 1 });
    expect(splitCounts(10, { test: 0.2, val: 0.25 })).toEqual({ train: 6, val: 2, test: 2 });
    expect(splitCounts(0, { test: 0.2, val: 0 })).toEqual({ train: 0, val: 0, test: 0 });
  });

  it('is stratified and deterministic for a seed, whatever the input order', () => {
    const list = items({ a: 10, b: 5, c: 1 });
    const first = stratifiedSplit(list, { test: 0.2, val: 0.25 }, 7);
    const byKey = new Map(list.map((item, i) => [item.key, first[i]]));
    const reversed = [...list].reverse();
    const again = stratifiedSplit(reversed, { test: 0.2, val: 0.25 }, 7);
    reversed.forEach((item, i) => expect(again[i]).toBe(byKey.get(item.key)));
    const count = (group: string, split: string) => list.filter((item, i) => item.group === group && first[i] === split).length;
    expect([count('a', 'train'), count('a', 'val'), count('a', 'test')]).toEqual([6, 2, 2]);
    expect([count('b', 'train'), count('b', 'val'), count('b', 'test')]).toEqual([3, 1, 1]);
    expect([count('c', 'train'), count('c', 'val'), count('c', 'test')]).toEqual([1, 0, 0]);
  });

  it('differs between seeds, and one class does not depend on the others', () => {
    const list = items({ a: 40 });
    const s0 = stratifiedSplit(list, { test: 0.5, val: 0 }, 0);
    const s1 = stratifiedSplit(list, { test: 0.5, val: 0 }, 1);
    expect(s0).not.toEqual(s1);
    const withOther = stratifiedSplit([...list, ...items({ b: 7 })], { test: 0.5, val: 0 }, 0);
    expect(withOther.slice(0, 40)).toEqual(s0);
  });

  it('describes itself', () => {
    expect(describeGeneratedSplit({ test: 0.2, val: 0 }, 0)).toBe('split: seeded stratified 80/20 train/test (seed 0)');
    expect(describeGeneratedSplit({ test: 0.2, val: 0.25 }, 3)).toBe('split: seeded stratified 60/20/20 train/val/test (seed 3)');
  });
});
