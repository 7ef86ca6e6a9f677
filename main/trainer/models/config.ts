// Validation of the model configuration, shared by every model.
import { BACKBONE_NAMES } from '../../../shared/config';
import type { ModelConfig } from './types';

export function validateModelConfig(config: ModelConfig): void {
  const problems: string[] = [];
  if (!Number.isInteger(config.numClasses) || config.numClasses < 2) problems.push(`numClasses must be a whole number ≥ 2 (got ${config.numClasses})`);
  if (!(BACKBONE_NAMES as readonly string[]).includes(config.backbone)) problems.push(`backbone must be one of ${BACKBONE_NAMES.join(', ')} (got ${config.backbone})`);
  if (!Number.isInteger(config.imgSize) || config.imgSize < 16) problems.push(`imgSize must be a whole number ≥ 16 (got ${config.imgSize})`);
  if (!(config.boxThreshold > 0 && config.boxThreshold < 1)) problems.push(`boxThreshold must be between 0 and 1 (got ${config.boxThreshold})`);
  if (!(config.diversityWeight >= 0)) problems.push(`diversityWeight must be 0 or more (got ${config.diversityWeight})`);
  if (!Number.isFinite(config.seed)) problems.push(`seed must be a number (got ${config.seed})`);
  if (problems.length > 0) throw new Error(`Invalid model config: ${problems.join('; ')}`);
}
