// Compute backends (design §3): selection with a gradient self-check, the kernels that make wasm train and
// the cpu backend fast enough, GPU id mapping and device names.
export {
  selectBackend,
  BackendUnavailableError,
  type BackendInfo,
  type ComputeBackendName,
  type RequestedBackend,
  type SelectBackendOptions,
} from './select-backend';
export { applyGpuIds, cpuDescription, describeGpus, parseNvidiaSmi, queryVisibleGpus, visibleGpus, type GpuEntry } from './device';
export {
  registerWasmTrainingKernels,
  missingWasmTrainingKernels,
  stockWasmKernel,
  unregisterWasmKernelOverrides,
} from './wasm-kernels';
export {
  registerFastCpuKernels,
  unregisterFastCpuKernels,
  stockCpuConv2DBackpropFilter,
  stockCpuKernel,
  fastCpuKernelsRegistered,
} from './cpu-kernels';
export { runSelfCheck, SelfCheckError, type SelfCheckResult } from './self-check';
export { ensureGradients } from './gradients';
