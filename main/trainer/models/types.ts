// The contract between the model registry and the training loop, the evaluator and (later) the CAM module.
import type * as tf from '@tensorflow/tfjs-core';
import type { BackboneName, ModelName } from '../../../shared/config';

export interface ModelConfig {
  numClasses: number;
  backbone: BackboneName;
  /** Input side in pixels (square crops). */
  imgSize: number;
  /** CAM threshold that bounds each expert's crop (mgecnn). */
  boxThreshold: number;
  /** Weight of the KL diversity terms (mgecnn). */
  diversityWeight: number;
  /** Seed of the weight initialisation. */
  seed: number;
}

/** A trainable tensor with the facts the optimiser needs. */
export interface Parameter {
  /** Unique, stable name used in checkpoints, e.g. "expert1.backbone.layer1.0.conv1.kernel". */
  name: string;
  variable: tf.Variable;
  /** Learning-rate group: pretrained-style backbone weights or new heads. */
  group: 'backbone' | 'head';
  /** Whether weight decay applies (false for BatchNorm scale/offset and biases). */
  decay: boolean;
}

export interface ForwardOptions {
  training: boolean;
  /** Ground-truth labels: in training, the class whose activation map drives each expert's crop. */
  labels?: tf.Tensor1D;
}

export interface ForwardOutput {
  /** Every classification head's logits [B, C], keyed by head name (e.g. "expert1.logits", "expert1.max", "expert1.cat", "gate"). */
  logits: Record<string, tf.Tensor2D>;
  /** The logits that make the model's prediction (gate mixture for mgecnn, the only head for baseline). */
  final: tf.Tensor2D;
  /** Per-expert prediction logits used for expert accuracy (mgecnn: each expert's "cat" head), in expert order. */
  experts: tf.Tensor2D[];
  /** Gate weights [B, T] (mgecnn). */
  gateWeights?: tf.Tensor2D;
  /** Crop box each expert passed on, normalised [y1, x1, y2, x2] in its own input, shape [B, T-1, 4] (mgecnn). */
  boxes?: tf.Tensor3D;
  /** The image each expert saw, [B, H, W, 3] per expert (mgecnn; only when requested via `keepInputs`). */
  expertInputs?: tf.Tensor4D[];
}

export interface LossOutput {
  total: tf.Scalar;
  /** Every term by name, e.g. "ce.expert1.logits", "ce.gate", "kl.expert1-expert2". */
  terms: Record<string, tf.Scalar>;
}

export interface ClassifierModel {
  readonly name: ModelName;
  readonly config: ModelConfig;
  /** Names of the heads whose accuracy is reported: "final" first, then e.g. "expert1".."expert3". */
  readonly reportedHeads: string[];
  forward(images: tf.Tensor4D, options: ForwardOptions & { keepInputs?: boolean }): ForwardOutput;
  loss(output: ForwardOutput, labels: tf.Tensor1D): LossOutput;
  parameters(): Parameter[];
  /** Every tensor that defines the model (parameters and BatchNorm running statistics), by stable name. */
  state(): Map<string, tf.Variable>;
  dispose(): void;
}
