// Crops, flips and normalisation of decoded images: the torchvision
// RandomCrop(S) + RandomHorizontalFlip() (training) / CenterCrop(S) (test) + Normalize(ImageNet)
// of the original, as pure functions. The crop is described first (a CropSpec, the only random
// part) and then written straight into the batch buffer in one pass, so no intermediate images.

import type { Rng } from '../../../shared/random';
import type { DecodedImage } from './decode';

/** ImageNet channel statistics used by torchvision's pretrained models (and by the original code). */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/** A square window of an image, optionally mirrored left-right. */
export interface CropSpec {
  x: number;
  y: number;
  size: number;
  flip: boolean;
}

/**
 * Training crop: a uniformly placed size×size window, then a left-right flip with p = 0.5
 * (drawn in that order from `rng`, as torchvision does). The image must be at least size×size
 * (see ensureMinSide).
 */
export function randomCropSpec(image: Pick<DecodedImage, 'width' | 'height'>, size: number, rng: Rng): CropSpec {
  assertFits(image, size);
  const x = rng.int(image.width - size + 1);
  const y = rng.int(image.height - size + 1);
  const flip = rng.next() < 0.5;
  return { x, y, size, flip };
}

/** Test crop: the centred size×size window (torchvision's rounding), never flipped. */
export function centerCropSpec(image: Pick<DecodedImage, 'width' | 'height'>, size: number): CropSpec {
  assertFits(image, size);
  return { x: Math.round((image.width - size) / 2), y: Math.round((image.height - size) / 2), size, flip: false };
}

/**
 * Upscales (bilinear) an image whose shorter side is below `minSide` so that it becomes `minSide`;
 * returns the image itself otherwise. Decoding resizes the shorter side to imgSize·512/448, so this
 * only happens if a caller asks for a smaller resize; stretching keeps the whole object in view,
 * where padding would feed the network borders it never sees otherwise.
 */
export function ensureMinSide(image: DecodedImage, minSide: number): DecodedImage {
  const shorter = Math.min(image.width, image.height);
  if (shorter >= minSide) return image;
  const scale = minSide / shorter;
  const width = Math.max(minSide, Math.round(image.width * scale));
  const height = Math.max(minSide, Math.round(image.height * scale));
  return resizeBilinear(image, width, height);
}

/** Plain bilinear resize with half-pixel centres (only used for the rare too-small image). */
export function resizeBilinear(image: DecodedImage, width: number, height: number): DecodedImage {
  const { data: src, width: sw, height: sh } = image;
  const out = new Uint8Array(width * height * 3);
  const sx = sw / width;
  const sy = sh / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), sh - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), sw - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, sw - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top = src[(y0 * sw + x0) * 3 + c] * (1 - wx) + src[(y0 * sw + x1) * 3 + c] * wx;
        const bottom = src[(y1 * sw + x0) * 3 + c] * (1 - wx) + src[(y1 * sw + x1) * 3 + c] * wx;
        out[(y * width + x) * 3 + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { data: out, width, height };
}

// byte value → normalised float, per channel: one table lookup per value instead of a divide.
const NORMALISE_LUT: Float32Array[] = [0, 1, 2].map((c) => {
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = (v / 255 - IMAGENET_MEAN[c]) / IMAGENET_STD[c];
  return lut;
});

/** The normalised value of byte `v` in channel `c`: (v/255 − mean[c]) / std[c]. */
export function normaliseValue(v: number, c: number): number {
  return NORMALISE_LUT[c][v];
}

/**
 * Writes the crop `spec` of `image`, flipped if asked and ImageNet-normalised, into `out` as one
 * HWC block of size·size·3 floats starting at `offset` (e.g. sampleIndexInBatch·S·S·3 of an NHWC
 * batch buffer).
 */
export function writeNormalisedCrop(image: DecodedImage, spec: CropSpec, out: Float32Array, offset: number): void {
  const { x, y, size, flip } = spec;
  const { data, width } = image;
  assertInside(image, spec);
  if (offset < 0 || offset + size * size * 3 > out.length) {
    throw new RangeError(`crop of ${size * size * 3} floats at offset ${offset} does not fit a buffer of ${out.length}`);
  }
  const [lr, lg, lb] = NORMALISE_LUT;
  let o = offset;
  for (let row = 0; row < size; row++) {
    const rowStart = ((y + row) * width + x) * 3;
    for (let col = 0; col < size; col++) {
      const s = rowStart + (flip ? size - 1 - col : col) * 3;
      out[o++] = lr[data[s]];
      out[o++] = lg[data[s + 1]];
      out[o++] = lb[data[s + 2]];
    }
  }
}

/** The crop as an image of its own (un-normalised bytes), e.g. for galleries and tests. */
export function cropImage(image: DecodedImage, spec: CropSpec): DecodedImage {
  const { x, y, size, flip } = spec;
  assertInside(image, spec);
  const out = new Uint8Array(size * size * 3);
  let o = 0;
  for (let row = 0; row < size; row++) {
    const rowStart = ((y + row) * image.width + x) * 3;
    for (let col = 0; col < size; col++) {
      const s = rowStart + (flip ? size - 1 - col : col) * 3;
      out[o++] = image.data[s];
      out[o++] = image.data[s + 1];
      out[o++] = image.data[s + 2];
    }
  }
  return { data: out, width: size, height: size };
}

function assertFits(image: Pick<DecodedImage, 'width' | 'height'>, size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`crop size must be a positive whole number, got ${size}`);
  if (image.width < size || image.height < size) {
    throw new RangeError(`a ${size}x${size} crop does not fit a ${image.width}x${image.height} image (use ensureMinSide first)`);
  }
}

function assertInside(image: Pick<DecodedImage, 'width' | 'height'>, { x, y, size }: CropSpec): void {
  if (x < 0 || y < 0 || x + size > image.width || y + size > image.height) {
    throw new RangeError(`crop ${size}x${size} at (${x},${y}) is outside a ${image.width}x${image.height} image`);
  }
}
