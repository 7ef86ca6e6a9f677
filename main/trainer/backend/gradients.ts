// Makes sure tfjs-core's gradient functions are registered. The CommonJS bundle that Node loads for
// '@tensorflow/tfjs-core' (dist/tf-core.node.js) has none; they live in the ESM tree under dist/gradients.
// Under vitest/bundlers `import '@tensorflow/tfjs-core/dist/register_all_gradients'` works; under tsx it fails
// because dist/gradients/Prod_grad.js imports '../base', whose './gradients' is both a file and a directory.
// The fallback imports every dist/gradients/*_grad.js file on its own and registers what it exports.
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface GradientRegistration {
  /** How the gradients got registered. */
  via: 'already-registered' | 'register_all_gradients' | 'per-file';
  /** Gradient files that could not be loaded (per-file fallback only), with the reason. */
  failed: string[];
}

let pending: Promise<GradientRegistration> | null = null;

function isGradConfig(v: unknown): v is GradConfig {
  return v != null && typeof v === 'object' && 'kernelName' in v && 'gradFunc' in v;
}

async function register(): Promise<GradientRegistration> {
  if (tf.getGradient('Conv2D') != null && tf.getGradient('DepthwiseConv2dNative') != null) {
    return { via: 'already-registered', failed: [] };
  }
  try {
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
    if (tf.getGradient('Conv2D') != null) return { via: 'register_all_gradients', failed: [] };
  } catch {
    // fall through to the per-file import
  }
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist', 'gradients');
  const failed: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_grad.js'))) {
    try {
      const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
      for (const value of Object.values(mod)) {
        if (isGradConfig(value) && tf.getGradient(value.kernelName) == null) tf.registerGradient(value);
      }
    } catch (e) {
      failed.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (tf.getGradient('Conv2D') == null) {
    throw new Error(`could not register tfjs-core gradients (${failed.slice(0, 3).join('; ')})`);
  }
  return { via: 'per-file', failed };
}

/** Registers tfjs-core's gradients once (idempotent, concurrent callers share one registration). */
export function ensureGradients(): Promise<GradientRegistration> {
  pending ??= register().catch((e: unknown) => {
    pending = null;
    throw e;
  });
  return pending;
}
