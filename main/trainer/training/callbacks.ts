// Keras-style hooks into the training loop: progress reporting, checkpoints, early stopping and (later)
// CAM galleries are callbacks, so the loop itself stays one small piece of code.
import type { RunConfig } from '../../../shared/config';
import type { EpochMetrics } from '../../../shared/runs';
import type { TrainingPosition } from '../checkpoint/checkpoint';
import type { ClassifierModel } from '../models/types';
import type { SgdOptimizer } from '../optim/sgd';
import type { EvaluationResult } from './evaluate';

export interface TrainingContext {
  readonly config: RunConfig;
  readonly model: ClassifierModel;
  readonly optimizer: SgdOptimizer;
  readonly classes: string[];
  /** Where checkpoints go; null for in-memory runs (benchmarks, tests). */
  readonly runDir: string | null;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Ends training after the current epoch (early stopping). */
  requestStop(reason: string): void;
}

export interface BatchInfo {
  epoch: number;
  /** 1-based batch index within the epoch. */
  batch: number;
  batches: number;
  loss: number;
  samplesPerSec: number;
  etaSeconds: number;
}

export interface EpochEnd {
  metrics: EpochMetrics;
  evaluation: EvaluationResult;
  /** The position after this epoch, with `best` already updated. */
  position: TrainingPosition;
  improved: boolean;
}

export interface FitResult {
  status: 'completed' | 'stopped';
  position: TrainingPosition;
  /** The evaluation after the last completed epoch (null when stopped before finishing one). */
  evaluation: EvaluationResult | null;
  epochsRun: number;
  durationSeconds: number;
}

export interface TrainingCallback {
  onTrainBegin?(context: TrainingContext, position: TrainingPosition): void | Promise<void>;
  onBatchEnd?(info: BatchInfo, context: TrainingContext): void | Promise<void>;
  onEpochEnd?(end: EpochEnd, context: TrainingContext): void | Promise<void>;
  onTrainEnd?(result: FitResult, context: TrainingContext): void | Promise<void>;
}
