// Loads TensorFlow's native backend ('tensorflow') from @tensorflow/tfjs-node-gpu, else @tensorflow/tfjs-node.
// Both are optionalDependencies: offline installs skip them, and a present package can still fail to load
// (missing or broken libtensorflow, CUDA libraries, ABI mismatch...), so ANY error is caught and reported.
// They are loaded with this file's `require`, i.e. from the app's node_modules, where npm dedupes their
// @tensorflow/tfjs-core to the same pinned 4.22.0 copy we use; the backend they register is checked on our
// instance to be sure.
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';

export const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;
export type NativePackage = (typeof NATIVE_PACKAGES)[number];

/** Loads a package by name (default: CommonJS require from this file). Tests inject fakes. */
export type NativeImporter = (specifier: NativePackage) => unknown;

export type NativeLoad =
  | { ok: true; pkg: NativePackage; version: string | null; usingGpu: boolean; notes: string[] }
  | { ok: false; reasons: string[] };

const require = createRequire(import.meta.url);
const defaultImporter: NativeImporter = (specifier) => require(specifier);

/** The cached outcome: packages are loaded (and register their backend) at most once per process. */
let loaded: NativeLoad | null = null;

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0].trim();
}

function describeLoadError(pkg: NativePackage, e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  const message = firstLine(e);
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    // "Cannot find module '@tensorflow/tfjs-node-gpu'" is the package itself; any other name is a broken install.
    if (message.includes(`'${pkg}'`) || message.includes(`"${pkg}"`)) return `${pkg} is not installed`;
    return `${pkg} is installed but incomplete (${message})`;
  }
  return `${pkg} failed to load (${message})`;
}

interface NodeBackendLike {
  isUsingGpuDevice?: boolean;
  isGPUPackage?: boolean;
}

async function tryPackage(pkg: NativePackage, importer: NativeImporter): Promise<NativeLoad> {
  let mod: unknown;
  try {
    mod = await importer(pkg);
  } catch (e) {
    return { ok: false, reasons: [describeLoadError(pkg, e)] };
  }
  if (tf.findBackendFactory('tensorflow') == null) {
    const theirs = (mod as { version?: Record<string, string> } | null)?.version?.['tfjs-core'];
    return {
      ok: false,
      reasons: [
        `${pkg} loaded but did not register the 'tensorflow' backend on this @tensorflow/tfjs-core ` +
          `(${tf.version_core}${theirs ? `; it uses ${theirs}` : ''}): pin every @tensorflow/tfjs* package to 4.22.0`,
      ],
    };
  }
  const notes: string[] = [];
  const versions = (mod as { version?: Record<string, string> } | null)?.version ?? {};
  const coreVersion = versions['tfjs-core'];
  if (coreVersion && coreVersion !== tf.version_core) {
    notes.push(`${pkg} was built against tfjs-core ${coreVersion}, the app uses ${tf.version_core}`);
  }
  let ok = false;
  try {
    ok = await tf.setBackend('tensorflow');
  } catch (e) {
    return { ok: false, reasons: [`${pkg} loaded but its backend failed to start (${firstLine(e)})`] };
  }
  if (!ok) return { ok: false, reasons: [`${pkg} loaded but its backend failed to start`] };
  const backend = tf.backend() as unknown as NodeBackendLike;
  const usingGpu = backend.isUsingGpuDevice === true;
  if (pkg === '@tensorflow/tfjs-node-gpu' && !usingGpu) {
    notes.push('tfjs-node-gpu loaded but TensorFlow found no usable CUDA GPU: running on the CPU');
  }
  return { ok: true, pkg, version: versions[pkg.replace('@tensorflow/', '')] ?? null, usingGpu, notes };
}

/**
 * Tries tfjs-node-gpu then tfjs-node (once per process; later calls return the first outcome). On success
 * 'tensorflow' is the active backend.
 */
export async function loadNativeBackend(importer: NativeImporter = defaultImporter): Promise<NativeLoad> {
  if (loaded?.ok) {
    await tf.setBackend('tensorflow');
    return loaded;
  }
  if (loaded != null && importer === defaultImporter) return loaded;
  const reasons: string[] = [];
  for (const pkg of NATIVE_PACKAGES) {
    const result = await tryPackage(pkg, importer);
    if (result.ok) {
      // Say why a preferred package (tfjs-node-gpu) was passed over.
      loaded = { ...result, notes: [...reasons.map((r) => `skipped ${r}`), ...result.notes] };
      return loaded;
    }
    reasons.push(...result.reasons);
  }
  const failed: NativeLoad = { ok: false, reasons };
  if (importer === defaultImporter) loaded = failed;
  return failed;
}

/** Forgets the cached outcome (tests). */
export function resetNativeBackendCache(): void {
  loaded = null;
}
