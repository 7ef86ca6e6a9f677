// The training loop: seeded epochs of SGD over the train split, a true evaluation over the whole test split
// after each epoch, StepLR, and callbacks for everything else. Pause/stop are honoured between batches;
// a stop mid-epoch keeps the epoch's running sums so that a resumed run ends exactly like an uninterrupted one.
import type { EpochMetrics } from '../../../shared/runs';
import type { PartialEpoch, TrainingPosition } from '../checkpoint/checkpoint';
import type { DataLoader } from '../data';
import { stepLearningRates } from '../optim/step-lr';
import type { BatchInfo, FitResult, TrainingCallback, TrainingContext } from './callbacks';
import type { TrainingControl } from './control';
import { evaluate } from './evaluate';
import { trainStep } from './train-step';

export interface FitOptions {
  context: TrainingContext;
  trainLoader: DataLoader;
  testLoader: DataLoader;
  callbacks: TrainingCallback[];
  control: TrainingControl;
  /** Where to start: a fresh position or one loaded from a checkpoint. */
  position: TrainingPosition;
  /** Set when early stopping (or another callback) asks the loop to end. */
  stopReason?: () => string | null;
}

export function initialPosition(rngState: number[]): TrainingPosition {
  return { epoch: 0, batchesDone: 0, rngState, best: null, partial: null, epochsWithoutImprovement: 0, savedAt: new Date().toISOString() };
}

export async function fit(options: FitOptions): Promise<FitResult> {
  const { context, trainLoader, testLoader, callbacks, control } = options;
  const { config, model, optimizer, classes } = context;
  const started = performance.now();
  let position: TrainingPosition = { ...options.position };
  let evaluation: FitResult['evaluation'] = null;
  let epochsRun = 0;
  const parameters = model.parameters();
  const variables = parameters.map((p) => p.variable);
  const batches = trainLoader.batchesPerEpoch;
  let recentEpochSeconds: number | null = null;
  let stopAfterEpoch: string | null = null;
  const wrappedContext: TrainingContext = { ...context, requestStop: (reason) => (stopAfterEpoch = reason) };

  for (const callback of callbacks) await callback.onTrainBegin?.(wrappedContext, position);

  for (let epoch = position.epoch + 1; epoch <= config.epochs; epoch++) {
    const lr = stepLearningRates({ head: config.lr, backbone: config.backboneLr }, epoch, config.lrStepEpochs, config.lrGamma);
    const sums: PartialEpoch = position.partial ? structuredClone(position.partial) : { lossSums: {}, trainCorrect: 0, trainSeen: 0, trainSeconds: 0 };
    const skip = position.batchesDone;
    let batchIndex = skip;
    let stoppedMidEpoch = false;
    let lastTick = performance.now();

    for await (const batch of trainLoader.epoch(epoch - 1, { startBatch: skip })) {
      batchIndex++;
      await control.waitWhilePaused();
      const { lossValues, correct } = trainStep(model, optimizer, variables, batch, trainLoader.imgSize, lr);
      const now = performance.now();
      sums.trainSeconds += (now - lastTick) / 1000;
      lastTick = now;
      for (const [name, value] of Object.entries(lossValues)) sums.lossSums[name] = (sums.lossSums[name] ?? 0) + value * batch.size;
      sums.trainCorrect += correct;
      sums.trainSeen += batch.size;

      const samplesPerSec = sums.trainSeen / Math.max(sums.trainSeconds, 1e-9);
      const info: BatchInfo = {
        epoch,
        batch: batchIndex,
        batches,
        loss: lossValues.total,
        samplesPerSec,
        etaSeconds: estimateEta(config.epochs - epoch, recentEpochSeconds, batches - batchIndex, sums.trainSeconds / Math.max(batchIndex - skip, 1)),
      };
      for (const callback of callbacks) await callback.onBatchEnd?.(info, wrappedContext);
      if (!Number.isFinite(lossValues.total)) throw new Error(`the loss became ${lossValues.total} at epoch ${epoch}, batch ${batchIndex}: lower the learning rate`);
      if (control.stopRequested && batchIndex < batches) {
        position = { ...position, epoch: epoch - 1, batchesDone: batchIndex, partial: sums, savedAt: new Date().toISOString() };
        stoppedMidEpoch = true;
        break;
      }
      lastTick = performance.now();
    }
    if (stoppedMidEpoch) return finish('stopped');

    const evalStart = performance.now();
    evaluation = await evaluate(model, testLoader, classes.length);
    const finalAccuracy = evaluation.accuracy.final;
    const improved = position.best === null || finalAccuracy > position.best.accuracy;
    const epochSeconds = sums.trainSeconds + (performance.now() - evalStart) / 1000;
    recentEpochSeconds = epochSeconds;
    const losses = Object.fromEntries(Object.entries(sums.lossSums).map(([name, sum]) => [name, sum / Math.max(sums.trainSeen, 1)]));
    const metrics: EpochMetrics = {
      epoch,
      losses,
      accuracy: evaluation.accuracy,
      trainAccuracy: { final: sums.trainCorrect / Math.max(sums.trainSeen, 1) },
      lr,
      samplesPerSec: sums.trainSeen / Math.max(sums.trainSeconds, 1e-9),
      epochSeconds,
      etaSeconds: (config.epochs - epoch) * epochSeconds,
      time: new Date().toISOString(),
    };
    position = {
      ...position,
      epoch,
      batchesDone: 0,
      partial: null,
      best: improved ? { epoch, accuracy: finalAccuracy } : position.best,
      epochsWithoutImprovement: improved ? 0 : position.epochsWithoutImprovement + 1,
      savedAt: new Date().toISOString(),
    };
    epochsRun++;
    for (const callback of callbacks) await callback.onEpochEnd?.({ metrics, evaluation, position, improved }, wrappedContext);
    if (stopAfterEpoch) {
      context.log('info', `stopping early: ${stopAfterEpoch}`);
      return finish('completed');
    }
    if (control.stopRequested && epoch < config.epochs) return finish('stopped');
  }
  return finish('completed');

  async function finish(status: FitResult['status']): Promise<FitResult> {
    const result: FitResult = { status, position, evaluation, epochsRun, durationSeconds: (performance.now() - started) / 1000 };
    for (const callback of callbacks) await callback.onTrainEnd?.(result, wrappedContext);
    return result;
  }
}

function estimateEta(epochsLeft: number, lastEpochSeconds: number | null, batchesLeft: number, secondsPerBatch: number): number {
  const thisEpoch = batchesLeft * secondsPerBatch;
  const perEpoch = lastEpochSeconds ?? secondsPerBatch * (batchesLeft + 1);
  return thisEpoch + epochsLeft * perEpoch;
}
