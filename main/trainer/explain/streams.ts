// What the explainer needs from a model: its explainable networks ("streams") — each MGE-CNN expert, or the
// baseline's backbone — with the input each one saw, a way to stop at the target layer, and the GAP + linear
// head that turns that layer's activation into class scores. The head used is the one whose map drives
// MGE-CNN's crops (each expert's `logits` head): the `max` and `cat` heads read detached features, so no
// gradient reaches the backbone through them.
import * as tf from '@tensorflow/tfjs-core';
import { CAM_LAYERS, type CamLayer } from '../../../shared/gallery';
import { BaselineModel } from '../models/baseline';
import type { Backbone } from '../models/backbones/backbone';
import { MgeCnnModel } from '../models/mgecnn';
import type { ClassifierModel, ForwardOutput } from '../models/types';
import type { Linear } from '../nn/linear';
import { globalAvgPool } from '../nn/pooling';

export interface CamStream {
  /** "expert1".."expert3" or "backbone". */
  readonly name: string;
  /** Target-layer activation [B, h, w, K] of `input` (inference mode). */
  activation(input: tf.Tensor4D, layer: CamLayer): tf.Tensor4D;
  /** Class scores [B, C] of the GAP + linear head, computed from the target layer's activation (differentiable in it). */
  scores(activation: tf.Tensor4D, layer: CamLayer): tf.Tensor2D;
  /** The GAP + linear head's kernel [K5, C]: the closed-form CAM weights at conv5. */
  readonly classifierKernel: tf.Variable;
}

/** One inference pass with what the explainer needs; the caller disposes it (disposeModelPass). */
export interface ModelPass {
  output: ForwardOutput;
  /** The input of each stream, [B, H, W, 3] each, in stream order. */
  inputs: tf.Tensor4D[];
}

export interface ExplainableModel {
  readonly model: ClassifierModel;
  readonly streams: CamStream[];
  run(images: tf.Tensor4D): ModelPass;
}

class BackboneStream implements CamStream {
  constructor(
    readonly name: string,
    private readonly backbone: Backbone,
    private readonly classifier: Linear,
  ) {}

  get classifierKernel(): tf.Variable {
    return this.classifier.kernel;
  }

  activation(input: tf.Tensor4D, layer: CamLayer): tf.Tensor4D {
    return tf.tidy(() => {
      const conv4 = this.backbone.conv4(input, false);
      return layer === 'conv4' ? conv4 : this.backbone.conv5(conv4, false);
    });
  }

  scores(activation: tf.Tensor4D, layer: CamLayer): tf.Tensor2D {
    return tf.tidy(() => {
      const conv5 = layer === 'conv4' ? this.backbone.conv5(activation, false) : activation;
      return this.classifier.apply(globalAvgPool(conv5));
    });
  }
}

export function checkCamLayer(layer: string): CamLayer {
  if (!(CAM_LAYERS as readonly string[]).includes(layer)) throw new Error(`Unknown target layer "${layer}" (known: ${CAM_LAYERS.join(', ')})`);
  return layer as CamLayer;
}

/** The explainable view of any registered model. */
export function explainableModel(model: ClassifierModel): ExplainableModel {
  if (model instanceof MgeCnnModel) {
    return {
      model,
      streams: model.experts.map((expert, t) => new BackboneStream(`expert${t + 1}`, expert.backbone, expert.classifier)),
      run(images) {
        const output = model.forward(images, { training: false, keepInputs: true });
        const inputs = output.expertInputs ?? [];
        if (inputs.length !== model.experts.length) throw new Error('mgecnn forward returned no expert inputs');
        return { output, inputs };
      },
    };
  }
  if (model instanceof BaselineModel) {
    return {
      model,
      streams: [new BackboneStream('backbone', model.backbone, model.classifier)],
      run(images) {
        return { output: model.forward(images, { training: false }), inputs: [tf.clone(images)] };
      },
    };
  }
  throw new Error(`model "${model.name}" has no class-activation-map support`);
}

/** Disposes every tensor of a pass (the output's heads may share tensors: each is disposed once). */
export function disposeModelPass(pass: ModelPass): void {
  const { output, inputs } = pass;
  const tensors = new Set<tf.Tensor>([...Object.values(output.logits), output.final, ...output.experts, ...inputs, ...(output.expertInputs ?? [])]);
  if (output.gateWeights) tensors.add(output.gateWeights);
  if (output.boxes) tensors.add(output.boxes);
  for (const t of tensors) t.dispose();
}
