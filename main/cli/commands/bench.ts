// `mge bench`: training img/s of a model on the chosen backend; with --compare-torch (what `npm run bench`
// runs) also the baseline and MGE-CNN side by side, PyTorch CPU's img/s for the same backbone measured in
// the same call, the ratio to PyTorch, and the MGE/baseline step-cost ratio.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BACKBONE_NAMES, BACKEND_NAMES, MODEL_NAMES, type BackboneName, type BackendName, type ModelName } from '../../../shared/config';
import { selectBackend } from '../../trainer/backend';
import { runTrainBenchmark, type TrainBenchmarkOptions, type TrainBenchmarkResult } from '../../trainer/bench/train-benchmark';
import { UsageError } from '../args';
import { jsonOption, printJson, type CommandSpec } from '../command';

const TORCH_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/bench/torch_reference.py');

export const benchCommand: CommandSpec = {
  path: ['bench'],
  summary: 'Measure training throughput (img/s); --compare-torch adds PyTorch CPU and MGE/baseline ratios',
  positionals: [],
  options: [
    { name: 'model', type: 'string', choices: MODEL_NAMES, description: 'Model (default baseline)' },
    { name: 'backbone', type: 'string', choices: BACKBONE_NAMES, description: 'Backbone (default resnet-tiny)' },
    { name: 'imgsize', type: 'integer', valueName: 'PX', aliases: ['img-size'], description: 'Input size (default 64)' },
    { name: 'batchsize', type: 'integer', valueName: 'N', aliases: ['batch-size'], description: 'Batch size (default 16)' },
    { name: 'steps', type: 'integer', valueName: 'N', description: 'Timed steps (default 8)' },
    { name: 'warmup', type: 'integer', valueName: 'N', description: 'Untimed warm-up steps (default 2)' },
    { name: 'classes', type: 'integer', valueName: 'N', description: 'Classes of the classifier (default 200, as CUB)' },
    { name: 'backend', type: 'string', choices: BACKEND_NAMES, description: 'Compute backend (default auto)' },
    { name: 'compare-torch', type: 'boolean', description: 'Benchmark baseline and mgecnn and PyTorch CPU (python3-torch) in one call' },
    jsonOption,
  ],
  async run(args, io) {
    const int = (name: string, fallback: number, min: number) => {
      const value = (args.options[name] as number | undefined) ?? fallback;
      if (value < min) throw new UsageError(`--${name} must be at least ${min}`);
      return value;
    };
    const base: Omit<TrainBenchmarkOptions, 'model'> = {
      backbone: ((args.options.backbone as string | undefined) ?? 'resnet-tiny') as BackboneName,
      imgSize: int('imgsize', 64, 16),
      batchSize: int('batchsize', 16, 1),
      steps: int('steps', 8, 1),
      warmup: int('warmup', 2, 0),
      classes: int('classes', 200, 2),
    };
    const backend = await selectBackend(((args.options.backend as string | undefined) ?? 'auto') as BackendName);
    const environment = { backend: backend.name, threads: backend.threads, device: backend.device, tfjsVersion: backend.tfjsVersion };
    const json = Boolean(args.options.json);

    if (!args.options['compare-torch']) {
      const result = runTrainBenchmark({ ...base, model: ((args.options.model as string | undefined) ?? 'baseline') as ModelName });
      if (json) printJson(io, { ...environment, ...result });
      else io.out(`${describe(result)} on ${backend.name} (${backend.threads} threads, ${backend.device})\n`);
      return 0;
    }

    if (!json) io.err(`Benchmarking on ${backend.name} (${backend.threads} threads, ${backend.device})…\n`);
    const baseline = runTrainBenchmark({ ...base, model: 'baseline' });
    if (!json) io.err(`  ours    ${describe(baseline)}\n`);
    const mge = runTrainBenchmark({ ...base, model: 'mgecnn' });
    if (!json) io.err(`  ours    ${describe(mge)}\n`);
    const torch = base.backbone === 'resnet-tiny' ? await runTorchReference(base, backend.threads, io.env) : { error: `the PyTorch reference exists for resnet-tiny only` };
    const report = {
      ...environment,
      baseline,
      mgecnn: mge,
      torch,
      ratioToTorch: 'imgPerSec' in torch ? baseline.trainImgPerSec / torch.imgPerSec : null,
      mgeToBaselineStepCost: mge.stepMedianSeconds / baseline.stepMedianSeconds,
    };
    if (json) {
      printJson(io, report);
      return 0;
    }
    const lines = [
      `baseline ${base.backbone} ${base.imgSize}px batch ${base.batchSize}: ${baseline.trainImgPerSec.toFixed(1)} img/s (${backend.name}, ${backend.threads} threads)`,
      'imgPerSec' in torch
        ? `PyTorch ${torch.torch} CPU, same model and step: ${torch.imgPerSec.toFixed(1)} img/s (${torch.threads} threads)\nratio to PyTorch: ${report.ratioToTorch!.toFixed(3)}×`
        : `PyTorch reference unavailable: ${torch.error}`,
      `mgecnn (3 experts + gate): ${mge.trainImgPerSec.toFixed(1)} img/s; one MGE-CNN step costs ${report.mgeToBaselineStepCost.toFixed(2)}× a baseline step`,
    ];
    io.out(`${lines.join('\n')}\n`);
    return 0;
  },
};

function describe(result: TrainBenchmarkResult): string {
  return `${result.model} ${result.backbone} ${result.imgSize}px batch ${result.batchSize}: ${result.trainImgPerSec.toFixed(1)} img/s (median step ${(result.stepMedianSeconds * 1000).toFixed(0)} ms over ${result.steps} steps)`;
}

type TorchResult = { torch: string; imgPerSec: number; threads: number; stepMedianSec: number } | { error: string };

async function runTorchReference(options: Omit<TrainBenchmarkOptions, 'model'>, threads: number, env: NodeJS.ProcessEnv): Promise<TorchResult> {
  const python = env.MGE_PYTHON ?? '/usr/bin/python3';
  if (!existsSync(python)) return { error: `${python} not found (install Debian's python3-torch, or set MGE_PYTHON)` };
  const args = [TORCH_SCRIPT, '--size', String(options.imgSize), '--batch', String(options.batchSize), '--classes', String(options.classes), '--threads', String(threads), '--steps', String(options.steps), '--warmup', String(options.warmup)];
  try {
    const { stdout } = await promisify(execFile)(python, args, { timeout: 600_000 });
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) return { error: 'the PyTorch reference printed no RESULT line' };
    return JSON.parse(line.slice('RESULT '.length)) as TorchResult;
  } catch (error) {
    const text = String((error as { stderr?: string }).stderr ?? (error as Error).message);
    return { error: /No module named 'torch'/.test(text) ? "PyTorch is not installed (apt-get install python3-torch)" : text.trim().split('\n').slice(-1)[0] };
  }
}
