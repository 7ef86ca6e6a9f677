// What every backbone offers the models: the image → conv4 → conv5 split of the MGE-CNN paper
// (ResNet: stem..layer3 | layer4; strides 16 and 32, except resnet-tiny, which has no max pool:
// strides 8 and 16).
import type * as tf from '@tensorflow/tfjs-core';
import type { BackboneName } from '../../../../shared/config';
import { Module } from '../../nn/module';

export abstract class Backbone extends Module {
  abstract readonly name: BackboneName;
  /** Channels of the conv4 feature map (ResNet layer3 output). */
  abstract readonly conv4Channels: number;
  /** Channels of the conv5 feature map (ResNet layer4 output). */
  abstract readonly conv5Channels: number;
  /** Image [B, H, W, 3] → conv4 features [B, H/16, W/16, conv4Channels] (sizes rounded as PyTorch; H/8 for resnet-tiny). */
  abstract conv4(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  /** conv4 features → conv5 features [B, H/32, W/32, conv5Channels] (H/16 for resnet-tiny). */
  abstract conv5(f4: tf.Tensor4D, training: boolean): tf.Tensor4D;
}
