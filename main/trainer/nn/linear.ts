// Fully connected layer y = x·W + b with W of shape [in, out].
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../../shared/random';
import { normalTensor } from './init';
import { Module } from './module';

export interface LinearOptions {
  bias?: boolean;
  /**
   * Standard deviation of the normal weight init. Default sqrt(1 / in) (He/LeCun for a linear
   * output); classifier heads use a small value (0.01) so that the loss at init is ≈ ln C.
   */
  weightStd?: number;
}

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | null;

  constructor(rng: Rng, inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const std = options.weightStd ?? Math.sqrt(1 / inFeatures);
    this.kernel = this.addParam('kernel', normalTensor(rng, [inFeatures, outFeatures], std), true);
    this.bias = options.bias === false ? null : this.addParam('bias', tf.zeros([outFeatures]), false);
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const y = tf.matMul<tf.Tensor2D>(x, this.kernel);
      return this.bias ? tf.add<tf.Tensor2D>(y, this.bias) : y;
    });
  }
}
