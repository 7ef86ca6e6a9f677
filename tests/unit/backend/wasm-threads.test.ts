// A threaded wasm start-up that exceeds its time limit falls back to the single-threaded build, which then
// computes correctly (own test file: wasm can be started only once per process).
import * as tf from '@tensorflow/tfjs-core';
import os from 'node:os';
import { expect, it } from 'vitest';
import { startWasm } from '../../../main/trainer/backend/wasm-init';

it('falls back to 1 thread with a note when the threaded start-up times out', async () => {
  const cpus = os.cpus;
  const started = await startWasm({ threads: 2, timeoutMs: 1 });
  expect(started.threads).toBe(1);
  expect(started.threaded).toBe(false);
  expect(started.notes.join('\n')).toMatch(/wasm threads unavailable, using 1 thread: threaded wasm start-up did not finish within 1 ms/);
  expect(os.cpus).toBe(cpus); // the start-up patch is undone
  expect(tf.getBackend()).toBe('wasm');
  // Let the abandoned start-up play out, then check the backend still works.
  await new Promise((r) => setTimeout(r, 1500));
  expect(tf.getBackend()).toBe('wasm');
  const y = tf.conv2d(tf.ones([1, 4, 4, 2]) as tf.Tensor4D, tf.ones([3, 3, 2, 1]) as tf.Tensor4D, 1, 'same');
  expect(Array.from(y.dataSync()).slice(0, 4)).toEqual([8, 12, 12, 8]);
  // A second start reuses the running backend.
  const again = await startWasm({ threads: 2 });
  expect(again.threads).toBe(1);
});
