// The run's final results (summary.json) from the last evaluation and the best-so-far record.
import type { RunSummary } from '../../../shared/runs';
import type { FitResult } from './callbacks';

export function buildSummary(result: FitResult, classes: string[], totalSeconds: number): RunSummary | null {
  const { evaluation, position } = result;
  if (!evaluation) return null;
  const experts = Object.keys(evaluation.accuracy).filter((h) => h.startsWith('expert'));
  return {
    finishedAt: new Date().toISOString(),
    epochs: position.epoch,
    testAccuracy: evaluation.accuracy.final,
    top5Accuracy: evaluation.top5Accuracy,
    ...(experts.length > 0 ? { expertAccuracy: experts.map((h) => evaluation.accuracy[h]) } : {}),
    bestEpoch: position.best?.epoch ?? position.epoch,
    bestAccuracy: position.best?.accuracy ?? evaluation.accuracy.final,
    perClassAccuracy: evaluation.perClassAccuracy,
    confusion: evaluation.confusion,
    classes,
    testSamples: evaluation.samples,
    durationSeconds: totalSeconds,
  };
}
