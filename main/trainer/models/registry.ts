// Model registry: createModel(name, config) → ClassifierModel.
import { MODEL_NAMES, type ModelName } from '../../../shared/config';
import { BaselineModel } from './baseline';
import { MgeCnnModel } from './mgecnn';
import type { ClassifierModel, ModelConfig } from './types';

export { MODEL_NAMES };

/** Names of the models createModel knows. */
export function listModels(): readonly ModelName[] {
  return MODEL_NAMES;
}

/**
 * Builds a model with freshly initialised weights (He init from the config's seed; no
 * pretrained weights are available offline). Throws on an unknown name or invalid config.
 */
export function createModel(name: ModelName, config: ModelConfig): ClassifierModel {
  switch (name) {
    case 'mgecnn':
      return new MgeCnnModel(config);
    case 'baseline':
      return new BaselineModel(config);
    default:
      throw new Error(`Unknown model "${String(name)}" (known: ${MODEL_NAMES.join(', ')})`);
  }
}
