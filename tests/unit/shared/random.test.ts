import { describe, expect, it } from 'vitest';
import { Rng } from '../../../shared/random';

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('resumes exactly from a saved state', () => {
    const rng = new Rng('run');
    rng.next();
    const state = rng.getState();
    const expected = Array.from({ length: 4 }, () => rng.next());
    expect(Array.from({ length: 4 }, () => Rng.fromState(state).next())[0]).toBe(expected[0]);
    const restored = Rng.fromState(state);
    expect(Array.from({ length: 4 }, () => restored.next())).toEqual(expected);
  });

  it('draws uniform values in range and shuffles into a permutation', () => {
    const rng = new Rng(1);
    const values = Array.from({ length: 2000 }, () => rng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect([...rng.shuffle([...items])].sort((x, y) => x - y)).toEqual(items);
  });
});
