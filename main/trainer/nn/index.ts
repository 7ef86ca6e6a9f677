// A minimal module system over tfjs-core (PyTorch-like): modules own tf.Variables and expose
// parameters() (with learning-rate group and weight-decay flag) and state() (incl. BN buffers).
export { Module, ModuleList, type ParamGroup } from './module';
export { Conv2d, type Conv2dOptions } from './conv2d';
export { BatchNorm2d, type BatchNorm2dOptions } from './batchnorm';
export { Linear, type LinearOptions } from './linear';
export { relu, relu6 } from './activations';
export { globalAvgPool, globalMaxPool, maxPool2d } from './pooling';
export { detach } from './detach';
export { heNormal, normalTensor } from './init';
export { samePadding, torchPad } from './padding';
