// What the run record calls the "device": the CUDA GPU(s) TensorFlow sees, else the CPU model. Also the
// --gpu-ids → CUDA_VISIBLE_DEVICES mapping applied to the trainer process's environment before it starts.
import { execFile } from 'node:child_process';
import os from 'node:os';

/** A GPU as nvidia-smi lists it. */
export interface GpuEntry {
  index: number;
  name: string;
  uuid: string;
}

/** "Intel(R) Xeon(R) ... (16 logical cores)" from os.cpus(). */
export function cpuDescription(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.replace(/\s+/g, ' ').trim();
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length;
  return `${model && model.length > 0 ? model : `${os.arch()} CPU`} (${cores} logical cores)`;
}

/** Parses `nvidia-smi --query-gpu=index,name,uuid --format=csv,noheader`. */
export function parseNvidiaSmi(output: string): GpuEntry[] {
  const gpus: GpuEntry[] = [];
  for (const line of output.split(/\r?\n/)) {
    const parts = line.split(',').map((p) => p.trim());
    if (parts.length < 3) continue;
    const index = Number(parts[0]);
    if (!Number.isInteger(index)) continue;
    // A GPU name never contains commas in practice, but keep everything between index and uuid just in case.
    gpus.push({ index, name: parts.slice(1, -1).join(', '), uuid: parts[parts.length - 1] });
  }
  return gpus;
}

/**
 * The GPUs a CUDA process sees under `cudaVisibleDevices` (CUDA_VISIBLE_DEVICES), in CUDA's order. Entries are
 * indices or (prefixes of) UUIDs; CUDA stops at the first invalid entry. Unset → all; empty → none.
 * Indices are nvidia-smi's (PCI bus order); `applyGpuIds` sets CUDA_DEVICE_ORDER=PCI_BUS_ID so CUDA agrees.
 */
export function visibleGpus(all: GpuEntry[], cudaVisibleDevices: string | undefined): GpuEntry[] {
  if (cudaVisibleDevices == null) return all;
  const visible: GpuEntry[] = [];
  for (const raw of cudaVisibleDevices.split(',')) {
    const entry = raw.trim();
    if (entry === '') break;
    const gpu = /^\d+$/.test(entry)
      ? all.find((g) => g.index === Number(entry))
      : all.find((g) => g.uuid === entry || g.uuid.startsWith(entry) || `GPU-${entry}` === g.uuid);
    if (gpu == null || visible.includes(gpu)) break;
    visible.push(gpu);
  }
  return visible;
}

/** "NVIDIA H200" or "2× NVIDIA H200 (GPUs 6,7)"; null when no GPU is visible. */
export function describeGpus(gpus: GpuEntry[]): string | null {
  if (gpus.length === 0) return null;
  const names = [...new Set(gpus.map((g) => g.name))];
  const ids = gpus.map((g) => g.index).join(',');
  if (gpus.length === 1) return `${gpus[0].name} (GPU ${ids})`;
  return names.length === 1 ? `${gpus.length}× ${names[0]} (GPUs ${ids})` : `${names.join(' + ')} (GPUs ${ids})`;
}

/** Runs nvidia-smi (if present) and returns the GPUs visible to this process; [] when none or no nvidia-smi. */
export function queryVisibleGpus(env: NodeJS.ProcessEnv = process.env, timeoutMs = 5000): Promise<GpuEntry[]> {
  return new Promise((resolve) => {
    execFile(
      'nvidia-smi',
      ['--query-gpu=index,name,uuid', '--format=csv,noheader'],
      { timeout: timeoutMs, windowsHide: true, env: { ...env, CUDA_VISIBLE_DEVICES: undefined } },
      (error, stdout) => {
        if (error) return resolve([]);
        resolve(visibleGpus(parseNvidiaSmi(String(stdout)), env.CUDA_VISIBLE_DEVICES));
      },
    );
  });
}

/**
 * `--gpu-ids 6,7`: restricts the (trainer) process to those GPUs by setting CUDA_VISIBLE_DEVICES in `env`, and
 * CUDA_DEVICE_ORDER=PCI_BUS_ID (unless already set) so the ids mean what nvidia-smi shows. An empty list
 * leaves `env` unchanged. Returns `env`.
 */
export function applyGpuIds(gpuIds: readonly number[], env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (gpuIds.length === 0) return env;
  for (const id of gpuIds) {
    if (!Number.isInteger(id) || id < 0) throw new Error(`gpu id ${String(id)} is not a GPU index (use e.g. 6,7)`);
  }
  env.CUDA_VISIBLE_DEVICES = [...new Set(gpuIds)].join(',');
  env.CUDA_DEVICE_ORDER ??= 'PCI_BUS_ID';
  return env;
}
