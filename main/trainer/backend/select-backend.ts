// Picks the compute backend (design §3): 'auto' tries tensorflow (tfjs-node-gpu, then tfjs-node) → wasm → cpu,
// each followed by a one-step gradient self-check against 'cpu'; a backend that fails to load or to pass the
// check is skipped with a note saying why. A backend requested by name that is unavailable or fails the check
// is an error (BackendUnavailableError, code 'backend-unavailable').
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import os from 'node:os';
import type { BackendName as RequestedBackend } from '../../../shared/config';
import { registerFastCpuKernels } from './cpu-kernels';
import { cpuDescription, describeGpus, queryVisibleGpus } from './device';
import { ensureGradients } from './gradients';
import { loadNativeBackend, type NativeImporter } from './native-backend';
import { runSelfCheck, type SelfCheckResult } from './self-check';
import { startWasm } from './wasm-init';
import { registerWasmTrainingKernels } from './wasm-kernels';

export type { RequestedBackend };
export type ComputeBackendName = Exclude<RequestedBackend, 'auto'>;

export interface BackendInfo {
  name: ComputeBackendName;
  /** @tensorflow/tfjs-core version (all @tensorflow/tfjs* are pinned to it). */
  tfjsVersion: string;
  /** GPU name(s) under CUDA, else the CPU model. */
  device: string;
  gpu: boolean;
  /** Threads the backend computes with (wasm: XNNPACK pool, cpu: 1, tensorflow: logical cores). */
  threads: number;
  /** wasm only: whether the SIMD build runs. */
  simd?: boolean;
  selfCheck: SelfCheckResult;
  /** Why backends were skipped, thread/SIMD facts, warnings. */
  notes: string[];
}

export interface SelectBackendOptions {
  /** wasm threads (default os.availableParallelism()); 1 disables threading. */
  threads?: number;
  log?: (line: string) => void;
  /** Self-check tolerance (default 5e-3, loose enough for TF32 on recent NVIDIA GPUs). */
  selfCheckTolerance?: number;
  /** How long the threaded wasm start-up may take before falling back to 1 thread (default 20 s). */
  wasmThreadsTimeoutMs?: number;
  /** Loads @tensorflow/tfjs-node(-gpu); tests inject fakes. Default: require from the app's node_modules. */
  importNative?: NativeImporter;
}

export class BackendUnavailableError extends Error {
  readonly code = 'backend-unavailable' as const;
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

const AUTO_ORDER: readonly ComputeBackendName[] = ['tensorflow', 'wasm', 'cpu'];

type Activated = Omit<BackendInfo, 'selfCheck' | 'tfjsVersion'>;

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function activateTensorflow(options: SelectBackendOptions): Promise<Activated> {
  const native = await loadNativeBackend(options.importNative);
  if (!native.ok) {
    const notInstalled = native.reasons.every((r) => r.endsWith(' is not installed'));
    const detail = notInstalled
      ? '@tensorflow/tfjs-node-gpu and @tensorflow/tfjs-node are not installed (optional dependencies: their ' +
        'install downloads libtensorflow and is skipped offline; use --backend wasm or auto)'
      : native.reasons.join('; ');
    throw new BackendUnavailableError(`backend 'tensorflow' is not available: ${detail}`);
  }
  const notes = [`tensorflow via ${native.pkg}${native.version ? ` ${native.version}` : ''}`, ...native.notes];
  let device = cpuDescription();
  if (native.usingGpu) {
    const gpus = await queryVisibleGpus();
    const described = describeGpus(gpus);
    device = described ?? 'CUDA GPU (nvidia-smi unavailable)';
    if (gpus.length > 1) notes.push('TensorFlow places ops on the first visible GPU');
  }
  return { name: 'tensorflow', device, gpu: native.usingGpu, threads: availableThreads(), notes };
}

async function activateWasm(options: SelectBackendOptions): Promise<Activated> {
  registerWasmTrainingKernels();
  const started = await startWasm({ threads: options.threads ?? availableThreads(), timeoutMs: options.wasmThreadsTimeoutMs });
  return { name: 'wasm', device: cpuDescription(), gpu: false, threads: started.threads, simd: started.simd, notes: started.notes };
}

async function activateCpu(): Promise<Activated> {
  registerFastCpuKernels();
  if (!(await tf.setBackend('cpu'))) throw new BackendUnavailableError(`backend 'cpu' failed to start`);
  return { name: 'cpu', device: cpuDescription(), gpu: false, threads: 1, notes: ['cpu: pure JavaScript, single-threaded (slowest)'] };
}

function availableThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

function activate(name: ComputeBackendName, options: SelectBackendOptions): Promise<Activated> {
  switch (name) {
    case 'tensorflow':
      return activateTensorflow(options);
    case 'wasm':
      return activateWasm(options);
    case 'cpu':
      return activateCpu();
  }
}

/**
 * Makes the requested (or best available) backend active and returns what was chosen. The cpu backend's fast
 * Conv2DBackpropFilter and wasm's training kernels are registered along the way, and tfjs-core's gradients.
 */
export async function selectBackend(requested: RequestedBackend, options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const log = options.log ?? (() => undefined);
  if (!['auto', ...AUTO_ORDER].includes(requested)) {
    throw new BackendUnavailableError(`unknown backend '${String(requested)}' (use auto, ${AUTO_ORDER.join(', ')})`);
  }
  await ensureGradients();
  // The self-check's reference runs on 'cpu': use the fast filter gradient there too (tested equal to stock).
  registerFastCpuKernels();
  const candidates = requested === 'auto' ? AUTO_ORDER : [requested];
  const skipped: string[] = [];
  for (const name of candidates) {
    let activated: Activated;
    try {
      activated = await activate(name, options);
    } catch (e) {
      const message = errorMessage(e).replace(/^backend '\w+' is not available: /, '');
      if (requested !== 'auto') {
        throw e instanceof BackendUnavailableError ? e : new BackendUnavailableError(`backend '${name}' is not available: ${message}`);
      }
      skipped.push(`${name} skipped: ${message}`);
      log(`backend ${name} skipped: ${message}`);
      continue;
    }
    let selfCheck: SelfCheckResult;
    try {
      selfCheck = await runSelfCheck(name, { tolerance: options.selfCheckTolerance });
    } catch (e) {
      if (requested !== 'auto') {
        throw new BackendUnavailableError(`backend '${name}' is not usable: ${errorMessage(e)}`);
      }
      skipped.push(`${name} skipped: ${errorMessage(e)}`);
      log(`backend ${name} skipped: ${errorMessage(e)}`);
      continue;
    }
    const info: BackendInfo = {
      ...activated,
      tfjsVersion: tf.version_core,
      selfCheck,
      notes: [...skipped, ...activated.notes],
    };
    log(
      `backend ${info.name} on ${info.device}, ${info.threads} thread(s)` +
        `${info.simd === undefined ? '' : info.simd ? ', SIMD' : ', no SIMD'}; self-check ok ` +
        `(max rel. error ${selfCheck.maxRelativeError.toExponential(1)}, ${selfCheck.seconds.toFixed(2)} s)`,
    );
    for (const note of activated.notes) log(`backend note: ${note}`);
    return info;
  }
  throw new BackendUnavailableError(`no usable backend: ${skipped.join('; ')}`);
}
