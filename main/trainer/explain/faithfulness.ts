// Faithfulness of a map (a deletion test, as CAM users compare methods and runs): blur the image where the map
// is highest — exactly the top `fraction` of its pixels — run the whole model again, and measure how much the
// probability of the explained class drops. A map that points at what the model uses gives a large drop.
//
// The blur is a strong low-pass (average pooling over blocks of ~1/8 of the side, upsampled bilinearly): it
// removes the detail a fine-grained classifier relies on while keeping the region's colour, so the drop is
// not an artefact of pasting in a foreign colour.
import * as tf from '@tensorflow/tfjs-core';
import type { ClassifierModel } from '../models/types';

export interface ConfidenceDrop {
  before: number;
  after: number;
  drop: number;
}

/** A 0/1 mask [B, H, W] holding each map's `fraction` highest pixels (exactly round(fraction·H·W), ties by position). */
export function topRegionMask(maps: Float32Array, batch: number, height: number, width: number, fraction: number): Float32Array {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`fraction must be between 0 and 1, got ${fraction}`);
  const pixels = height * width;
  const keep = Math.max(1, Math.round(fraction * pixels));
  const mask = new Float32Array(batch * pixels);
  const order = new Uint32Array(pixels);
  for (let b = 0; b < batch; b++) {
    const base = b * pixels;
    for (let p = 0; p < pixels; p++) order[p] = p;
    // Typed-array sort is not stable: break ties by position so the mask is deterministic.
    order.sort((i, j) => maps[base + j] - maps[base + i] || i - j);
    for (let r = 0; r < keep; r++) mask[base + order[r]] = 1;
  }
  return mask;
}

/** Low-pass copy of NHWC images (same shape). */
export function blurImages(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = images.shape;
    const block = Math.max(2, Math.round(Math.min(h, w) / 8));
    const pooled = tf.avgPool(images, block, block, 'same');
    return tf.image.resizeBilinear(pooled, [h, w], false, true);
  });
}

/** `images` with the masked pixels ([B, H, W] 0/1) replaced by their blurred values. */
export function blurMasked(images: tf.Tensor4D, mask: tf.Tensor3D): tf.Tensor4D {
  return tf.tidy(() => {
    const m = tf.expandDims(mask, 3);
    return tf.add(tf.mul(blurImages(images), m), tf.mul(images, tf.sub(1, m))) as tf.Tensor4D;
  });
}

/**
 * The deletion test for a batch.
 * @param images network input [B, H, W, 3] (normalised)
 * @param maps the maps to test, [B·H·W] in image coordinates (downloaded)
 * @param classes the explained class of each image
 * @param before each image's probability of its class on the unmodified input
 */
export async function confidenceDrop(model: ClassifierModel, images: tf.Tensor4D, maps: Float32Array, classes: number[], before: number[], fraction: number): Promise<ConfidenceDrop[]> {
  const [b, h, w] = images.shape;
  const mask = topRegionMask(maps, b, h, w, fraction);
  const probabilities = tf.tidy(() => {
    const blurred = blurMasked(images, tf.tensor3d(mask, [b, h, w]));
    const output = model.forward(blurred, { training: false });
    return tf.softmax(output.final);
  });
  const values = (await probabilities.data()) as Float32Array;
  probabilities.dispose();
  const numClasses = values.length / b;
  return classes.map((c, i) => {
    const after = values[i * numClasses + c];
    return { before: before[i], after, drop: before[i] - after };
  });
}
