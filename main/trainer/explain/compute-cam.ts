// One batch of class activation maps for one stream: target-layer activation → (gradients) → channel
// weights → ReLU map → per-image min–max normalisation → bilinear upsampling to the image size. Pure tensor
// work inside tf.tidy: the only tensor that survives is the returned map.
import * as tf from '@tensorflow/tfjs-core';
import type { CamLayer } from '../../../shared/gallery';
import { minMaxNormalize } from '../models/cam';
import type { CamMethod } from './cam-methods';
import type { CamStream } from './streams';

export interface CamRequest {
  method: CamMethod;
  stream: CamStream;
  /** The images this stream sees, [B, H, W, 3]. */
  input: tf.Tensor4D;
  layer: CamLayer;
  /** The class to explain for each image, [B] (int). */
  classes: tf.Tensor1D;
  /** Output size [H, W] (default: the input's). */
  size?: [number, number];
}

/** Maps [B, H, W] in [0, 1] (a map with no positive evidence is all zeros). */
export function computeCam(request: CamRequest): tf.Tensor3D {
  const { method, stream, input, layer } = request;
  if (method.needsGapLinearLayer && layer !== 'conv5') {
    throw new Error(`the closed-form CAM is only defined at conv5 (the layer before the GAP + linear head); use gradcam or gradcam++ for ${layer}`);
  }
  const [b, height, width] = input.shape;
  const size = request.size ?? [height, width];
  return tf.tidy(() => {
    const classes = request.classes.dtype === 'int32' ? request.classes : (tf.cast(request.classes, 'int32') as tf.Tensor1D);
    const activation = stream.activation(input, layer);
    const numClasses = stream.classifierKernel.shape[1] as number;
    let gradients: tf.Tensor4D | null = null;
    if (method.usesGradients) {
      // Σ_b score_b[c_b]: in inference mode images do not interact, so one backward pass gives every
      // image's own gradient.
      const selected = tf.oneHot(classes, numClasses);
      const score = (a: tf.Tensor) => tf.sum(tf.mul(stream.scores(a as tf.Tensor4D, layer), selected));
      gradients = tf.grad(score)(activation) as tf.Tensor4D;
    }
    const classWeights = () => tf.transpose(tf.gather(stream.classifierKernel, classes, 1)) as tf.Tensor2D;
    const raw = method.map({ activation, gradients, classWeights });
    const normalised = minMaxNormalize(raw);
    const up = tf.image.resizeBilinear(tf.reshape(normalised, [b, raw.shape[1], raw.shape[2], 1]) as tf.Tensor4D, size, true);
    // Bilinear interpolation keeps values in [0, 1] but may miss the exact extremes: normalise again.
    return tf.clipByValue(minMaxNormalize(tf.reshape(up, [b, size[0], size[1]]) as tf.Tensor3D), 0, 1) as tf.Tensor3D;
  });
}
