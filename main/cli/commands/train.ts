// `mge train`: the original `python main.py --seed 0 --dataset cub --imgsize 448 --model mgecnn ...`,
// run in a trainer child process, with a progress bar on a terminal or JSON lines with --json.
import os from 'node:os';
import path from 'node:path';
import { AIRCRAFT_LEVELS, BACKBONE_NAMES, BACKEND_NAMES, CONFIG_PRESETS, MODEL_NAMES, type PresetName, type RunConfigInput } from '../../../shared/config';
import type { TrainerEvent } from '../../../shared/trainer-protocol';
import { RunStore } from '../../services/runs';
import { TrainerHost, type RunOutcome, type TrainingHandle } from '../../services/training/trainer-host';
import { APP_VERSION } from '../../services/version';
import type { OptionSpec, ParsedArgs } from '../args';
import { UsageError } from '../args';
import { jsonOption, resolveRunsDir, runsDirOption, type CliIo, type CommandSpec } from '../command';
import { duration, percent } from '../format';

/** Options shared by `mge train` and `mge demo`; each maps to one config field. */
const CONFIG_OPTIONS: Array<OptionSpec & { field: keyof RunConfigInput | `split.${string}` }> = [
  { name: 'dataset', field: 'dataset', type: 'string', valueName: 'PATH', description: 'Dataset folder (CUB, Aircraft, Cars, folder-per-class) or "synthetic"' },
  { name: 'model', field: 'model', type: 'string', choices: MODEL_NAMES, description: 'Model (default mgecnn)' },
  { name: 'backbone', field: 'backbone', type: 'string', choices: BACKBONE_NAMES, description: 'Backbone of every expert and the gate' },
  { name: 'imgsize', field: 'imgSize', type: 'integer', valueName: 'PX', aliases: ['img-size'], description: 'Crop size in pixels (images are resized to imgsize·512/448 first)' },
  { name: 'epochs', field: 'epochs', type: 'integer', valueName: 'N', description: 'Training epochs' },
  { name: 'batchsize', field: 'batchSize', type: 'integer', valueName: 'N', aliases: ['batch-size'], description: 'Images per batch' },
  { name: 'lr', field: 'lr', type: 'number', valueName: 'LR', description: 'Learning rate of the heads' },
  { name: 'backbone-lr', field: 'backboneLr', type: 'number', valueName: 'LR', description: 'Learning rate of the backbones' },
  { name: 'momentum', field: 'momentum', type: 'number', valueName: 'M', description: 'SGD momentum' },
  { name: 'weight-decay', field: 'weightDecay', type: 'number', valueName: 'WD', description: 'Weight decay (also --weight_decay)' },
  { name: 'lr-step', field: 'lrStepEpochs', type: 'integer', valueName: 'N', description: 'StepLR: decay every N epochs' },
  { name: 'lr-gamma', field: 'lrGamma', type: 'number', valueName: 'G', description: 'StepLR: decay factor' },
  { name: 'box-thred', field: 'boxThreshold', type: 'number', valueName: 'T', aliases: ['box-threshold'], description: 'CAM threshold of the expert crops (original spelling box_thred)' },
  { name: 'diversity-weight', field: 'diversityWeight', type: 'number', valueName: 'W', description: 'Weight of the KL diversity terms' },
  { name: 'early-stop', field: 'earlyStopPatience', type: 'integer', valueName: 'N', description: 'Stop after N epochs without improvement (0 = never)' },
  { name: 'seed', field: 'seed', type: 'integer', valueName: 'N', description: 'Seed of every random choice' },
  { name: 'gpu-ids', field: 'gpuIds', type: 'string', valueName: 'IDS', description: 'GPUs to use, e.g. 6,7 (sets CUDA_VISIBLE_DEVICES; also --gpu_ids)' },
  { name: 'backend', field: 'backend', type: 'string', choices: BACKEND_NAMES, description: 'Compute backend (default auto: tensorflow GPU > tensorflow CPU > wasm > cpu)' },
  { name: 'test-fraction', field: 'split.testFraction', type: 'number', valueName: 'F', description: 'Test share per class when the dataset has no split' },
  { name: 'val-fraction', field: 'split.valFraction', type: 'number', valueName: 'F', description: 'Validation share of training images' },
  { name: 'aircraft-level', field: 'split.aircraftLevel', type: 'string', choices: AIRCRAFT_LEVELS, description: 'FGVC-Aircraft label level' },
];

const RUN_OPTIONS: OptionSpec[] = [
  runsDirOption,
  { name: 'name', type: 'string', valueName: 'TEXT', description: 'Display name of the run' },
  jsonOption,
];

export const trainCommand: CommandSpec = {
  path: ['train'],
  summary: 'Train MGE-CNN or the baseline on a dataset (every option of the original main.py)',
  positionals: [],
  options: [
    ...CONFIG_OPTIONS,
    { name: 'preset', type: 'string', choices: Object.keys(CONFIG_PRESETS), description: 'Defaults to start from (default paper)' },
    { name: 'resume', type: 'string', valueName: 'RUN_ID', description: 'Continue a stopped or failed run from its last checkpoint' },
    ...RUN_OPTIONS,
  ],
  async run(args, io) {
    const host = createHost(args, io);
    const log = logLine(args, io);
    if (args.options.resume) {
      const given = CONFIG_OPTIONS.filter((o) => args.options[o.name] !== undefined).map((o) => `--${o.name}`);
      if (given.length > 0) throw new UsageError(`--resume continues a run with its saved config; drop ${given.join(', ')}`);
      const handle = await host.resume(String(args.options.resume), { log });
      return followRun(handle, args, io);
    }
    if (args.options.dataset === undefined) throw new UsageError('missing --dataset (a dataset folder or "synthetic")');
    const handle = await host.start(configFromArgs(args), { name: args.options.name as string | undefined, preset: (args.options.preset as PresetName | undefined) ?? 'paper', log });
    return followRun(handle, args, io);
  },
};

export const demoCommand: CommandSpec = {
  path: ['demo'],
  summary: 'Train MGE-CNN on the built-in synthetic fine-grained dataset (a few minutes on a CPU)',
  positionals: [],
  options: [...CONFIG_OPTIONS.filter((o) => o.name !== 'dataset'), ...RUN_OPTIONS],
  async run(args, io) {
    const host = createHost(args, io);
    const handle = await host.start({ ...configFromArgs(args), dataset: 'synthetic' }, { name: (args.options.name as string | undefined) ?? 'demo', preset: 'quick-cpu', log: logLine(args, io) });
    return followRun(handle, args, io);
  },
};

function createHost(args: ParsedArgs, io: CliIo): TrainerHost {
  const store = new RunStore(resolveRunsDir(args, io));
  const cacheDir = io.env.MGE_CACHE_DIR ? path.resolve(io.cwd, io.env.MGE_CACHE_DIR) : path.join(io.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'mge-studio');
  return new TrainerHost(store, { appVersion: APP_VERSION, cacheDir });
}

function logLine(args: ParsedArgs, io: CliIo): (line: string) => void {
  return args.options.json ? (line) => io.out(`${JSON.stringify({ type: 'log', level: 'info', message: line })}\n`) : (line) => io.err(`${line}\n`);
}

/** Turns the CLI's option values into a partial config (the schema validates and fills the rest). */
export function configFromArgs(args: ParsedArgs): Partial<RunConfigInput> & { dataset: string } {
  const config: Record<string, unknown> = {};
  const split: Record<string, unknown> = {};
  for (const option of CONFIG_OPTIONS) {
    const value = args.options[option.name];
    if (value === undefined) continue;
    if (option.field.startsWith('split.')) split[option.field.slice(6)] = value;
    else config[option.field] = value;
  }
  if (typeof config.dataset === 'string' && config.dataset !== 'synthetic') config.dataset = path.resolve(config.dataset);
  if (Object.keys(split).length > 0) config.split = split;
  return config as Partial<RunConfigInput> & { dataset: string };
}

/** Streams a run's progress to the terminal until it ends; Ctrl-C stops and saves, twice kills. */
async function followRun(handle: TrainingHandle, args: ParsedArgs, io: CliIo): Promise<number> {
  const json = Boolean(args.options.json);
  const bar = io.isTty && !json;
  if (!json) io.err(`Run ${handle.runId} → ${handle.runDir}\n`);
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      io.err('\nStopping after the current batch and saving a checkpoint (Ctrl-C again to kill)…\n');
      handle.stop();
    } else handle.kill();
  };
  process.on('SIGINT', onSigint);
  const unsubscribe = handle.onEvent((event) => {
    if (json) io.out(`${JSON.stringify(event)}\n`);
    else printEvent(event, io, bar);
  });
  try {
    const outcome = await handle.done;
    if (json) io.out(`${JSON.stringify({ type: 'result', runId: handle.runId, runDir: handle.runDir, ...outcome })}\n`);
    else printOutcome(outcome, handle, io);
    return outcome.status === 'completed' ? 0 : outcome.status === 'stopped' ? 130 : 1;
  } finally {
    unsubscribe();
    process.off('SIGINT', onSigint);
  }
}

function printEvent(event: TrainerEvent, io: CliIo, bar: boolean): void {
  switch (event.type) {
    case 'ready':
      io.err(`Backend: ${event.backend.name} on ${event.backend.device} (tfjs ${event.backend.tfjsVersion}, ${event.backend.threads} threads)\n`);
      for (const note of event.backend.notes) io.err(`  note: ${note}\n`);
      break;
    case 'log':
      if (event.level !== 'info' || !bar) io.err(`${bar ? '\r\x1b[K' : ''}${event.level === 'info' ? '' : `${event.level}: `}${event.message}\n`);
      break;
    case 'batch':
      if (bar) {
        const width = 24;
        const filled = Math.round((event.batch / event.batches) * width);
        io.err(`\r\x1b[Kepoch ${event.epoch} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${event.batch}/${event.batches} loss ${event.loss.toFixed(3)} ${event.samplesPerSec.toFixed(1)} img/s ETA ${duration(event.etaSeconds)}`);
      }
      break;
    case 'epoch': {
      const m = event.metrics;
      const heads = Object.entries(m.accuracy)
        .filter(([h]) => h !== 'final')
        .map(([h, a]) => `${h} ${percent(a)}`)
        .join(', ');
      io.err(`${bar ? '\r\x1b[K' : ''}epoch ${m.epoch}: loss ${m.losses.total.toFixed(4)}  test acc ${percent(m.accuracy.final, 2)}${heads ? ` (${heads})` : ''}  lr ${Number(m.lr.head.toPrecision(3))}  ${m.samplesPerSec.toFixed(1)} img/s  ${duration(m.epochSeconds)}\n`);
      break;
    }
    default:
      break;
  }
}

function printOutcome(outcome: RunOutcome, handle: TrainingHandle, io: CliIo): void {
  if (outcome.status === 'completed') {
    const s = outcome.summary;
    const experts = s.expertAccuracy ? ` (experts ${s.expertAccuracy.map((a) => percent(a)).join(' / ')})` : '';
    io.out(`Completed: test accuracy ${percent(s.testAccuracy, 2)} top-1, ${percent(s.top5Accuracy, 2)} top-5${experts} on ${s.testSamples} images in ${duration(s.durationSeconds)}\n`);
    io.out(`Run folder: ${handle.runDir}\n`);
  } else if (outcome.status === 'stopped') {
    io.out(`Stopped after epoch ${outcome.epoch}. Resume with: mge train --resume ${handle.runId}\n`);
  } else {
    io.err(`Failed: ${outcome.reason}\n`);
    if (outcome.lastLogLines.length > 0) io.err(`Last log lines:\n${outcome.lastLogLines.map((l) => `  ${l}`).join('\n')}\n`);
    io.err(`Run folder: ${handle.runDir}\n`);
  }
}
