// One gradient step of a tiny network on the chosen backend, compared with the same step on 'cpu' (same
// weights): conv2d 3x3 stride 2 'same' → relu → depthwise 3x3 stride 2 'same' → relu → spatial mean →
// dense → softmax cross-entropy. It exercises Conv2D/Conv2DBackpropFilter, DepthwiseConv2dNative and both
// depthwise gradients, ReLU's gradient, Mean, MatMul and the loss — the kernels patched for wasm/cpu here.
// Every tensor it creates is disposed; the active backend is restored.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ensureGradients } from './gradients';
import { seeded } from './seeded';

export interface SelfCheckResult {
  ok: boolean;
  /** max over loss and gradients of max|a-b| / max(1, max|b|), b = cpu reference. */
  maxRelativeError: number;
  seconds: number;
}

export class SelfCheckError extends Error {
  constructor(
    message: string,
    readonly result: SelfCheckResult,
  ) {
    super(message);
    this.name = 'SelfCheckError';
  }
}

const REFERENCE = 'cpu';
const X_SHAPE: [number, number, number, number] = [2, 9, 9, 3];
const SHAPES = {
  conv: [3, 3, 3, 6],
  depthwise: [3, 3, 6, 1],
  dense: [6, 4],
  bias: [4],
} as const;
const LABELS = [1, 3];
let counter = 0;

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** Loss and gradients (in a fixed order) of one step on the active backend. */
async function step(): Promise<Float32Array[]> {
  const id = ++counter;
  const names = Object.keys(SHAPES) as Array<keyof typeof SHAPES>;
  const vars = names.map((name, i) => {
    const init = tf.tensor(seeded(size(SHAPES[name]), 11 + i, 0.5), [...SHAPES[name]]);
    const v = tf.variable(init, true, `mge-self-check-${id}-${name}`);
    init.dispose();
    return v;
  });
  const [conv, depthwise, dense, bias] = vars;
  const x = tf.tensor4d(seeded(size(X_SHAPE), 7, 1), X_SHAPE);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(LABELS, 'int32'), SHAPES.bias[0]));
  try {
    const { value, grads } = tf.variableGrads(() => {
      const h1 = tf.relu(tf.conv2d(x, conv as tf.Variable<tf.Rank.R4>, 2, 'same'));
      const h2 = tf.relu(tf.depthwiseConv2d(h1, depthwise as tf.Variable<tf.Rank.R4>, 2, 'same'));
      const pooled = tf.mean(h2, [1, 2]);
      const logits = tf.add(tf.matMul(pooled, dense as tf.Variable<tf.Rank.R2>), bias);
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
    }, vars);
    try {
      const ordered = [value, ...vars.map((v) => grads[v.name])];
      if (ordered.some((t) => t == null)) throw new Error('a gradient is missing');
      return await Promise.all(ordered.map(async (t) => (await t.data()) as Float32Array));
    } finally {
      tf.dispose([value, ...Object.values(grads)]);
    }
  } finally {
    tf.dispose([...vars, x, labels]);
  }
}

function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= diff)) diff = d; // also catches NaN
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return Number.isFinite(diff) ? diff / scale : Infinity;
}

async function onBackend<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (tf.getBackend() !== name && !(await tf.setBackend(name))) throw new Error(`backend '${name}' failed to start`);
  return fn();
}

/**
 * Runs the check on `backendName` (which must be registered) against 'cpu'. Resolves with the result when the
 * error is within `tolerance`, otherwise rejects with a SelfCheckError. `backendName` is active afterwards.
 */
export async function runSelfCheck(backendName: string, options: { tolerance?: number } = {}): Promise<SelfCheckResult> {
  const tolerance = options.tolerance ?? 5e-3;
  const t0 = performance.now();
  await ensureGradients();
  let maxRelativeError = 0;
  try {
    const actual = await onBackend(backendName, step);
    if (backendName !== REFERENCE) {
      const expected = await onBackend(REFERENCE, step);
      for (let i = 0; i < expected.length; i++) {
        maxRelativeError = Math.max(maxRelativeError, relativeError(actual[i], expected[i]));
      }
    } else if (actual.some((a) => a.some((v) => !Number.isFinite(v)))) {
      maxRelativeError = Infinity;
    }
  } finally {
    if (tf.getBackend() !== backendName) await tf.setBackend(backendName);
  }
  const result: SelfCheckResult = {
    ok: maxRelativeError <= tolerance,
    maxRelativeError,
    seconds: (performance.now() - t0) / 1000,
  };
  if (!result.ok) {
    throw new SelfCheckError(
      `gradient self-check failed on '${backendName}': max relative error ${maxRelativeError.toExponential(2)} ` +
        `vs 'cpu' exceeds ${tolerance}`,
      result,
    );
  }
  return result;
}
