// SGD with momentum and weight decay, PyTorch semantics (g ← g + wd·w; v ← μ·v + g; w ← w − lr·v),
// with one learning rate per parameter group (backbones and heads), as the original MGE-CNN trained.
import * as tf from '@tensorflow/tfjs-core';
import type { Parameter } from '../models/types';

export interface SgdOptions {
  momentum: number;
  weightDecay: number;
}

export type LearningRates = Record<Parameter['group'], number>;

export class SgdOptimizer {
  /** Momentum buffer per parameter name; created lazily like PyTorch's, so step 1 uses v = g. */
  private readonly velocity = new Map<string, tf.Variable>();

  constructor(
    private readonly parameters: Parameter[],
    private readonly options: SgdOptions,
  ) {}

  /** Applies one update from gradients keyed by variable name (tf.variableGrads's output). */
  step(grads: Record<string, tf.Tensor>, lr: LearningRates): void {
    const { momentum, weightDecay } = this.options;
    for (const p of this.parameters) {
      const grad = grads[p.variable.name];
      if (!grad) continue;
      tf.tidy(() => {
        let g = grad;
        if (weightDecay > 0 && p.decay) g = tf.add(g, tf.mul(p.variable, weightDecay));
        let update = g;
        if (momentum > 0) {
          const buffer = this.velocity.get(p.name);
          if (buffer) {
            buffer.assign(tf.add(tf.mul(buffer, momentum), g));
            update = buffer;
          } else {
            this.velocity.set(p.name, tf.variable(g, false, `${p.name}/momentum`));
          }
        }
        p.variable.assign(tf.sub(p.variable, tf.mul(update, lr[p.group])));
      });
    }
  }

  /** Momentum buffers by parameter name, for checkpoints. */
  slots(): Map<string, tf.Variable> {
    return this.velocity;
  }

  loadSlots(slots: Map<string, tf.Tensor>): void {
    this.disposeSlots();
    for (const [name, value] of slots) this.velocity.set(name, tf.variable(value, false, `${name}/momentum`));
  }

  dispose(): void {
    this.disposeSlots();
  }

  private disposeSlots(): void {
    for (const v of this.velocity.values()) v.dispose();
    this.velocity.clear();
  }
}
