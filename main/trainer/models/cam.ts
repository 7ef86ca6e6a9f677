// Class activation maps in closed form and the crop box they define (MGE-CNN's granularity chain).
//
// With a GAP + linear classifier, score_c = (1/(h·w)) Σ_{i,j,k} A[i,j,k]·W[k,c] + b_c, so the
// gradient of score_c w.r.t. A[i,j,k] is W[k,c]/(h·w) everywhere and Grad-CAM's channel weights
// are exactly α_k = W[k,c]/(h·w). The Grad-CAM map ReLU(Σ_k α_k A_k) is therefore proportional to
// ReLU(Σ_k W[k,c] A_k), and after min–max normalisation the two are identical: no backward pass
// is needed.
import * as tf from '@tensorflow/tfjs-core';

function toInt32(t: tf.Tensor1D): tf.Tensor1D {
  return t.dtype === 'int32' ? t : tf.cast(t, 'int32');
}

/** Per-image min–max normalisation of [B, h, w] maps to [0, 1] (a constant map becomes all zeros). */
export function minMaxNormalize(map: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const min = tf.min(map, [1, 2], true);
    const max = tf.max(map, [1, 2], true);
    const range = tf.maximum(tf.sub(max, min), 1e-12);
    return tf.div(tf.sub(map, min), range);
  });
}

/**
 * Class activation map of `classes[b]` for each image b: ReLU(Σ_k W[k, c_b] · conv5[b, :, :, k]),
 * min–max normalised per image.
 * @param conv5 features [B, h, w, K] (the input of the GAP + linear classifier)
 * @param classWeights classifier kernel [K, C]
 * @param classes class per image [B] (int)
 * @returns [B, h, w] in [0, 1]
 */
export function classActivationMap(conv5: tf.Tensor4D, classWeights: tf.Tensor2D, classes: tf.Tensor1D): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, , , k] = conv5.shape;
    const weights = tf.transpose(tf.gather(classWeights, toInt32(classes), 1)); // [B, K]
    const cam = tf.sum(tf.mul(conv5, tf.reshape(weights, [b, 1, 1, k])), 3) as tf.Tensor3D;
    return minMaxNormalize(tf.relu(cam));
  });
}

/** First and last index (as float) of the true entries of a 0/1 mask [B, n] along axis 1; first = n and last = −1 when none. */
function extent(mask: tf.Tensor2D): [tf.Tensor1D, tf.Tensor1D] {
  const n = mask.shape[1];
  const index = tf.reshape(tf.range(0, n, 1, 'float32'), [1, n]);
  const off = tf.sub(1, mask);
  const first = tf.min(tf.add(tf.mul(mask, index), tf.mul(off, n)), 1) as tf.Tensor1D;
  const last = tf.max(tf.sub(tf.mul(mask, index), off), 1) as tf.Tensor1D;
  return [first, last];
}

/**
 * The crop box of each map: the map is upsampled (bilinear, align-corners as the original) to the
 * input size, min–max normalised, thresholded (≥ threshold), and the tight box around the pixels
 * above the threshold is returned as normalised [y1, x1, y2, x2] (pixel centres, inclusive, the
 * convention of tf.image.cropAndResize). When no pixel passes, or the box is a single row or
 * column (as the original), the whole image [0, 0, 1, 1] is returned. Pure tensor ops: no download.
 * @param map [B, h, w]
 * @param inputSize side of the (square) input, or [H, W]
 * @returns [B, 4]
 */
export function boxFromMap(map: tf.Tensor3D, threshold: number, inputSize: number | [number, number]): tf.Tensor2D {
  const [height, width] = typeof inputSize === 'number' ? [inputSize, inputSize] : inputSize;
  return tf.tidy(() => {
    const b = map.shape[0];
    const up = tf.image.resizeBilinear(tf.expandDims(map, 3) as tf.Tensor4D, [height, width], true);
    const norm = minMaxNormalize(tf.squeeze(up, [3]) as tf.Tensor3D);
    const mask = tf.cast(tf.greaterEqual(norm, threshold), 'float32');
    const [y1, y2] = extent(tf.max(mask, 2) as tf.Tensor2D);
    const [x1, x2] = extent(tf.max(mask, 1) as tf.Tensor2D);
    const valid = tf.logicalAnd(tf.greater(y2, y1), tf.greater(x2, x1)); // [B]
    const sy = Math.max(height - 1, 1);
    const sx = Math.max(width - 1, 1);
    const box = tf.stack([tf.div(y1, sy), tf.div(x1, sx), tf.div(y2, sy), tf.div(x2, sx)], 1) as tf.Tensor2D;
    const whole = tf.tile(tf.tensor2d([[0, 0, 1, 1]]), [b, 1]);
    const validBox = tf.tile(tf.reshape(valid, [b, 1]), [1, 4]);
    return tf.where(validBox, box, whole);
  });
}

/** Crops each image b to boxes[b] (normalised [y1, x1, y2, x2]) and resizes it (bilinear) to `size` (default: the input size). */
export function cropToBoxes(images: tf.Tensor4D, boxes: tf.Tensor2D, size?: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w] = images.shape;
    const boxIndex = tf.range(0, b, 1, 'int32') as tf.Tensor1D;
    return tf.image.cropAndResize(images, boxes, boxIndex, size ?? [h, w], 'bilinear');
  });
}
