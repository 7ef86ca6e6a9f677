// Which test images a gallery shows: a seeded, class-stratified sample, so that a 64-image gallery of a
// 200-class dataset shows many classes instead of the first few, and the same run always shows the same images.
import { Rng } from '../../../shared/random';

/**
 * Indices of `size` samples (or all of them), drawn round-robin over the classes from a seeded shuffle of
 * each class, returned sorted by class and then by position.
 */
export function stratifiedSample(samples: ReadonlyArray<{ label: number }>, size: number | 'all', seed: number): number[] {
  if (size !== 'all' && (!Number.isInteger(size) || size < 1)) throw new RangeError(`the gallery sample size must be a whole number ≥ 1 or "all", got ${size}`);
  const byClass = new Map<number, number[]>();
  samples.forEach((s, i) => {
    const list = byClass.get(s.label) ?? [];
    list.push(i);
    byClass.set(s.label, list);
  });
  const labels = [...byClass.keys()].sort((a, b) => a - b);
  for (const label of labels) new Rng(`${seed}:gallery:${label}`).shuffle(byClass.get(label)!);
  const wanted = size === 'all' ? samples.length : Math.min(size, samples.length);
  const chosen: number[] = [];
  for (let round = 0; chosen.length < wanted; round++) {
    for (const label of labels) {
      const list = byClass.get(label)!;
      if (round < list.length && chosen.length < wanted) chosen.push(list[round]);
    }
  }
  return chosen.sort((a, b) => samples[a].label - samples[b].label || a - b);
}
