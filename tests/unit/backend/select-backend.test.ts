// Backend selection: auto falls through to wasm here (no libtensorflow), explicit requests fail clearly,
// the native path works with injected packages (incl. a GPU one and one failing its self-check), the
// self-check is leak-free, and the GPU id / device helpers.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyGpuIds,
  BackendUnavailableError,
  describeGpus,
  fastCpuKernelsRegistered,
  parseNvidiaSmi,
  runSelfCheck,
  selectBackend,
  visibleGpus,
} from '../../../main/trainer/backend';
import { resetNativeBackendCache, type NativePackage } from '../../../main/trainer/backend/native-backend';

const require = createRequire(import.meta.url);
const nativeInstalled = (['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const).some((p) => {
  try {
    require.resolve(p);
    return true;
  } catch {
    return false;
  }
});

/** A stand-in for tfjs-node: registers 'tensorflow' as a cpu backend with copies of the cpu kernels. */
function fakeTfjsNode(options: { gpu: boolean; brokenFilterGrad?: boolean }) {
  return () => {
    // Like a cached require(): a second load registers nothing new.
    if (tf.findBackendFactory('tensorflow') != null) return { version: { 'tfjs-core': tf.version_core } };
    for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: 'tensorflow' });
    if (options.brokenFilterGrad) {
      tf.unregisterKernel('Conv2DBackpropFilter', 'tensorflow');
      tf.registerKernel({
        kernelName: 'Conv2DBackpropFilter',
        backendName: 'tensorflow',
        kernelFunc: ({ backend, attrs }) => {
          const shape = (attrs as { filterShape: number[] }).filterShape;
          const values = new Float32Array(shape.reduce((p, d) => p * d, 1)).fill(0.5);
          return (backend as MathBackendCPU).makeTensorInfo(shape, 'float32', values);
        },
      });
    }
    tf.registerBackend('tensorflow', () => Object.assign(new MathBackendCPU(), { isUsingGpuDevice: options.gpu }), 3);
    return { version: { 'tfjs-core': tf.version_core, 'tfjs-node': tf.version_core } };
  };
}

function removeFakeTensorflow(): void {
  if (tf.findBackendFactory('tensorflow') != null) tf.removeBackend('tensorflow');
  for (const k of tf.getKernelsForBackend('tensorflow')) tf.unregisterKernel(k.kernelName, 'tensorflow');
  resetNativeBackendCache();
}

const missing = (pkg: NativePackage) => Object.assign(new Error(`Cannot find module '${pkg}'`), { code: 'MODULE_NOT_FOUND' });

afterEach(() => removeFakeTensorflow());

describe('selectBackend', () => {
  it.skipIf(nativeInstalled)("'auto' picks wasm here, self-checked, with notes on why tensorflow was skipped", async () => {
    const lines: string[] = [];
    const info = await selectBackend('auto', { log: (l) => lines.push(l) });
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.selfCheck.ok).toBe(true);
    expect(info.selfCheck.maxRelativeError).toBeLessThan(1e-4);
    expect(info.gpu).toBe(false);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.simd).toBe(true);
    expect(info.tfjsVersion).toBe('4.22.0');
    expect(info.device.length).toBeGreaterThan(0);
    expect(info.notes[0]).toMatch(/^tensorflow skipped: .*@tensorflow\/tfjs-node-gpu and @tensorflow\/tfjs-node are not installed/);
    expect(lines.some((l) => l.includes('tensorflow skipped'))).toBe(true);
    // Called again: the running wasm backend is reused.
    const again = await selectBackend('wasm');
    expect(again.threads).toBe(info.threads);
  });

  it.skipIf(nativeInstalled)("'tensorflow' rejects with a clear message when the native packages are missing", async () => {
    const error = await selectBackend('tensorflow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).code).toBe('backend-unavailable');
    expect((error as Error).message).toMatch(
      /^backend 'tensorflow' is not available: @tensorflow\/tfjs-node-gpu and @tensorflow\/tfjs-node are not installed/,
    );
  });

  it("'cpu' works and uses the fast filter-gradient kernels", async () => {
    const info = await selectBackend('cpu');
    expect(info).toMatchObject({ name: 'cpu', gpu: false, threads: 1 });
    expect(info.selfCheck.ok).toBe(true);
    expect(tf.getBackend()).toBe('cpu');
    expect(fastCpuKernelsRegistered()).toBe(true);
  });

  it('rejects an unknown backend name', async () => {
    await expect(selectBackend('webgl' as never)).rejects.toThrow(/unknown backend 'webgl'/);
  });

  it('loads tfjs-node when tfjs-node-gpu fails with a non-module error, and reports why', async () => {
    const importNative = (pkg: NativePackage) => {
      if (pkg === '@tensorflow/tfjs-node-gpu') throw new Error('libcudart.so.11.0: cannot open shared object file');
      return fakeTfjsNode({ gpu: false })();
    };
    const info = await selectBackend('auto', { importNative });
    expect(info.name).toBe('tensorflow');
    expect(info.gpu).toBe(false);
    expect(info.selfCheck.ok).toBe(true);
    expect(tf.getBackend()).toBe('tensorflow');
    expect(info.notes.join('\n')).toMatch(/@tensorflow\/tfjs-node-gpu failed to load \(libcudart\.so\.11\.0/);
    expect(info.notes.join('\n')).toMatch(/tensorflow via @tensorflow\/tfjs-node/);
  });

  it('reports a GPU device when the native backend runs on CUDA', async () => {
    const importNative = (pkg: NativePackage) => {
      if (pkg === '@tensorflow/tfjs-node-gpu') return fakeTfjsNode({ gpu: true })();
      throw missing(pkg);
    };
    const info = await selectBackend('tensorflow', { importNative });
    expect(info).toMatchObject({ name: 'tensorflow', gpu: true });
    // nvidia-smi is absent here; with it the name of the visible GPU(s) is reported.
    expect(info.device).toMatch(/GPU/);
  });

  it('falls back from a backend that fails its gradient self-check, with a note', async () => {
    const importNative = (pkg: NativePackage) => {
      if (pkg === '@tensorflow/tfjs-node') return fakeTfjsNode({ gpu: false, brokenFilterGrad: true })();
      throw missing(pkg);
    };
    const info = await selectBackend('auto', { importNative });
    expect(info.name).toBe('wasm');
    expect(info.notes[0]).toMatch(/^tensorflow skipped: gradient self-check failed on 'tensorflow'/);
    resetNativeBackendCache();
    await expect(selectBackend('tensorflow', { importNative })).rejects.toThrow(/not usable: gradient self-check failed/);
  });
});

describe('runSelfCheck', () => {
  it('disposes every tensor and restores the backend', async () => {
    await selectBackend('wasm', { log: () => undefined });
    await runSelfCheck('wasm');
    const before = tf.memory().numTensors;
    const result = await runSelfCheck('wasm');
    expect(result.ok).toBe(true);
    expect(result.seconds).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.getBackend()).toBe('wasm');
  });
});

describe('GPU ids and device names', () => {
  it('applyGpuIds sets CUDA_VISIBLE_DEVICES (and the PCI bus order) for the trainer process', () => {
    const env: NodeJS.ProcessEnv = { PATH: '/bin' };
    expect(applyGpuIds([6, 7], env)).toBe(env);
    expect(env.CUDA_VISIBLE_DEVICES).toBe('6,7');
    expect(env.CUDA_DEVICE_ORDER).toBe('PCI_BUS_ID');
    const untouched: NodeJS.ProcessEnv = {};
    applyGpuIds([], untouched);
    expect(untouched).toEqual({});
    expect(() => applyGpuIds([-1], {})).toThrow(/not a GPU index/);
  });

  it('parses nvidia-smi and honours CUDA_VISIBLE_DEVICES', () => {
    const out = [
      '0, NVIDIA A100-SXM4-80GB, GPU-aaaa1111-0000-0000-0000-000000000000',
      '1, NVIDIA A100-SXM4-80GB, GPU-bbbb2222-0000-0000-0000-000000000000',
      '6, NVIDIA H200, GPU-cccc3333-0000-0000-0000-000000000000',
      '7, NVIDIA H200, GPU-dddd4444-0000-0000-0000-000000000000',
      '',
    ].join('\n');
    const all = parseNvidiaSmi(out);
    expect(all).toHaveLength(4);
    expect(describeGpus(visibleGpus(all, '6,7'))).toBe('2× NVIDIA H200 (GPUs 6,7)');
    expect(describeGpus(visibleGpus(all, '1'))).toBe('NVIDIA A100-SXM4-80GB (GPU 1)');
    expect(describeGpus(visibleGpus(all, 'GPU-cccc3333'))).toBe('NVIDIA H200 (GPU 6)');
    expect(visibleGpus(all, undefined)).toHaveLength(4);
    expect(visibleGpus(all, '')).toHaveLength(0);
    expect(visibleGpus(all, '7,9,0').map((g) => g.index)).toEqual([7]); // CUDA stops at an invalid entry
    expect(describeGpus([])).toBeNull();
  });
});
