// One MGE-CNN expert: its own backbone and three classifier heads (models/local_cam.py of the
// original): `logits` = GAP(conv5) → FC; `max` = 1×1 conv (10·C maps) on detached conv4 → ReLU →
// global max pool → FC; `cat` = FC over [10·L2norm(GAP conv5), 10·L2norm(part features)], detached.
import * as tf from '@tensorflow/tfjs-core';
import type { BackboneName } from '../../../shared/config';
import type { Rng } from '../../../shared/random';
import { relu } from '../nn/activations';
import { Conv2d } from '../nn/conv2d';
import { detach } from '../nn/detach';
import { Linear } from '../nn/linear';
import { Module } from '../nn/module';
import { globalAvgPool, globalMaxPool } from '../nn/pooling';
import type { Backbone } from './backbones/backbone';
import { createBackbone } from './backbones/registry';
import { CLASSIFIER_INIT_STD } from './heads';

/** Part maps per class of the `max` head (the original's conv6: 10·C channels). */
export const PART_MAPS_PER_CLASS = 10;
/** Scale of the L2-normalised features fed to the `cat` head. */
const CAT_FEATURE_SCALE = 10;

export interface ExpertOutput {
  /** conv5 features [B, h, w, K5] (for the class activation map). */
  conv5: tf.Tensor4D;
  logits: tf.Tensor2D;
  max: tf.Tensor2D;
  cat: tf.Tensor2D;
}

function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12)));
}

export class Expert extends Module {
  readonly backbone: Backbone;
  /** The `logits` head; its kernel [K5, C] also gives the class activation map. */
  readonly classifier: Linear;
  readonly partConv: Conv2d;
  readonly partClassifier: Linear;
  readonly catClassifier: Linear;

  constructor(rng: Rng, backbone: BackboneName, numClasses: number) {
    super();
    this.backbone = this.addModule('backbone', createBackbone(backbone, rng.fork('backbone')));
    const heads = rng.fork('heads');
    const k4 = this.backbone.conv4Channels;
    const k5 = this.backbone.conv5Channels;
    const parts = PART_MAPS_PER_CLASS * numClasses;
    this.classifier = this.addModule('classifier', new Linear(heads, k5, numClasses, { weightStd: CLASSIFIER_INIT_STD }));
    this.partConv = this.addModule('partConv', new Conv2d(heads, k4, parts, { kernelSize: 1, bias: true }));
    this.partClassifier = this.addModule('partClassifier', new Linear(heads, parts, numClasses, { weightStd: CLASSIFIER_INIT_STD }));
    this.catClassifier = this.addModule('catClassifier', new Linear(heads, k5 + parts, numClasses, { weightStd: CLASSIFIER_INIT_STD }));
  }

  run(x: tf.Tensor4D, training: boolean): ExpertOutput {
    return tf.tidy(() => {
      const conv4 = this.backbone.conv4(x, training);
      const conv5 = this.backbone.conv5(conv4, training);
      const pooled = globalAvgPool(conv5);
      const logits = this.classifier.apply(pooled);
      // The part branch learns on conv4 without changing the backbone.
      const parts = globalMaxPool(relu(this.partConv.apply(detach(conv4))));
      const max = this.partClassifier.apply(parts);
      // The `cat` head only trains its own FC.
      const scaled = (f: tf.Tensor2D) => tf.mul<tf.Tensor2D>(l2Normalize(detach(f)), CAT_FEATURE_SCALE);
      const catInput = tf.concat([scaled(pooled), scaled(parts)], 1);
      const cat = this.catClassifier.apply(catInput);
      return { conv5, logits, max, cat };
    });
  }
}
