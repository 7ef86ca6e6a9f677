// Micro-benchmark of Conv2DBackpropFilter (the filter gradient that dominates a CNN training step on the
// JS backends): wasm with the kernel registered here vs the cpu backend's stock kernel vs the fast cpu one,
// on ResNet-ish layers of a 64 px input at batch 16. Also times a full conv2d gradient (dx + dW) on wasm.
//
//   npx tsx main/trainer/backend/kernel-bench.ts [--threads N] [--reps N] [--no-stock]
//
// wasm threads are fixed when wasm starts, so compare thread counts with separate runs (--threads 1 / 2).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerFastCpuKernels, stockCpuConv2DBackpropFilter, unregisterFastCpuKernels } from './cpu-kernels';
import { ensureGradients } from './gradients';
import { startWasm } from './wasm-init';
import { registerWasmTrainingKernels } from './wasm-kernels';

interface Layer {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
  pad: number;
}

const LAYERS: Layer[] = [
  { name: 'resnet18 stem 7x7/2, 64px', x: [16, 64, 64, 3], filter: [7, 7, 3, 64], stride: 2, pad: 3 },
  { name: 'resnet-tiny layer1 3x3, 32x32x32', x: [16, 32, 32, 32], filter: [3, 3, 32, 32], stride: 1, pad: 1 },
  { name: 'resnet-tiny layer2 3x3/2, 32->64', x: [16, 32, 32, 32], filter: [3, 3, 32, 64], stride: 2, pad: 1 },
  { name: 'resnet18 layer1 3x3, 16x16x64', x: [16, 16, 16, 64], filter: [3, 3, 64, 64], stride: 1, pad: 1 },
  { name: 'resnet18 downsample 1x1/2, 64->128', x: [16, 16, 16, 64], filter: [1, 1, 64, 128], stride: 2, pad: 0 },
];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function explicitPad(p: number): [[number, number], [number, number], [number, number], [number, number]] {
  return [
    [0, 0],
    [p, p],
    [p, p],
    [0, 0],
  ];
}

function outShape(l: Layer): [number, number, number, number] {
  const o = (n: number) => Math.floor((n + 2 * l.pad - l.filter[0]) / l.stride) + 1;
  return [l.x[0], o(l.x[1]), o(l.x[2]), l.filter[3]];
}

/** Median of `reps` timings by `once` (after one warm-up run). */
async function medianMs(once: () => Promise<number>, reps: number): Promise<number> {
  await once();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await once());
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** Median ms of `reps` runs of the filter gradient kernel on the active backend (after one warm-up). */
async function timeFilterGrad(l: Layer, reps: number): Promise<number> {
  const x = tf.randomNormal(l.x);
  const dy = tf.randomNormal(outShape(l));
  const attrs = { strides: [l.stride, l.stride], pad: explicitPad(l.pad), dataFormat: 'NHWC', filterShape: l.filter };
  const once = async () => {
    const t0 = performance.now();
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
    await dw.data();
    dw.dispose();
    return performance.now() - t0;
  };
  const ms = await medianMs(once, reps);
  tf.dispose([x, dy]);
  return ms;
}

/** Median ms of a full conv2d gradient (dx and dW through tf.grads) on the active backend. */
async function timeConvGrads(l: Layer, reps: number): Promise<number> {
  const x = tf.randomNormal(l.x);
  const w = tf.randomNormal(l.filter);
  const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, l.stride, explicitPad(l.pad))));
  const once = async () => {
    const t0 = performance.now();
    const out = g([x, w]);
    await Promise.all(out.map((t) => t.data()));
    tf.dispose(out);
    return performance.now() - t0;
  };
  const ms = await medianMs(once, reps);
  tf.dispose([x, w]);
  return ms;
}

async function main(): Promise<void> {
  const reps = arg('reps', 3);
  const stock = !process.argv.includes('--no-stock');
  await ensureGradients();
  registerWasmTrainingKernels();
  const wasm = await startWasm({ threads: arg('threads', 1) });
  console.log(`wasm: ${wasm.threads} thread(s), SIMD ${wasm.simd}${wasm.notes.length ? ` (${wasm.notes.join('; ')})` : ''}`);
  const rows: Array<Record<string, string>> = [];
  for (const l of LAYERS) {
    await tf.setBackend('wasm');
    const wasmMs = await timeFilterGrad(l, reps);
    const wasmGradsMs = await timeConvGrads(l, reps);
    await tf.setBackend('cpu');
    registerFastCpuKernels();
    const fastMs = await timeFilterGrad(l, reps);
    let stockMs = NaN;
    if (stock && stockCpuConv2DBackpropFilter() != null) {
      unregisterFastCpuKernels();
      stockMs = await timeFilterGrad(l, 1);
      registerFastCpuKernels();
    }
    const row = {
      layer: l.name,
      'wasm dW ms': wasmMs.toFixed(1),
      'wasm dx+dW ms': wasmGradsMs.toFixed(1),
      'cpu fast dW ms': fastMs.toFixed(1),
      'cpu stock dW ms': Number.isNaN(stockMs) ? '-' : stockMs.toFixed(0),
      'fast/stock speed-up': Number.isNaN(stockMs) ? '-' : `${(stockMs / fastMs).toFixed(1)}x`,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  console.table(rows);
}

await main();
