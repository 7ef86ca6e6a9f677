// BatchNorm over the channel axis of NHWC tensors, PyTorch semantics: training mode normalises
// with the (biased) batch statistics and updates the running statistics in place
// (running = (1 - momentum)·running + momentum·batch, with the unbiased batch variance);
// eval mode normalises with the running statistics.
import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';

export interface BatchNorm2dOptions {
  /** PyTorch momentum (weight of the new batch statistic); 0.1 = tfjs/Keras decay 0.9. */
  momentum?: number;
  epsilon?: number;
}

export class BatchNorm2d extends Module {
  readonly channels: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly scale: tf.Variable;
  readonly offset: tf.Variable;
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;

  constructor(channels: number, options: BatchNorm2dOptions = {}) {
    super();
    this.channels = channels;
    this.momentum = options.momentum ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-5;
    this.scale = this.addParam('scale', tf.ones([channels]), false);
    this.offset = this.addParam('offset', tf.zeros([channels]), false);
    this.runningMean = this.addBuffer('runningMean', tf.zeros([channels]));
    this.runningVar = this.addBuffer('runningVar', tf.ones([channels]));
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const scale = this.scale as tf.Tensor1D;
    const offset = this.offset as tf.Tensor1D;
    if (!training) {
      return tf.batchNorm(x, this.runningMean as tf.Tensor1D, this.runningVar as tf.Tensor1D, offset, scale, this.epsilon);
    }
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      const y = tf.batchNorm(x, mean as tf.Tensor1D, variance as tf.Tensor1D, offset, scale, this.epsilon);
      const [b, h, w] = x.shape;
      this.updateRunningStats(mean, variance, b * h * w);
      return y;
    });
  }

  /**
   * In-place update of the running statistics. Safe inside tf.variableGrads (the update does not
   * lead to the loss, so it is pruned from the backward pass) and inside tf.tidy (the variables
   * keep their own reference to the new values; the old values are released by assign).
   */
  private updateRunningStats(mean: tf.Tensor, variance: tf.Tensor, count: number): void {
    tf.tidy(() => {
      const m = this.momentum;
      const unbiased = count > 1 ? tf.mul(variance, count / (count - 1)) : variance;
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(unbiased, m)));
    });
  }
}
