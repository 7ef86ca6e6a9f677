// Starts the 'wasm' backend, multi-threaded under Node when it can.
//
// tfjs-backend-wasm 4.22 never uses threads in Node: its WASM_HAS_MULTITHREAD_SUPPORT flag returns false when
// IS_NODE, and forcing the flag does not help because init() hands Emscripten a Blob URL for the pthread worker
// script, which Node's worker_threads cannot load. What works (measured in this repo, Node 20): call the
// threaded-SIMD Emscripten factory (wasm-out/tfjs-backend-wasm-threaded-simd.js, CommonJS) ourselves with
//   - locateFile → a real .cjs file holding the worker script (the package ships it only as a JS string),
//   - os.cpus() reporting 2 × threads during start-up: the C++ side caps the XNNPACK pool at
//     emscripten_num_logical_cores()/2 = os.cpus().length/2 (max 8), so on a 2-core box it would be 1,
//   - wrap the module in the package's own BackendWasm, and unref the pool's workers so the process can exit.
// Any failure or a start-up that exceeds the timeout falls back to the stock single-threaded SIMD build,
// with a note saying why.
import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm, getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const WASM_PRIORITY = 2;
/** PTHREAD_POOL_SIZE of the threaded build: XNNPACK never gets more threads than this. */
export const MAX_WASM_THREADS = 8;

export interface WasmStartResult {
  threads: number;
  simd: boolean;
  threaded: boolean;
  notes: string[];
}

interface EmscriptenWorker {
  unref?: () => void;
  terminate?: () => void;
}

interface ThreadedModule {
  cwrap: (name: string, ret: string | null, args: string[]) => (...args: number[]) => number;
  PThread?: { runningWorkers: EmscriptenWorker[]; unusedWorkers: EmscriptenWorker[]; terminateAllThreads?: () => void };
  tfjs?: unknown;
}

type ThreadedFactory = (config: Record<string, unknown>) => Promise<ThreadedModule>;

// The stock factory registered by '@tensorflow/tfjs-backend-wasm' (captured at import, before we replace it).
const stockFactory = tf.findBackendFactory('wasm');
let started: (WasmStartResult & { requested: number }) | null = null;

function wasmPackageDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
}

/** Writes the pthread worker script (shipped as a string) to a content-addressed .cjs file once. */
function workerScriptFile(wasmOut: string): string {
  const { wasmWorkerContents } = require(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  // The string holds "\n" escapes that must stay escapes inside the script's own string literals (tfjs does
  // the same before making its Blob).
  const script = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(script).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), 'mge-studio-tfjs-wasm');
  const file = path.join(dir, `threaded-simd-worker-${hash}.cjs`);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== script) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script);
    // rename is atomic: concurrent processes never see a half-written worker script.
    renameSync(tmp, file);
  }
  return file;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function startThreaded(threads: number, timeoutMs: number): Promise<number> {
  const wasmOut = path.join(wasmPackageDir(), 'wasm-out');
  const factory = require(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js')) as ThreadedFactory;
  const workerFile = workerScriptFile(wasmOut);
  const moduleConfig: Record<string, unknown> & Partial<ThreadedModule> = {
    locateFile: (file: string, prefix: string) =>
      file.endsWith('.worker.js') ? workerFile : path.join(prefix || wasmOut + path.sep, file),
  };
  let cancelled = false;
  const killThreads = (m: Partial<ThreadedModule>) => {
    try {
      m.PThread?.terminateAllThreads?.();
    } catch {
      // best effort
    }
  };

  // emscripten_num_logical_cores() is read once, while the module starts: report 2 × threads cores until then
  // (only the length changes; the entries are the real ones).
  const nodeOs = require('node:os') as typeof os;
  const realCpus = nodeOs.cpus;
  const cpus = realCpus();
  const fake = Array.from({ length: Math.max(2 * threads, cpus.length) }, (_, i) => cpus[i % Math.max(cpus.length, 1)]);

  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      const module = await factory(moduleConfig);
      if (cancelled) {
        killThreads(module);
        throw new Error('threaded wasm start-up was abandoned (timeout)');
      }
      module.tfjs = {
        init: module.cwrap('init', null, []),
        initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
        getThreadsCount: module.cwrap('get_threads_count', 'number', []),
        registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
        disposeData: module.cwrap('dispose_data', null, ['number']),
        dispose: module.cwrap('dispose', null, []),
      };
      setThreadsCount(threads);
      const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
      // The pool's threads block on futexes forever; unref them so they never keep Node alive.
      for (const w of module.PThread?.runningWorkers ?? []) w.unref?.();
      return backend;
    },
    WASM_PRIORITY,
  );
  nodeOs.cpus = () => fake;
  try {
    const ok = await withTimeout(tf.setBackend('wasm'), timeoutMs, 'threaded wasm start-up');
    if (!ok) throw new Error('threaded wasm start-up failed (see the warning above)');
    return getThreadsCount();
  } catch (e) {
    cancelled = true;
    killThreads(moduleConfig);
    throw e;
  } finally {
    nodeOs.cpus = realCpus;
  }
}

async function startStock(): Promise<void> {
  if (stockFactory == null) throw new Error('@tensorflow/tfjs-backend-wasm did not register a wasm backend');
  if (tf.findBackendFactory('wasm') !== stockFactory) {
    if (tf.findBackendFactory('wasm') != null) tf.removeBackend('wasm');
    tf.registerBackend('wasm', stockFactory, WASM_PRIORITY);
  }
  const ok = await tf.setBackend('wasm');
  if (!ok) throw new Error('the wasm backend failed to initialise (see the warning above)');
}

/**
 * Makes 'wasm' the active backend. The first call decides the thread count; later calls reuse the running
 * backend (with a note if a different count was asked for).
 */
export async function startWasm(options: { threads: number; timeoutMs?: number }): Promise<WasmStartResult> {
  const requested = Math.max(1, Math.floor(options.threads));
  if (started != null && 'wasm' in tf.engine().registry) {
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('the wasm backend failed to initialise');
    const notes = [...started.notes];
    if (requested !== started.threads && requested !== started.requested) {
      notes.push(`wasm already running with ${started.threads} thread(s); ${requested} requested (restart to change)`);
    }
    return { threads: started.threads, simd: started.simd, threaded: started.threaded, notes };
  }
  if ('wasm' in tf.engine().registry) {
    // Someone initialised wasm before us (e.g. tf.setBackend('wasm')): keep it, replacing it would free its tensors.
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('the wasm backend failed to initialise');
    const threads = getThreadsCount();
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    const notes = ['wasm was already initialised elsewhere; kept as is'];
    started = { threads, simd, threaded: threads > 1, notes, requested };
    return { threads, simd, threaded: threads > 1, notes: [...notes] };
  }
  const notes: string[] = [];
  const dist = path.join(wasmPackageDir(), 'dist') + path.sep;
  try {
    // The stock loader finds the .wasm next to its bundle already; an explicit file path also survives bundling.
    if (existsSync(path.join(dist, 'tfjs-backend-wasm-simd.wasm'))) setWasmPaths(dist);
  } catch {
    // setWasmPaths refuses after a failed initialisation; the default location is then used
  }
  let threads = Math.min(requested, MAX_WASM_THREADS);
  if (requested > MAX_WASM_THREADS) notes.push(`wasm threads capped at ${MAX_WASM_THREADS} (its worker pool size)`);
  let threaded = false;
  if (threads > 1) {
    try {
      threads = await startThreaded(threads, options.timeoutMs ?? 20_000);
      threaded = true;
      notes.push(`wasm: threaded SIMD build with ${threads} XNNPACK threads (Node worker_threads)`);
    } catch (e) {
      notes.push(`wasm threads unavailable, using 1 thread: ${(e as Error).message}`);
      threads = 1;
    }
  }
  if (!threaded) {
    await startStock();
    threads = 1;
  }
  const simd = threaded || (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  if (!simd) notes.push('wasm: SIMD unavailable, using the scalar build (slow)');
  started = { threads, simd, threaded, notes, requested };
  return { threads, simd, threaded, notes: [...notes] };
}
