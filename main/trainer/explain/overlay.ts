// Pixels for people: heat maps blended over images, crop boxes drawn, network inputs turned back into RGB.
// Plain RGB byte buffers (HWC), like decodeImage's; encoding is encode-image.ts's job.
import type { Box } from '../../../shared/gallery';
import type { DecodedImage } from '../data/decode';
import { IMAGENET_MEAN, IMAGENET_STD } from '../data/transforms';
import { TURBO } from './colormap';

export type RgbImage = DecodedImage;

/** Default share of the heat map in an overlay. */
export const DEFAULT_OPACITY = 0.5;

/**
 * (1 − opacity)·image + opacity·turbo(map) per pixel.
 * @param map width·height values in [0, 1] (row-major), e.g. one image of computeCam's output
 */
export function overlayHeatmap(image: RgbImage, map: ArrayLike<number>, opacity = DEFAULT_OPACITY): RgbImage {
  const { width, height, data } = image;
  if (map.length !== width * height) throw new RangeError(`a ${width}x${height} image needs a map of ${width * height} values, got ${map.length}`);
  if (!(opacity >= 0 && opacity <= 1)) throw new RangeError(`opacity must be between 0 and 1, got ${opacity}`);
  const out = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const v = map[p];
    const lut = Math.round((v > 1 ? 1 : v > 0 ? v : 0) * 255) * 3;
    for (let c = 0; c < 3; c++) out[p * 3 + c] = Math.round((1 - opacity) * data[p * 3 + c] + opacity * TURBO[lut + c]);
  }
  return { data: out, width, height };
}

/**
 * A copy of `image` with the outline of a normalised [y1, x1, y2, x2] box (pixel centres, as
 * cropAndResize) drawn in `color`, `thickness` pixels wide, inside the box.
 */
export function drawBox(image: RgbImage, box: Box | readonly number[], color: [number, number, number] = [255, 255, 255], thickness = Math.max(1, Math.round(Math.min(image.width, image.height) / 64))): RgbImage {
  const { width, height } = image;
  const data = new Uint8Array(image.data);
  const clampTo = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v)));
  const top = clampTo(box[0] * (height - 1), height - 1);
  const left = clampTo(box[1] * (width - 1), width - 1);
  const bottom = clampTo(box[2] * (height - 1), height - 1);
  const right = clampTo(box[3] * (width - 1), width - 1);
  const paint = (x: number, y: number) => {
    const i = (y * width + x) * 3;
    data[i] = color[0];
    data[i + 1] = color[1];
    data[i + 2] = color[2];
  };
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      const edge = y - top < thickness || bottom - y < thickness || x - left < thickness || right - x < thickness;
      if (edge) paint(x, y);
    }
  }
  return { data, width, height };
}

/**
 * RGB bytes of one ImageNet-normalised network input (NHWC block of width·height·3 floats at `offset`):
 * the inverse of writeNormalisedCrop (exact for images that came from bytes; crops are resampled values).
 */
export function denormalizeToRgb(values: ArrayLike<number>, width: number, height: number, offset = 0): RgbImage {
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < out.length; i++) {
    const c = i % 3;
    const v = (values[offset + i] * IMAGENET_STD[c] + IMAGENET_MEAN[c]) * 255;
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
  return { data: out, width, height };
}
