// Decoding one dataset image into the network's colour space and working size, with sharp.
// This is the only place that touches image files during training; everything after works on
// plain RGB bytes so that it is pure, testable and cacheable.

import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { DatasetSample } from '../../../shared/datasets';

/** An 8-bit RGB image, rows top to bottom, pixels interleaved (HWC): data.length = width·height·3. */
export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** The sample fields decoding needs (a DatasetSample fits). */
export type DecodableSample = Pick<DatasetSample, 'path' | 'cropBottom'>;

/** Why an image could not be used; `path` names the file so that the loader can list it. */
export class ImageDecodeError extends Error {
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot decode image ${path}: ${reason}`, options);
    this.name = 'ImageDecodeError';
    this.path = path;
    this.reason = reason;
  }
}

/**
 * The shorter side the image is resized to before cropping: the original pipeline used
 * Resize(512) then a 448 crop, so the same ratio is kept for any crop size.
 */
export function resizeShorterSideFor(imgSize: number): number {
  return Math.round((imgSize * 512) / 448);
}

/**
 * Decodes `sample.path` into RGB bytes whose shorter side is `resizeShorterSide`.
 *
 * Steps, in this order (sharp applies them in call order):
 * 1. `.rotate()` applies the EXIF orientation, so width/height are those a viewer shows;
 * 2. `cropBottom` pixels are removed from the bottom of that upright image (the FGVC-Aircraft
 *    copyright banner), before resizing so that the banner's size does not depend on the image's;
 * 3. transparency is flattened onto white: transparent pixels of product-style images are meant as
 *    "no object" and viewers show them on white; dropping alpha instead would expose whatever colour
 *    the editor left in transparent pixels (often black or garbage);
 * 4. everything is converted to 8-bit sRGB with 3 channels (grey is replicated, CMYK goes through
 *    its embedded profile or libvips' default one, 16-bit is scaled down);
 * 5. the shorter side is resized to `resizeShorterSide` (up or down), keeping the aspect ratio.
 *
 * `failOn: 'error'` tolerates the harmless warnings many real-world JPEGs carry (as PIL does) but
 * still rejects truncated and corrupt files. Any failure rejects with an ImageDecodeError.
 */
export async function decodeImage(sample: DecodableSample, resizeShorterSide: number): Promise<DecodedImage> {
  if (!Number.isInteger(resizeShorterSide) || resizeShorterSide < 1) {
    throw new RangeError(`resizeShorterSide must be a positive whole number, got ${resizeShorterSide}`);
  }
  const path = sample.path;
  try {
    // Read once: both sharp passes use the bytes, and a missing file fails with the OS's message.
    const bytes = await readFile(path);
    const cropBottom = Math.max(0, Math.floor(sample.cropBottom ?? 0));
    let pipeline = sharp(bytes, { failOn: 'error' }).rotate();
    if (cropBottom > 0) {
      const meta = await sharp(bytes, { failOn: 'error' }).metadata();
      if (!meta.width || !meta.height) throw new Error('the file has no image dimensions');
      // Orientations 5-8 are transposed: the upright image has width and height swapped.
      const transposed = (meta.orientation ?? 1) >= 5;
      const width = transposed ? meta.height : meta.width;
      const height = transposed ? meta.width : meta.height;
      if (cropBottom >= height) throw new Error(`cropBottom ${cropBottom} leaves nothing of an image ${height} px high`);
      pipeline = pipeline.extract({ left: 0, top: 0, width, height: height - cropBottom });
    }
    const { data, info } = await pipeline
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .resize({ width: resizeShorterSide, height: resizeShorterSide, fit: 'outside' })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });

    return { data: toRgb(data, info.width, info.height, info.channels), width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImageDecodeError(path, reason, { cause: error });
  }
}

/** Makes sure the bytes are 3-channel RGB; sharp normally already gives 3, this guards odd inputs. */
function toRgb(data: Buffer, width: number, height: number, channels: number): Uint8Array {
  const pixels = width * height;
  if (channels === 3) {
    const view = new Uint8Array(data.buffer, data.byteOffset, pixels * 3);
    // A small Buffer may be a view into a shared pool; copy then, so the cache owns exactly its bytes.
    return data.byteOffset === 0 && data.buffer.byteLength === pixels * 3 ? view : view.slice();
  }
  if (channels < 1) throw new Error(`decoded image has ${channels} channels`);
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    const src = p * channels;
    if (channels < 3) {
      // Grey (with or without alpha): replicate the luminance.
      out[p * 3] = out[p * 3 + 1] = out[p * 3 + 2] = data[src];
    } else {
      out[p * 3] = data[src];
      out[p * 3 + 1] = data[src + 1];
      out[p * 3 + 2] = data[src + 2];
    }
  }
  return out;
}
