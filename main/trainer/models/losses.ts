// Loss functions of the classifiers: cross-entropy and MGE-CNN's diversity term.
import * as tf from '@tensorflow/tfjs-core';
import { detach } from '../nn/detach';

const MASKED_LOGIT = -1e9;

function toInt32(t: tf.Tensor1D): tf.Tensor1D {
  return t.dtype === 'int32' ? t : tf.cast(t, 'int32');
}

/** Mean softmax cross-entropy of logits [B, C] against integer labels [B] (log-softmax: stable). */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy((): tf.Scalar => {
    const oneHot = tf.oneHot(toInt32(labels), logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });
}

/**
 * MGE-CNN's diversity term between two neighbouring experts (minimised, it pushes them apart on
 * the classes that are not the target): mean over images and non-target classes i of
 * exp(−p_i·(log p_i − log q_i)), where p and q are the softmax distributions of `earlier` and
 * `later` renormalised over the non-target classes (the target class is removed before the
 * softmax). As in the original `kl_loss(x_pred = later, x_gt = earlier.detach())`, the earlier
 * expert's distribution p is detached: the term only trains the later expert.
 */
export function diversityLoss(earlier: tf.Tensor2D, later: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy((): tf.Scalar => {
    const [b, c] = later.shape;
    if (c < 2) return tf.scalar(0);
    const target = tf.cast(tf.oneHot(toInt32(labels), c), 'float32');
    const others = tf.sub(1, target);
    const removeTarget = tf.mul(target, MASKED_LOGIT);
    const logP = tf.logSoftmax(tf.add(detach(earlier), removeTarget));
    const logQ = tf.logSoftmax(tf.add(later, removeTarget));
    const pointwise = tf.mul(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), others);
    return tf.div(tf.sum(tf.mul(tf.exp(tf.neg(pointwise)), others)), b * (c - 1)) as tf.Scalar;
  });
}
