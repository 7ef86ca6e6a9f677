// Public entry of the models package.
export * from './types';
export { createModel, listModels, MODEL_NAMES } from './registry';
export { createBackbone, backboneChannels, BACKBONE_NAMES } from './backbones/registry';
export { Backbone } from './backbones/backbone';
export { classActivationMap, boxFromMap, cropToBoxes, minMaxNormalize } from './cam';
export { crossEntropy, diversityLoss } from './losses';
export { BaselineModel } from './baseline';
export { MgeCnnModel, NUM_EXPERTS } from './mgecnn';
