// Backbones: conv4 / conv5 shapes and channels, and the exact parameter counts of the PyTorch
// references (torchvision's resnet*/mobilenet_v2 without their ImageNet fc, and resnet-tiny).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKBONE_NAMES, type BackboneName } from '../../../shared/config';
import { Rng } from '../../../shared/random';
import { backboneChannels, createBackbone } from '../../../main/trainer/models/backbones/registry';
import { randomImages, useCpuBackend } from './setup';

beforeAll(useCpuBackend);

// torchvision parameter counts minus the 1000-way fc (in·1000 + 1000).
const PARAMETER_COUNTS: Record<BackboneName, number> = {
  // cbn(3,32,3,2) + Basic(32,32,1) + Basic(32,64,2) + Basic(64,128,2) + Basic(128,256,2)
  'resnet-tiny': 864 + 64 + (2 * 9216 + 128) + (18432 + 36864 + 2048 + 384) + (73728 + 147456 + 8192 + 768) + (294912 + 589824 + 32768 + 1536),
  resnet18: 11_689_512 - 513_000,
  resnet34: 21_797_672 - 513_000,
  resnet50: 25_557_032 - 2_049_000,
  resnet101: 44_549_160 - 2_049_000,
  resnet152: 60_192_808 - 2_049_000,
  mobilenetv2: 3_504_872 - 1_281_000,
};

const CHANNELS: Record<BackboneName, [number, number]> = {
  'resnet-tiny': [128, 256],
  resnet18: [256, 512],
  resnet34: [256, 512],
  resnet50: [1024, 2048],
  resnet101: [1024, 2048],
  resnet152: [1024, 2048],
  mobilenetv2: [96, 1280],
};

describe('backbones', () => {
  for (const name of BACKBONE_NAMES) {
    it(`${name}: conv4 / conv5 shapes and channels, PyTorch parameter count`, () => {
      const backbone = createBackbone(name, new Rng(0));
      try {
        const [c4, c5] = CHANNELS[name];
        expect([backbone.conv4Channels, backbone.conv5Channels]).toEqual([c4, c5]);
        expect(backboneChannels(name)).toEqual({ conv4Channels: c4, conv5Channels: c5 });
        const params = backbone.parameters();
        expect(params.reduce((n, p) => n + p.variable.size, 0)).toBe(PARAMETER_COUNTS[name]);
        expect(params.every((p) => p.group === 'backbone')).toBe(true);
        expect(new Set(params.map((p) => p.name)).size).toBe(params.length);
        tf.tidy(() => {
          const x = randomImages(1, 32);
          const f4 = backbone.conv4(x, false);
          const f5 = backbone.conv5(f4, false);
          // resnet-tiny has no max pool: conv4 at stride 8, conv5 at stride 16
          const side = name === 'resnet-tiny' ? 4 : 2;
          expect(f4.shape).toEqual([1, side, side, c4]);
          expect(f5.shape).toEqual([1, side / 2, side / 2, c5]);
          expect(Number.isFinite(tf.sum(f5).dataSync()[0])).toBe(true);
        });
      } finally {
        backbone.dispose();
      }
    });
  }

  it('resnet-tiny has the reference structure and names', () => {
    const backbone = createBackbone('resnet-tiny', new Rng(0));
    const shapes = Object.fromEntries(backbone.parameters().map((p) => [p.name, p.variable.shape]));
    expect(shapes['conv1.kernel']).toEqual([3, 3, 3, 32]);
    expect(shapes['layer1.0.conv1.kernel']).toEqual([3, 3, 32, 32]);
    expect(shapes['layer1.0.downsample.0.kernel']).toBeUndefined();
    expect(shapes['layer2.0.conv1.kernel']).toEqual([3, 3, 32, 64]);
    expect(shapes['layer2.0.downsample.0.kernel']).toEqual([1, 1, 32, 64]);
    expect(shapes['layer4.0.conv2.kernel']).toEqual([3, 3, 256, 256]);
    expect([...backbone.state().keys()]).toContain('layer4.0.bn2.runningVar');
    tf.tidy(() => {
      const f4 = backbone.conv4(randomImages(2, 48), true);
      expect(f4.shape).toEqual([2, 6, 6, 128]);
      expect(backbone.conv5(f4, true).shape).toEqual([2, 3, 3, 256]);
    });
    backbone.dispose();
  });
});
