// The baseline: one backbone → GAP(conv5) → FC (the original's models/base.py).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../shared/random';
import { Linear } from '../nn/linear';
import { Module } from '../nn/module';
import { globalAvgPool } from '../nn/pooling';
import type { Backbone } from './backbones/backbone';
import { createBackbone } from './backbones/registry';
import { validateModelConfig } from './config';
import { CLASSIFIER_INIT_STD } from './heads';
import { crossEntropy } from './losses';
import type { ClassifierModel, ForwardOptions, ForwardOutput, LossOutput, ModelConfig } from './types';

export class BaselineModel extends Module implements ClassifierModel {
  readonly name = 'baseline' as const;
  readonly config: ModelConfig;
  readonly reportedHeads = ['final'];
  readonly backbone: Backbone;
  readonly classifier: Linear;

  constructor(config: ModelConfig) {
    super();
    validateModelConfig(config);
    this.config = { ...config };
    const rng = new Rng(config.seed);
    this.backbone = this.addModule('backbone', createBackbone(config.backbone, rng.fork('backbone')));
    const k5 = this.backbone.conv5Channels;
    this.classifier = this.addModule('classifier', new Linear(rng.fork('classifier'), k5, config.numClasses, { weightStd: CLASSIFIER_INIT_STD }));
  }

  forward(images: tf.Tensor4D, options: ForwardOptions & { keepInputs?: boolean }): ForwardOutput {
    const logits = tf.tidy(() => {
      const conv5 = this.backbone.conv5(this.backbone.conv4(images, options.training), options.training);
      return this.classifier.apply(globalAvgPool(conv5));
    });
    return { logits: { logits }, final: logits, experts: [] };
  }

  loss(output: ForwardOutput, labels: tf.Tensor1D): LossOutput {
    const ce = crossEntropy(output.logits.logits, labels);
    return { total: ce, terms: { 'ce.logits': ce } };
  }
}
