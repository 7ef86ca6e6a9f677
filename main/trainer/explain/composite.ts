// The whole model's map over the input image. MGE-CNN expert t saw a crop of a crop of the image; its map is
// carried back into image coordinates (zero outside the region it saw) and the experts' maps are summed with
// the gate's weights, then min–max normalised. For a single-stream model this is that stream's map.
//
// Boxes follow tf.image.cropAndResize (normalised pixel centres), so nesting is linear: a point v of a crop
// taken with box b lies at b.y1 + v·(b.y2 − b.y1) of its parent. The inverse mapping is again a box, outside
// [0, 1] where the crop does not cover the parent, and cropAndResize with extrapolation value 0 applies it.
import * as tf from '@tensorflow/tfjs-core';
import { minMaxNormalize } from '../models/cam';

/** Box b inside box outer, both normalised [y1, x1, y2, x2] ([B, 4]): b expressed in outer's parent. */
export function composeBoxes(outer: tf.Tensor2D, inner: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [oy1, ox1, oy2, ox2] = tf.unstack(outer, 1);
    const [iy1, ix1, iy2, ix2] = tf.unstack(inner, 1);
    const h = tf.sub(oy2, oy1);
    const w = tf.sub(ox2, ox1);
    return tf.stack([tf.add(oy1, tf.mul(iy1, h)), tf.add(ox1, tf.mul(ix1, w)), tf.add(oy1, tf.mul(iy2, h)), tf.add(ox1, tf.mul(ix2, w))], 1) as tf.Tensor2D;
  });
}

/** The box that, cropped from a crop taken with `box`, gives the parent frame back ([B, 4]). */
export function inverseBoxes(box: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [y1, x1, y2, x2] = tf.unstack(box, 1);
    // Degenerate boxes never reach here (boxFromMap replaces them by the whole image); guard anyway.
    const h = tf.maximum(tf.sub(y2, y1), 1e-6);
    const w = tf.maximum(tf.sub(x2, x1), 1e-6);
    return tf.stack([tf.div(tf.neg(y1), h), tf.div(tf.neg(x1), w), tf.div(tf.sub(1, y1), h), tf.div(tf.sub(1, x1), w)], 1) as tf.Tensor2D;
  });
}

/** Each stream's frame in image coordinates: [0,0,1,1] for the first, then the nested crop boxes ([B, T-1, 4] in). */
export function streamFrames(batch: number, streams: number, boxes: tf.Tensor3D | undefined): tf.Tensor2D[] {
  return tf.tidy(() => {
    const frames: tf.Tensor2D[] = [tf.tile(tf.tensor2d([[0, 0, 1, 1]]), [batch, 1]) as tf.Tensor2D];
    for (let t = 1; t < streams; t++) {
      if (!boxes) throw new Error('a model with several streams must give the crop boxes between them');
      const box = tf.squeeze(tf.slice(boxes, [0, t - 1, 0], [batch, 1, 4]), [1]) as tf.Tensor2D;
      frames.push(composeBoxes(frames[t - 1], box));
    }
    return frames;
  });
}

/**
 * @param maps each stream's map over its own input, [B, H, W] in [0, 1]
 * @param boxes the crop box each stream passed on, [B, T-1, 4] (absent for one stream)
 * @param gateWeights [B, T] (absent: equal weights)
 * @returns [B, H, W] in [0, 1]
 */
export function compositeMap(maps: tf.Tensor3D[], boxes?: tf.Tensor3D, gateWeights?: tf.Tensor2D): tf.Tensor3D {
  if (maps.length === 0) throw new Error('compositeMap needs at least one map');
  return tf.tidy(() => {
    const [b, h, w] = maps[0].shape;
    if (maps.length === 1) return tf.clone(maps[0]);
    const frames = streamFrames(b, maps.length, boxes);
    const boxIndex = tf.range(0, b, 1, 'int32') as tf.Tensor1D;
    const weights = gateWeights ?? tf.fill([b, maps.length], 1 / maps.length);
    let sum: tf.Tensor3D = tf.zeros([b, h, w]);
    maps.forEach((map, t) => {
      const inImage = tf.image.cropAndResize(tf.expandDims(map, 3) as tf.Tensor4D, inverseBoxes(frames[t]), boxIndex, [h, w], 'bilinear', 0);
      const weight = tf.reshape(tf.slice(weights, [0, t], [b, 1]), [b, 1, 1]);
      sum = tf.add(sum, tf.mul(tf.reshape(inImage, [b, h, w]), weight));
    });
    return tf.clipByValue(minMaxNormalize(sum), 0, 1) as tf.Tensor3D;
  });
}
