// MGE-CNN (Zhang et al., ICCV 2019), as its authors built it (design §4; lbzhang/MGE-CNN
// models/local_cam.py and trainer/train.py):
// - T = 3 experts + 1 gate, each with its own backbone;
// - granularity chain: expert 1 sees the image; its class activation map (ground-truth class in
//   training, its own predicted class at test), computed in closed form from its `logits` head,
//   bounds a crop of its own input, resized back to the input size, that expert 2 sees; expert 3
//   sees the crop of the crop. Crops carry no gradient between experts;
// - gate: softmax weights over the experts; final logits = Σ_t gate_t · (detached) cat logits_t;
// - loss: 10 cross-entropies (3 heads × 3 experts + the gate mixture) + diversityWeight × the
//   diversity terms between neighbouring experts on the non-target classes.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../shared/random';
import { detach } from '../nn/detach';
import { Module } from '../nn/module';
import { boxFromMap, classActivationMap, cropToBoxes } from './cam';
import { validateModelConfig } from './config';
import { Expert } from './expert';
import { Gate } from './gate';
import { crossEntropy, diversityLoss } from './losses';
import type { ClassifierModel, ForwardOptions, ForwardOutput, LossOutput, ModelConfig } from './types';

export const NUM_EXPERTS = 3;
export const EXPERT_HEADS = ['logits', 'max', 'cat'] as const;

export class MgeCnnModel extends Module implements ClassifierModel {
  readonly name = 'mgecnn' as const;
  readonly config: ModelConfig;
  readonly reportedHeads = ['final', ...Array.from({ length: NUM_EXPERTS }, (_, t) => `expert${t + 1}`)];
  readonly experts: Expert[];
  readonly gate: Gate;

  constructor(config: ModelConfig) {
    super();
    validateModelConfig(config);
    this.config = { ...config };
    const rng = new Rng(config.seed);
    this.experts = [];
    for (let t = 1; t <= NUM_EXPERTS; t++) {
      this.experts.push(this.addModule(`expert${t}`, new Expert(rng.fork(`expert${t}`), config.backbone, config.numClasses)));
    }
    this.gate = this.addModule('gate', new Gate(rng.fork('gate'), config.backbone, NUM_EXPERTS));
  }

  forward(images: tf.Tensor4D, options: ForwardOptions & { keepInputs?: boolean }): ForwardOutput {
    const { training, labels, keepInputs } = options;
    const result = tf.tidy(() => {
      const [, height, width] = images.shape;
      const logits: Record<string, tf.Tensor2D> = {};
      const experts: tf.Tensor2D[] = [];
      const boxes: tf.Tensor2D[] = [];
      const inputs: tf.Tensor4D[] = [tf.clone(images)];
      let input = images;
      this.experts.forEach((expert, t) => {
        const out = expert.run(input, training);
        const name = `expert${t + 1}`;
        logits[`${name}.logits`] = out.logits;
        logits[`${name}.max`] = out.max;
        logits[`${name}.cat`] = out.cat;
        experts.push(out.cat);
        if (t === this.experts.length - 1) return;
        // The class whose map drives the crop: ground truth in training, the expert's own
        // prediction (argmax of its `logits` head) at test (and in training when no labels are
        // given). Everything below is detached: no gradient flows from one expert to the next.
        const classes = training && labels ? labels : (tf.argMax(detach(out.logits), 1) as tf.Tensor1D);
        const map = classActivationMap(detach(out.conv5), detach(expert.classifier.kernel) as tf.Tensor2D, classes);
        const box = boxFromMap(map, this.config.boxThreshold, [height, width]);
        boxes.push(box);
        input = detach(cropToBoxes(input, box, [height, width]));
        inputs.push(input);
      });
      const gateWeights = this.gate.apply(images, training);
      // Σ_t gate_t · cat_t with the experts' cat logits detached: the gate's CE only trains the gate.
      const stacked = tf.stack(experts.map((e) => detach(e)), 2); // [B, C, T]
      const final = tf.sum(tf.mul(stacked, tf.expandDims(gateWeights, 1)), 2) as tf.Tensor2D;
      logits.gate = final;
      const output: ForwardOutput = {
        logits,
        final,
        experts,
        gateWeights,
        boxes: tf.stack(boxes, 1) as tf.Tensor3D,
      };
      if (keepInputs) output.expertInputs = inputs;
      return output as unknown as tf.TensorContainerObject;
    });
    return result as unknown as ForwardOutput;
  }

  loss(output: ForwardOutput, labels: tf.Tensor1D): LossOutput {
    const result = tf.tidy(() => {
      const terms: Record<string, tf.Scalar> = {};
      const ce: tf.Scalar[] = [];
      for (let t = 1; t <= NUM_EXPERTS; t++) {
        for (const head of EXPERT_HEADS) {
          const term = crossEntropy(this.head(output, `expert${t}.${head}`), labels);
          terms[`ce.expert${t}.${head}`] = term;
          ce.push(term);
        }
      }
      terms['ce.gate'] = crossEntropy(this.head(output, 'gate'), labels);
      ce.push(terms['ce.gate']);
      // Diversity between neighbouring experts, on their `logits` heads (GAP(conv5) → FC), so that
      // it shapes the experts' features; the earlier expert is the (detached) reference.
      const kl: tf.Scalar[] = [];
      for (let t = 1; t < NUM_EXPERTS; t++) {
        const term = diversityLoss(this.head(output, `expert${t}.logits`), this.head(output, `expert${t + 1}.logits`), labels);
        terms[`kl.expert${t}-expert${t + 1}`] = term;
        kl.push(term);
      }
      const total = tf.add(tf.addN(ce), tf.mul(tf.addN(kl), this.config.diversityWeight)) as tf.Scalar;
      return { total, terms } as unknown as tf.TensorContainerObject;
    });
    return result as unknown as LossOutput;
  }

  private head(output: ForwardOutput, name: string): tf.Tensor2D {
    const logits = output.logits[name];
    if (!logits) throw new Error(`mgecnn loss: the forward output has no "${name}" head`);
    return logits;
  }
}
