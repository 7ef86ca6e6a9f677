// The gallery index schema (what readers may rely on) and the stratified, seeded sample.
import { describe, expect, it } from 'vitest';
import { GALLERY_FORMAT, galleryIndexSchema, type GalleryIndex } from '../../../shared/gallery';
import { stratifiedSample } from '../../../main/trainer/gallery';

function validIndex(): GalleryIndex {
  const score = (index: number, probability: number) => ({ index, name: `c${index}`, probability });
  return {
    format: GALLERY_FORMAT,
    createdAt: '2026-01-01T00:00:00.000Z',
    epoch: 3,
    model: { name: 'mgecnn', backbone: 'resnet-tiny', imgSize: 32, boxThreshold: 0.2 },
    classes: ['c0', 'c1'],
    cam: { method: 'gradcam', layer: 'conv5', target: 'predicted', colormap: 'turbo', opacity: 0.5, imageFormat: 'png' },
    sample: { split: 'test', requested: 64, drawn: 1, seed: 0 },
    faithfulness: { metric: 'blur-top-region-confidence-drop', fraction: 0.2, meanDrop: 0.1 },
    entries: [
      {
        id: '0001',
        source: '/data/a.png',
        input: 'epoch-0003/0001-input.png',
        truth: { index: 1, name: 'c1' },
        predicted: { index: 1, name: 'c1' },
        confidence: 0.7,
        correct: true,
        top5: [score(1, 0.7), score(0, 0.3)],
        gateWeights: [0.5, 0.25, 0.25],
        boxes: [[0, 0, 1, 1], [0.1, 0.2, 0.9, 0.8]],
        views: [
          { name: 'expert1', view: 'epoch-0003/0001-input.png', cam: 'epoch-0003/0001-expert1-cam.png', crop: 'epoch-0003/0001-expert1-crop.png', box: [0, 0, 1, 1], prediction: score(1, 0.6) },
          { name: 'expert3', view: 'epoch-0003/0001-expert2-crop.png', cam: 'epoch-0003/0001-expert3-cam.png', crop: null, box: null, prediction: score(0, 0.5) },
        ],
        modelCam: 'epoch-0003/0001-model-cam.png',
        faithfulness: { before: 0.7, after: 0.6, drop: 0.1 },
      },
    ],
    skipped: [],
  };
}

describe('gallery index schema', () => {
  it('accepts a well-formed index', () => {
    expect(galleryIndexSchema.safeParse(validIndex()).success).toBe(true);
  });

  it.each([
    ['an absolute path', (g: GalleryIndex) => void (g.entries[0].input = '/etc/passwd')],
    ['a path that leaves the folder', (g: GalleryIndex) => void (g.entries[0].modelCam = 'epoch-0003/../../x.png')],
    ['a wrong correct flag', (g: GalleryIndex) => void (g.entries[0].correct = false)],
    ['an unknown class', (g: GalleryIndex) => void (g.entries[0].predicted = { index: 5, name: 'c5' })],
    ['a probability above 1', (g: GalleryIndex) => void (g.entries[0].confidence = 1.5)],
    ['more than five top classes', (g: GalleryIndex) => void (g.entries[0].top5 = Array.from({ length: 6 }, (_, i) => ({ index: 0, name: 'c0', probability: i / 10 })))],
    ['an unknown method', (g: GalleryIndex) => void ((g.cam as { method: string }).method = 'scorecam')],
    ['another format', (g: GalleryIndex) => void ((g as { format: string }).format = 'mge-gallery/0')],
    ['an unexpected field', (g: GalleryIndex) => void ((g.entries[0] as Record<string, unknown>).extra = 1)],
  ])('rejects %s', (_, damage) => {
    const index = validIndex();
    damage(index);
    expect(galleryIndexSchema.safeParse(index).success).toBe(false);
  });
});

describe('stratifiedSample', () => {
  const samples = [...Array(10).fill(0), ...Array(3).fill(1), ...Array(7).fill(2)].map((label) => ({ label }));
  const perClass = (indices: number[]) => [0, 1, 2].map((c) => indices.filter((i) => samples[i].label === c).length);

  it('spreads the sample over the classes, seeded, sorted by class', () => {
    const a = stratifiedSample(samples, 9, 0);
    expect(perClass(a)).toEqual([3, 3, 3]);
    expect(stratifiedSample(samples, 9, 0)).toEqual(a);
    expect(stratifiedSample(samples, 9, 1)).not.toEqual(a);
    expect(a.map((i) => samples[i].label)).toEqual([...a.map((i) => samples[i].label)].sort());
    expect(perClass(stratifiedSample(samples, 12, 0))).toEqual([5, 3, 4]); // class 1 runs out
  });

  it('takes everything for "all" or a size beyond the split', () => {
    expect(stratifiedSample(samples, 'all', 0)).toHaveLength(20);
    expect(new Set(stratifiedSample(samples, 64, 0)).size).toBe(20);
    expect(() => stratifiedSample(samples, 0, 0)).toThrow(/whole number/);
  });
});
