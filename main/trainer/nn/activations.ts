// Element-wise activations.
import * as tf from '@tensorflow/tfjs-core';

export function relu<T extends tf.Tensor>(x: T): T {
  return tf.relu(x);
}

/** min(max(x, 0), 6), MobileNetV2's activation. */
export function relu6<T extends tf.Tensor>(x: T): T {
  return tf.relu6(x);
}
