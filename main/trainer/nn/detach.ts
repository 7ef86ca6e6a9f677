// Stop-gradient. tfjs-core has no stopGradient op; we build one from tf.customGrad called with no
// tensor inputs: the value is copied inside the custom op (where the tape does not record), and the
// op's tape node has no inputs, so nothing computed from the result is connected to any variable.
// Unlike a customGrad that returns zeros, no backward work at all is done through it, and
// non-differentiable ops applied to the result (argMax, comparisons, gather indices, cropAndResize
// boxes) never reach the backward pass.
import * as tf from '@tensorflow/tfjs-core';

export function detach<T extends tf.Tensor>(x: T): T {
  const op = tf.customGrad(() => ({
    value: x.clone(),
    gradFunc: () => [],
  }));
  return (op as () => T)();
}
