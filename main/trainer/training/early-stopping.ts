// Ends training when the final head's test accuracy has not improved for `patience` epochs.
import type { TrainingCallback } from './callbacks';

export function earlyStoppingCallback(patience: number): TrainingCallback {
  return {
    onEpochEnd({ position }, context) {
      if (patience > 0 && position.epochsWithoutImprovement >= patience) {
        context.requestStop(`no improvement in test accuracy for ${patience} epochs (best ${(position.best!.accuracy * 100).toFixed(2)}% at epoch ${position.best!.epoch})`);
      }
    },
  };
}
