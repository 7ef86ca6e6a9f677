// Shared set-up of the model tests: the pure-JS 'cpu' backend, tfjs-core's gradient definitions
// (its Node bundle registers none; vitest can load the ESM registration module), small helpers.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { Rng } from '../../../shared/random';
import { installFastCpuConv2DBackpropFilter } from './fast-cpu-conv-grad';
import type { ClassifierModel, ModelConfig } from '../../../main/trainer/models/types';

/** The 'cpu' backend, with the test-only fast Conv2DBackpropFilter (see fast-cpu-conv-grad.ts). */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  installFastCpuConv2DBackpropFilter();
}

export function tinyConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return { numClasses: 3, backbone: 'resnet-tiny', imgSize: 32, boxThreshold: 0.2, diversityWeight: 1, seed: 0, ...overrides };
}

/** Seeded random images in [0, 1), [n, size, size, 3]. */
export function randomImages(n: number, size: number, seed = 1): tf.Tensor4D {
  const rng = new Rng(seed);
  const values = new Float32Array(n * size * size * 3);
  for (let i = 0; i < values.length; i++) values[i] = rng.next();
  return tf.tensor4d(values, [n, size, size, 3]);
}

export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

export function absSum(t: tf.Tensor): number {
  return tf.tidy(() => tf.sum(tf.abs(t)).dataSync()[0]);
}

/** Plain SGD (optional momentum) over every parameter of `model`; returns the total loss before the update. */
export class TinySgd {
  private readonly velocity = new Map<tf.Variable, tf.Variable>();

  constructor(
    private readonly model: ClassifierModel,
    private readonly lr: number,
    private readonly momentum = 0,
  ) {}

  step(images: tf.Tensor4D, labels: tf.Tensor1D): number {
    const vars = this.model.parameters().map((p) => p.variable);
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => this.model.loss(this.model.forward(images, { training: true, labels }), labels).total, vars);
      for (const v of vars) {
        const g = grads[v.name];
        if (!g) continue;
        let update = g;
        if (this.momentum > 0) {
          const buf = this.velocity.get(v);
          if (buf) {
            buf.assign(tf.add(tf.mul(buf, this.momentum), g));
            update = buf;
          } else {
            this.velocity.set(v, tf.variable(g, false));
          }
        }
        v.assign(tf.sub(v, tf.mul(update, this.lr)));
      }
      return value.dataSync()[0];
    });
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
    this.velocity.clear();
  }
}

/** Fraction of rows of `logits` whose argmax equals `labels`. */
export function accuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): number {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'float32')).dataSync()[0]);
}

/** Seeded standard-normal tensor of any shape. */
export function randomNormal(shape: number[], seed = 1): tf.Tensor {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = rng.normal();
  return tf.tensor(data, shape);
}
