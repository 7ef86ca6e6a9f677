// MobileNetV2 (width 1.0, torchvision layout): stem conv3×3/2 (32) → inverted residual stages
// (t, c, n, s) → conv1×1 to 1280, ReLU6 throughout, linear bottlenecks. conv4 ends with the
// stride-16 stage (96 channels), conv5 is the rest (160, 320 stages and the 1280 conv).
// Random He init: no pretrained ImageNet weights are available offline.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../../../shared/random';
import { Module, ModuleList } from '../../nn/module';
import { Backbone } from './backbone';
import { ConvBn } from './conv-bn';

/** Expansion t, output channels c, repeats n, first stride s. */
export const MOBILENETV2_SETTINGS: ReadonlyArray<readonly [number, number, number, number]> = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];
/** Number of setting rows that make up conv4 (through the 96-channel, stride-16 stage). */
const CONV4_STAGES = 5;
const STEM_CHANNELS = 32;
const LAST_CHANNELS = 1280;

interface Feature extends Module {
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
}

export class InvertedResidual extends Module implements Feature {
  readonly expand: ConvBn | null;
  readonly depthwise: ConvBn;
  readonly project: ConvBn;
  readonly useResidual: boolean;

  constructor(rng: Rng, inChannels: number, outChannels: number, stride: number, expandRatio: number) {
    super();
    const hidden = Math.round(inChannels * expandRatio);
    this.expand = expandRatio !== 1 ? this.addModule('expand', new ConvBn(rng, inChannels, hidden, { kernelSize: 1, activation: 'relu6' })) : null;
    this.depthwise = this.addModule('depthwise', new ConvBn(rng, hidden, hidden, { kernelSize: 3, stride, depthwise: true, activation: 'relu6' }));
    this.project = this.addModule('project', new ConvBn(rng, hidden, outChannels, { kernelSize: 1, activation: 'none' }));
    this.useResidual = stride === 1 && inChannels === outChannels;
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      let h = this.expand ? this.expand.apply(x, training) : x;
      h = this.depthwise.apply(h, training);
      h = this.project.apply(h, training);
      return this.useResidual ? tf.add(x, h) : h;
    });
  }
}

export class MobileNetV2 extends Backbone {
  readonly name = 'mobilenetv2' as const;
  readonly conv4Channels: number;
  readonly conv5Channels = LAST_CHANNELS;
  readonly features: ModuleList<Feature>;
  /** Index in `features` of the first conv5 module. */
  private readonly splitIndex: number;

  constructor(rng: Rng) {
    super();
    this.features = this.addModule('features', new ModuleList<Feature>());
    this.features.push(new ConvBn(rng, 3, STEM_CHANNELS, { kernelSize: 3, stride: 2, activation: 'relu6' }));
    let channels = STEM_CHANNELS;
    let conv4Channels = 0;
    let splitIndex = 0;
    MOBILENETV2_SETTINGS.forEach(([t, c, n, s], stage) => {
      for (let i = 0; i < n; i++) {
        this.features.push(new InvertedResidual(rng, channels, c, i === 0 ? s : 1, t));
        channels = c;
      }
      if (stage === CONV4_STAGES - 1) {
        conv4Channels = channels;
        splitIndex = this.features.length;
      }
    });
    this.features.push(new ConvBn(rng, channels, LAST_CHANNELS, { kernelSize: 1, activation: 'relu6' }));
    this.conv4Channels = conv4Channels;
    this.splitIndex = splitIndex;
  }

  private run(x: tf.Tensor4D, from: number, to: number, training: boolean): tf.Tensor4D {
    return tf.tidy(() => this.features.items.slice(from, to).reduce((h, f) => f.apply(h, training), x));
  }

  conv4(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.run(x, 0, this.splitIndex, training);
  }

  conv5(f4: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.run(f4, this.splitIndex, this.features.length, training);
  }
}
