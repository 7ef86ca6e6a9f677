// StepLR: every learning rate is multiplied by gamma once every `stepEpochs` epochs.
import type { LearningRates } from './sgd';

export function stepLearningRates(base: LearningRates, epoch: number, stepEpochs: number, gamma: number): LearningRates {
  // `epoch` is 1-based; epochs 1..stepEpochs use the base rates.
  const factor = gamma ** Math.floor((epoch - 1) / stepEpochs);
  return { backbone: base.backbone * factor, head: base.head * factor };
}
