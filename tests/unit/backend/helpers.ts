// Shared helpers for the backend tests: seeded data, running a closure on a given backend, error measures.
import * as tf from '@tensorflow/tfjs-core';

/** Deterministic values in [-1, 1) (mulberry32), the generator the gradient self-check uses. */
export { seeded } from '../../../main/trainer/backend/seeded';

export function size(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** max|a-b| / max(1, max|b|). */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return Number.isFinite(diff) ? diff / scale : Infinity;
}

/** Switches to `backend`, runs `fn` in a tidy and returns the data of the tensors it returns. */
export async function onBackend(backend: string, fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`could not switch to ${backend}`);
  }
  const outs = tf.tidy(fn);
  const data = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return data;
}
