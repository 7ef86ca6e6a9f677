import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs-core';
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core') as typeof TF;
require('@tensorflow/tfjs-backend-cpu');
import { Rng } from '../../../shared/random';
import { DataLoader, ImageCache, ensureSyntheticDataset, readSyntheticSamples } from '../../../main/trainer/data';

const EPOCHS = Number(process.argv[2] ?? 6);
const PER = Number(process.argv[3] ?? 80);
const S = 48;
await tf.setBackend('cpu');
const ds = await ensureSyntheticDataset('/tmp/exp/syncache', { classes: 8, trainPerClass: PER, testPerClass: 25, imageSize: 64, seed: 0 });
const { classes, samples } = await readSyntheticSamples(ds.dir);
const cache = new ImageCache();
const rng = new Rng(0);
const train = new DataLoader(samples.filter((s) => s.split === 'train'), { imgSize: S, batchSize: 16, training: true, shuffle: true, rng, cache });
const test = new DataLoader(samples.filter((s) => s.split === 'test'), { imgSize: S, batchSize: 50, training: false, shuffle: false, rng, cache });
const init = new Rng(1);
const he = (shape: number[], fanIn: number) => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => init.normal() * Math.sqrt(2 / fanIn)), shape));
const chans = [[3, 16, 1], [16, 32, 2], [32, 32, 1], [32, 64, 2], [64, 64, 1]] as const;
const convs = chans.map(([i, o]) => ({ w: he([3, 3, i, o], 9 * i), b: tf.variable(tf.zeros([o])) }));
const fcw = he([64, classes.length], 64);
const fcb = tf.variable(tf.zeros([classes.length]));
const forward = (x: TF.Tensor4D) => {
  let h = x;
  convs.forEach((c, k) => { h = tf.relu(tf.add(tf.conv2d(h, c.w as TF.Tensor4D, chans[k][2], 'same'), c.b)); });
  return tf.add(tf.matMul(tf.mean(h, [1, 2]) as TF.Tensor2D, fcw as TF.Tensor2D), fcb);
};
const opt = tf.train.adam(2e-3);
for (let e = 0; e < EPOCHS; e++) {
  const t0 = performance.now();
  let loss = 0, n = 0;
  for await (const b of train.epoch(e)) {
    const x = tf.tensor4d(b.images, [b.size, S, S, 3]);
    const y = tf.oneHot(tf.tensor1d(b.labels, 'int32'), classes.length);
    const l = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(x)), true) as TF.Scalar;
    loss += (await l.data())[0] * b.size; n += b.size;
    tf.dispose([x, y, l]);
  }
  let correct = 0, total = 0;
  for await (const b of test.evaluationBatches()) {
    const pred = tf.tidy(() => forward(tf.tensor4d(b.images, [b.size, S, S, 3])).argMax(1));
    const p = await pred.data(); pred.dispose();
    p.forEach((v, i) => { if (v === b.labels[i]) correct++; total++; });
  }
  console.log(`epoch ${e} loss ${(loss / n).toFixed(3)} test acc ${(correct / total).toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(1)} s, ${(n / ((performance.now() - t0) / 1000)).toFixed(1)} img/s)`);
}
