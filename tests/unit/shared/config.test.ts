import { describe, expect, it } from 'vitest';
import { CONFIG_PRESETS, formatFieldErrors, parseRunConfig } from '../../../shared/config';

describe('run config schema', () => {
  it('fills the paper defaults around a dataset', () => {
    const result = parseRunConfig({ dataset: 'synthetic' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      seed: 0,
      imgSize: 448,
      model: 'mgecnn',
      backbone: 'resnet50',
      epochs: 100,
      batchSize: 10,
      lr: 0.01,
      backboneLr: 0.001,
      momentum: 0.9,
      weightDecay: 1e-4,
      boxThreshold: 0.2,
      lrStepEpochs: 30,
      lrGamma: 0.1,
      gpuIds: [],
      backend: 'auto',
      split: { testFraction: 0.2, valFraction: 0, aircraftLevel: 'variant' },
    });
  });

  it('applies the quick CPU preset and lets explicit values win', () => {
    const result = parseRunConfig({ dataset: 'synthetic', epochs: 2 }, 'quick-cpu');
    expect(result.ok && result.config.backbone).toBe('resnet-tiny');
    expect(result.ok && result.config.epochs).toBe(2);
    expect(CONFIG_PRESETS['quick-cpu'].imgSize).toBeLessThan(CONFIG_PRESETS.paper.imgSize);
  });

  it('normalises gpu ids from the original "6,7" spelling', () => {
    const result = parseRunConfig({ dataset: 'x', gpuIds: ' 7,6,6 ' });
    expect(result.ok && result.config.gpuIds).toEqual([6, 7]);
  });

  it.each([
    [{ epochs: 0 }, 'epochs', 'at least 1'],
    [{ epochs: 2.5 }, 'epochs', 'whole number'],
    [{ batchSize: -3 }, 'batchSize', 'at least 1'],
    [{ lr: 0 }, 'lr', 'greater than 0'],
    [{ momentum: 1 }, 'momentum', 'below 1'],
    [{ boxThreshold: 1.5 }, 'boxThreshold', 'between 0 and 1'],
    [{ model: 'vgg' }, 'model', 'mgecnn, baseline'],
    [{ backbone: 'resnet9' }, 'backbone', 'resnet-tiny'],
    [{ backend: 'cuda' }, 'backend', 'tensorflow'],
    [{ gpuIds: '6,a' }, 'gpuIds', '"a" is not a GPU index'],
    [{ imgSize: 8 }, 'imgSize', 'at least 16'],
    [{ split: { testFraction: 0.95 } }, 'split.testFraction', 'at most 0.9'],
    [{ split: { aircraftLevel: 'model' } }, 'split.aircraftLevel', 'variant, family, manufacturer'],
  ])('rejects %j with a message naming %s', (bad, field, fragment) => {
    const result = parseRunConfig({ dataset: 'synthetic', ...(bad as object) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.errors.find((e) => e.field === field);
    expect(error, JSON.stringify(result.errors)).toBeDefined();
    expect(error!.message).toContain(fragment);
  });

  it('rejects unknown settings and a missing dataset', () => {
    const result = parseRunConfig({ dataset: '', learningRate: 3 } as never);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = formatFieldErrors(result.errors);
    expect(text).toContain('learningRate');
    expect(text).toContain('dataset');
  });
});
