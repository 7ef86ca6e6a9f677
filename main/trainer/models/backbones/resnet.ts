// ResNets (torchvision v1.5 layout: stride on the 3×3 conv of the bottleneck; projection
// shortcut conv1×1 + BN when the shape changes), plus the small `resnet-tiny` for CPU runs.
// Parameter names follow torchvision (conv1, bn1, layer1.0.conv1, layer1.0.downsample.0, ...).
// Random He init: no pretrained ImageNet weights are available offline.
import * as tf from '@tensorflow/tfjs-core';
import type { BackboneName } from '../../../../shared/config';
import type { Rng } from '../../../../shared/random';
import { relu } from '../../nn/activations';
import { BatchNorm2d } from '../../nn/batchnorm';
import { Conv2d } from '../../nn/conv2d';
import { Module, ModuleList } from '../../nn/module';
import { maxPool2d } from '../../nn/pooling';
import { Backbone } from './backbone';

export type ResNetBlockKind = 'basic' | 'bottleneck';

export interface ResNetSpec {
  block: ResNetBlockKind;
  /** Blocks per stage (layer1..layer4). */
  layers: [number, number, number, number];
  /** Base width of each stage (output channels = width × expansion). */
  widths: [number, number, number, number];
  /** Stride of each stage's first block. */
  strides: [number, number, number, number];
  stem: { channels: number; kernelSize: number; stride: number; maxPool: boolean };
}

const STANDARD_STEM = { channels: 64, kernelSize: 7, stride: 2, maxPool: true };
const STANDARD_WIDTHS: [number, number, number, number] = [64, 128, 256, 512];
const STANDARD_STRIDES: [number, number, number, number] = [1, 2, 2, 2];

export const RESNET_SPECS = {
  // PyTorch reference: cbn(3,32,3,2); Basic(32,32,1), Basic(32,64,2), Basic(64,128,2), Basic(128,256,2).
  'resnet-tiny': { block: 'basic', layers: [1, 1, 1, 1], widths: [32, 64, 128, 256], strides: [1, 2, 2, 2], stem: { channels: 32, kernelSize: 3, stride: 2, maxPool: false } },
  resnet18: { block: 'basic', layers: [2, 2, 2, 2], widths: STANDARD_WIDTHS, strides: STANDARD_STRIDES, stem: STANDARD_STEM },
  resnet34: { block: 'basic', layers: [3, 4, 6, 3], widths: STANDARD_WIDTHS, strides: STANDARD_STRIDES, stem: STANDARD_STEM },
  resnet50: { block: 'bottleneck', layers: [3, 4, 6, 3], widths: STANDARD_WIDTHS, strides: STANDARD_STRIDES, stem: STANDARD_STEM },
  resnet101: { block: 'bottleneck', layers: [3, 4, 23, 3], widths: STANDARD_WIDTHS, strides: STANDARD_STRIDES, stem: STANDARD_STEM },
  resnet152: { block: 'bottleneck', layers: [3, 8, 36, 3], widths: STANDARD_WIDTHS, strides: STANDARD_STRIDES, stem: STANDARD_STEM },
} as const satisfies Record<string, ResNetSpec>;

export type ResNetName = keyof typeof RESNET_SPECS;

export function blockExpansion(kind: ResNetBlockKind): number {
  return kind === 'basic' ? 1 : 4;
}

/** Projection shortcut: conv1×1(stride) + BN, named downsample.0 / downsample.1 as in torchvision. */
class Downsample extends Module {
  readonly conv: Conv2d;
  readonly bn: BatchNorm2d;

  constructor(rng: Rng, inChannels: number, outChannels: number, stride: number) {
    super();
    this.conv = this.addModule('0', new Conv2d(rng, inChannels, outChannels, { kernelSize: 1, stride }));
    this.bn = this.addModule('1', new BatchNorm2d(outChannels));
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.bn.apply(this.conv.apply(x), training);
  }
}

interface Block extends Module {
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
}

/** out = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)). */
export class BasicBlock extends Module implements Block {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly downsample: Downsample | null;

  constructor(rng: Rng, inChannels: number, planes: number, stride: number) {
    super();
    this.conv1 = this.addModule('conv1', new Conv2d(rng, inChannels, planes, { kernelSize: 3, stride }));
    this.bn1 = this.addModule('bn1', new BatchNorm2d(planes));
    this.conv2 = this.addModule('conv2', new Conv2d(rng, planes, planes, { kernelSize: 3 }));
    this.bn2 = this.addModule('bn2', new BatchNorm2d(planes));
    this.downsample = stride !== 1 || inChannels !== planes ? this.addModule('downsample', new Downsample(rng, inChannels, planes, stride)) : null;
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const a = relu(this.bn1.apply(this.conv1.apply(x), training));
      const b = this.bn2.apply(this.conv2.apply(a), training);
      const shortcut = this.downsample ? this.downsample.apply(x, training) : x;
      return relu(tf.add(b, shortcut));
    });
  }
}

/** out = relu(bn3(conv3(relu(bn2(conv2_stride(relu(bn1(conv1(x)))))))) + shortcut(x)), expansion 4. */
export class Bottleneck extends Module implements Block {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly conv3: Conv2d;
  readonly bn3: BatchNorm2d;
  readonly downsample: Downsample | null;

  constructor(rng: Rng, inChannels: number, planes: number, stride: number) {
    super();
    const out = planes * 4;
    this.conv1 = this.addModule('conv1', new Conv2d(rng, inChannels, planes, { kernelSize: 1 }));
    this.bn1 = this.addModule('bn1', new BatchNorm2d(planes));
    this.conv2 = this.addModule('conv2', new Conv2d(rng, planes, planes, { kernelSize: 3, stride }));
    this.bn2 = this.addModule('bn2', new BatchNorm2d(planes));
    this.conv3 = this.addModule('conv3', new Conv2d(rng, planes, out, { kernelSize: 1 }));
    this.bn3 = this.addModule('bn3', new BatchNorm2d(out));
    this.downsample = stride !== 1 || inChannels !== out ? this.addModule('downsample', new Downsample(rng, inChannels, out, stride)) : null;
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const a = relu(this.bn1.apply(this.conv1.apply(x), training));
      const b = relu(this.bn2.apply(this.conv2.apply(a), training));
      const c = this.bn3.apply(this.conv3.apply(b), training);
      const shortcut = this.downsample ? this.downsample.apply(x, training) : x;
      return relu(tf.add(c, shortcut));
    });
  }
}

function runStage(stage: ModuleList<Block>, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
  return tf.tidy(() => stage.items.reduce((h, block) => block.apply(h, training), x));
}

export class ResNet extends Backbone {
  readonly name: BackboneName;
  readonly spec: ResNetSpec;
  readonly conv4Channels: number;
  readonly conv5Channels: number;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly stages: ModuleList<Block>[];

  constructor(name: ResNetName, rng: Rng) {
    super();
    const spec: ResNetSpec = RESNET_SPECS[name];
    this.name = name;
    this.spec = spec;
    const expansion = blockExpansion(spec.block);
    this.conv1 = this.addModule('conv1', new Conv2d(rng, 3, spec.stem.channels, { kernelSize: spec.stem.kernelSize, stride: spec.stem.stride }));
    this.bn1 = this.addModule('bn1', new BatchNorm2d(spec.stem.channels));
    let channels = spec.stem.channels;
    this.stages = [];
    for (let s = 0; s < 4; s++) {
      const stage = this.addModule(`layer${s + 1}`, new ModuleList<Block>());
      for (let i = 0; i < spec.layers[s]; i++) {
        const stride = i === 0 ? spec.strides[s] : 1;
        const block = spec.block === 'basic' ? new BasicBlock(rng, channels, spec.widths[s], stride) : new Bottleneck(rng, channels, spec.widths[s], stride);
        stage.push(block);
        channels = spec.widths[s] * expansion;
      }
      this.stages.push(stage);
    }
    this.conv4Channels = spec.widths[2] * expansion;
    this.conv5Channels = spec.widths[3] * expansion;
  }

  conv4(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      let h = relu(this.bn1.apply(this.conv1.apply(x), training));
      if (this.spec.stem.maxPool) h = maxPool2d(h, 3, 2, 1);
      for (let s = 0; s < 3; s++) h = runStage(this.stages[s], h, training);
      return h;
    });
  }

  conv5(f4: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return runStage(this.stages[3], f4, training);
  }
}
