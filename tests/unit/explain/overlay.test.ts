// Colormap, overlays, boxes, the inverse of the input normalisation, and PNG/WebP encoding.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { centerCropSpec, writeNormalisedCrop } from '../../../main/trainer/data';
import { denormalizeToRgb, drawBox, encodeImage, overlayHeatmap, turbo, TURBO } from '../../../main/trainer/explain';

const image = (width: number, height: number, fill = (i: number) => (i * 37) % 256) => ({ width, height, data: Uint8Array.from({ length: width * height * 3 }, (_, i) => fill(i)) });

describe('turbo colormap', () => {
  it('runs from dark blue through green to dark red', () => {
    expect(Math.max(...turbo(0))).toBeLessThan(60); // dark
    const [rb, gb, bb] = turbo(0.12);
    expect(bb).toBeGreaterThan(200);
    expect(bb).toBeGreaterThan(Math.max(rb, gb));
    const [rm, gm, bm] = turbo(0.5);
    expect(gm).toBeGreaterThan(200);
    expect(gm).toBeGreaterThan(Math.max(rm, bm));
    const [r1, g1, b1] = turbo(1);
    expect(r1).toBeGreaterThan(100);
    expect(r1).toBeGreaterThan(4 * Math.max(g1, b1));
    expect(turbo(2)).toEqual(turbo(1));
    expect(turbo(Number.NaN)).toEqual(turbo(0));
    expect(TURBO).toHaveLength(768);
  });
});

describe('overlays', () => {
  it('blends the heat map at the given opacity', () => {
    const img = image(4, 2);
    const map = [0, 0.25, 0.5, 1, 1, 0.5, 0.25, 0];
    expect(overlayHeatmap(img, map, 0).data).toEqual(img.data);
    const full = overlayHeatmap(img, map, 1);
    map.forEach((v, p) => expect(Array.from(full.data.subarray(p * 3, p * 3 + 3))).toEqual(turbo(v)));
    const half = overlayHeatmap(img, map, 0.5);
    expect(half.data[9]).toBe(Math.round(0.5 * img.data[9] + 0.5 * turbo(1)[0]));
    expect(() => overlayHeatmap(img, [0, 1], 0.5)).toThrow(/needs a map of 8 values/);
    expect(() => overlayHeatmap(img, map, 1.5)).toThrow(/opacity/);
  });

  it('draws the outline of a normalised box and nothing else', () => {
    const img = image(9, 9, () => 0);
    const boxed = drawBox(img, [0.25, 0.25, 0.75, 0.75], [255, 0, 0], 1); // pixels 2..6
    const red = (x: number, y: number) => boxed.data[(y * 9 + x) * 3] === 255;
    for (let i = 2; i <= 6; i++) expect([red(i, 2), red(i, 6), red(2, i), red(6, i)]).toEqual([true, true, true, true]);
    expect(red(4, 4)).toBe(false);
    expect(red(1, 1)).toBe(false);
    expect(img.data.every((v) => v === 0)).toBe(true); // the input is not modified
  });

  it('turns a normalised network input back into the exact bytes', () => {
    const img = image(6, 5);
    const spec = centerCropSpec(img, 5);
    const input = new Float32Array(5 * 5 * 3);
    writeNormalisedCrop(img, spec, input, 0);
    const back = denormalizeToRgb(input, 5, 5);
    for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) for (let c = 0; c < 3; c++) expect(back.data[(y * 5 + x) * 3 + c]).toBe(img.data[(y * 6 + x + spec.x) * 3 + c]);
  });
});

describe('encodeImage', () => {
  it.each(['png', 'webp'] as const)('writes lossless %s that decodes to the same pixels', async (format) => {
    const img = image(7, 3);
    const encoded = await encodeImage(img, format);
    const { data, info } = await sharp(encoded).raw().toBuffer({ resolveWithObject: true });
    expect(info.format).toBe('raw');
    expect([info.width, info.height, info.channels]).toEqual([7, 3, 3]);
    expect(new Uint8Array(data)).toEqual(img.data);
    expect((await sharp(encoded).metadata()).format).toBe(format);
  });
});
