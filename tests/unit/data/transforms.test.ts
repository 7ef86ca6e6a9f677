import { describe, expect, it } from 'vitest';
import { Rng } from '../../../shared/random';
import {
  IMAGENET_MEAN,
  IMAGENET_STD,
  centerCropSpec,
  cropImage,
  ensureMinSide,
  normaliseValue,
  randomCropSpec,
  writeNormalisedCrop,
  type DecodedImage,
} from '../../../main/trainer/data';

/** An image whose pixel (x, y) is [x, y, 7]: crops can be read back as coordinates. */
function coordinates(width: number, height: number): DecodedImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 7], (y * width + x) * 3);
  return { data, width, height };
}

describe('crops', () => {
  it('centre crop is the centred window, never flipped', () => {
    const image = coordinates(10, 8);
    expect(centerCropSpec(image, 4)).toEqual({ x: 3, y: 2, size: 4, flip: false });
    expect(centerCropSpec(image, 8)).toEqual({ x: 1, y: 0, size: 8, flip: false });
    const crop = cropImage(image, centerCropSpec(image, 4));
    expect([...crop.data.slice(0, 3)]).toEqual([3, 2, 7]);
    expect([...crop.data.slice(-3)]).toEqual([6, 5, 7]);
  });

  it('random crop + flip is a function of the generator, and varies with it', () => {
    const image = coordinates(40, 30);
    const specs = (seed: string) => Array.from({ length: 20 }, (_, i) => randomCropSpec(image, 16, new Rng(`${seed}:${i}`)));
    expect(specs('a')).toEqual(specs('a'));
    expect(specs('a')).not.toEqual(specs('b'));
    const all = specs('a');
    for (const s of all) {
      expect(s.x).toBeGreaterThanOrEqual(0);
      expect(s.x + 16).toBeLessThanOrEqual(40);
      expect(s.y + 16).toBeLessThanOrEqual(30);
    }
    expect(all.some((s) => s.flip)).toBe(true);
    expect(all.some((s) => !s.flip)).toBe(true);
    expect(new Set(all.map((s) => `${s.x},${s.y}`)).size).toBeGreaterThan(10);
  });

  it('flip mirrors the columns of the crop', () => {
    const image = coordinates(6, 4);
    const plain = cropImage(image, { x: 1, y: 0, size: 4, flip: false });
    const flipped = cropImage(image, { x: 1, y: 0, size: 4, flip: true });
    expect([...plain.data.slice(0, 12)]).toEqual([1, 0, 7, 2, 0, 7, 3, 0, 7, 4, 0, 7]);
    expect([...flipped.data.slice(0, 12)]).toEqual([4, 0, 7, 3, 0, 7, 2, 0, 7, 1, 0, 7]);
  });

  it('upscales too-small images to the crop size instead of failing', () => {
    const small = coordinates(5, 3);
    expect(() => centerCropSpec(small, 6)).toThrow(RangeError);
    const grown = ensureMinSide(small, 6);
    expect([grown.width, grown.height]).toEqual([10, 6]);
    expect(grown.data.length).toBe(10 * 6 * 3);
    expect(centerCropSpec(grown, 6)).toEqual({ x: 2, y: 0, size: 6, flip: false });
    const big = coordinates(8, 8);
    expect(ensureMinSide(big, 6)).toBe(big);
  });
});

describe('normalisation', () => {
  it('maps bytes to (v/255 − mean)/std per channel', () => {
    for (let c = 0; c < 3; c++) {
      expect(normaliseValue(0, c)).toBeCloseTo(-IMAGENET_MEAN[c] / IMAGENET_STD[c], 5);
      expect(normaliseValue(255, c)).toBeCloseTo((1 - IMAGENET_MEAN[c]) / IMAGENET_STD[c], 5);
    }
    expect(normaliseValue(255, 0)).toBeCloseTo(2.2489, 3);
    expect(normaliseValue(0, 2)).toBeCloseTo(-1.8044, 3);
  });

  it('writes the normalised crop into a batch buffer at an offset, NHWC', () => {
    const image: DecodedImage = { data: new Uint8Array(4 * 4 * 3), width: 4, height: 4 };
    for (let p = 0; p < 16; p++) image.data.set([255, 128, 0], p * 3);
    image.data.set([0, 0, 255], (1 * 4 + 1) * 3); // pixel (1, 1)
    const out = new Float32Array(2 * 2 * 2 * 3).fill(99);
    writeNormalisedCrop(image, { x: 1, y: 1, size: 2, flip: true }, out, 2 * 2 * 3);
    expect([...out.slice(0, 12)]).toEqual(new Array(12).fill(99)); // first slot untouched
    const second = out.slice(12);
    // Flipped: the crop's top-left (1, 1) lands at column 1 of row 0.
    expect(second[3]).toBeCloseTo(normaliseValue(0, 0), 6);
    expect(second[5]).toBeCloseTo(normaliseValue(255, 2), 6);
    expect(second[0]).toBeCloseTo(normaliseValue(255, 0), 6);
    expect(second[1]).toBeCloseTo(normaliseValue(128, 1), 6);
    expect(second[2]).toBeCloseTo(normaliseValue(0, 2), 6);
    expect(() => writeNormalisedCrop(image, { x: 3, y: 0, size: 2, flip: false }, out, 0)).toThrow(RangeError);
    expect(() => writeNormalisedCrop(image, { x: 0, y: 0, size: 2, flip: false }, out, 13)).toThrow(RangeError);
  });
});
