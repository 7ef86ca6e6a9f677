// True test accuracy over a whole split (the seed project averaged running means instead): top-1 of every
// reported head, top-5 of the final prediction, the confusion matrix and per-class accuracy.
import * as tf from '@tensorflow/tfjs-core';
import type { DataLoader } from '../data';
import type { ClassifierModel } from '../models/types';

export interface EvaluationResult {
  /** Top-1 accuracy per reported head ("final", "expert1", …) as fractions. */
  accuracy: Record<string, number>;
  top5Accuracy: number;
  /** confusion[true][predicted] counts of the final prediction. */
  confusion: number[][];
  perClassAccuracy: number[];
  samples: number;
}

export async function evaluate(model: ClassifierModel, loader: DataLoader, numClasses: number): Promise<EvaluationResult> {
  const heads = model.reportedHeads;
  const correct = Object.fromEntries(heads.map((h) => [h, 0])) as Record<string, number>;
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let top5Correct = 0;
  let samples = 0;
  const k = Math.min(5, numClasses);

  for await (const batch of loader.evaluationBatches()) {
    const { predictions, top5Hits } = tf.tidy(() => {
      const images = tf.tensor4d(batch.images, [batch.size, loader.imgSize, loader.imgSize, 3]);
      const labels = tf.tensor1d(batch.labels, 'int32');
      const output = model.forward(images, { training: false });
      const headLogits = [output.final, ...output.experts];
      const predicted = tf.stack(headLogits.slice(0, heads.length).map((logits) => tf.argMax(logits, 1)));
      const { indices } = tf.topk(output.final, k);
      const hits = tf.sum(tf.cast(tf.equal(indices, tf.expandDims(labels, 1)), 'int32'));
      return { predictions: predicted, top5Hits: hits };
    });
    const predicted = (await predictions.data()) as Int32Array;
    top5Correct += (await top5Hits.data())[0];
    predictions.dispose();
    top5Hits.dispose();
    for (let h = 0; h < heads.length; h++) {
      for (let i = 0; i < batch.size; i++) {
        const guess = predicted[h * batch.size + i];
        if (guess === batch.labels[i]) correct[heads[h]]++;
        if (h === 0) confusion[batch.labels[i]][guess]++;
      }
    }
    samples += batch.size;
  }

  const accuracy = Object.fromEntries(heads.map((h) => [h, samples > 0 ? correct[h] / samples : 0]));
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((s, v) => s + v, 0);
    return total > 0 ? row[c] / total : 0;
  });
  return { accuracy, top5Accuracy: samples > 0 ? top5Correct / samples : 0, confusion, perClassAccuracy, samples };
}
