// MGE-CNN's gating network: its own backbone on the full image → GAP → FC(512) → FC(T) → softmax
// (the original's cls_gate = Sequential(Linear(2048, 512), Linear(512, 3)), with no activation
// between the two layers).
import * as tf from '@tensorflow/tfjs-core';
import type { BackboneName } from '../../../shared/config';
import type { Rng } from '../../../shared/random';
import { Linear } from '../nn/linear';
import { Module } from '../nn/module';
import { globalAvgPool } from '../nn/pooling';
import type { Backbone } from './backbones/backbone';
import { createBackbone } from './backbones/registry';
import { CLASSIFIER_INIT_STD } from './heads';

export const GATE_HIDDEN = 512;

export class Gate extends Module {
  readonly backbone: Backbone;
  readonly fc1: Linear;
  readonly fc2: Linear;

  constructor(rng: Rng, backbone: BackboneName, numExperts: number) {
    super();
    this.backbone = this.addModule('backbone', createBackbone(backbone, rng.fork('backbone')));
    const heads = rng.fork('heads');
    this.fc1 = this.addModule('fc1', new Linear(heads, this.backbone.conv5Channels, GATE_HIDDEN));
    // Small last layer: the gate starts close to uniform.
    this.fc2 = this.addModule('fc2', new Linear(heads, GATE_HIDDEN, numExperts, { weightStd: CLASSIFIER_INIT_STD }));
  }

  /** Gate weights [B, T] (softmax). */
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      const conv5 = this.backbone.conv5(this.backbone.conv4(x, training), training);
      return tf.softmax(this.fc2.apply(this.fc1.apply(globalAvgPool(conv5))));
    });
  }
}
