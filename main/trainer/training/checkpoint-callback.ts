// Saves `latest` after every epoch and when a run is stopped, and `best` whenever test accuracy improves.
import { checkpointPaths, saveCheckpoint } from '../checkpoint/checkpoint';
import type { TrainingCallback } from './callbacks';

export function checkpointCallback(runDir: string, notify?: (epoch: number, batchesDone: number, best: boolean) => void): TrainingCallback {
  const paths = checkpointPaths(runDir);
  return {
    async onEpochEnd({ position, improved }, { model, optimizer }) {
      await saveCheckpoint(paths.latest, model, optimizer, position);
      if (improved) await saveCheckpoint(paths.best, model, null, position);
      notify?.(position.epoch, 0, improved);
    },
    async onTrainEnd(result, { model, optimizer }) {
      // Epoch ends are saved already; a stop mid-epoch still has unsaved batches.
      if (result.status === 'stopped' && result.position.batchesDone > 0) {
        await saveCheckpoint(paths.latest, model, optimizer, result.position);
        notify?.(result.position.epoch, result.position.batchesDone, false);
      }
    },
  };
}
