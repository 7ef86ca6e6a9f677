// The one validated run configuration: every hyperparameter of the original `main.py`
// (seed, dataset, imgsize, model, epochs, batchsize, lr, momentum, weight_decay, box_thred, gpu_ids)
// plus backbone, backend and split options. Saved verbatim in each run's run.json.
import { z } from 'zod';

export const MODEL_NAMES = ['mgecnn', 'baseline'] as const;
export const BACKBONE_NAMES = [
  'resnet-tiny',
  'resnet18',
  'resnet34',
  'resnet50',
  'resnet101',
  'resnet152',
  'mobilenetv2',
] as const;
export const BACKEND_NAMES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export const AIRCRAFT_LEVELS = ['variant', 'family', 'manufacturer'] as const;

export type ModelName = (typeof MODEL_NAMES)[number];
export type BackboneName = (typeof BACKBONE_NAMES)[number];
export type BackendName = (typeof BACKEND_NAMES)[number];
export type AircraftLevel = (typeof AIRCRAFT_LEVELS)[number];

const fraction = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .min(0, { error: `${what} must be between 0 and 1` })
    .max(0.9, { error: `${what} must be at most 0.9` });

/** How a dataset without an official split is divided, and which label level Aircraft uses. */
export const splitSchema = z
  .object({
    /** Fraction of each class held out for test when the dataset has no split of its own. */
    testFraction: fraction('split.testFraction').default(0.2),
    /** Fraction of each class's training images held out for validation (0 = none). */
    valFraction: fraction('split.valFraction').default(0),
    /** Seed of the stratified split; defaults to the run seed when absent. */
    seed: z.number().int().min(0).optional(),
    /** FGVC-Aircraft label level. */
    aircraftLevel: z.enum(AIRCRAFT_LEVELS, { error: `split.aircraftLevel must be one of ${AIRCRAFT_LEVELS.join(', ')}` }).default('variant'),
  })
  .strict();

/** Accepts "6,7", "", [6, 7]; normalises to a sorted list of unique GPU indices. */
const gpuIdsSchema = z
  .union([z.string(), z.array(z.number())], { error: 'gpuIds must be a list of GPU indices such as "6,7"' })
  .transform((value, ctx) => {
    const parts = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : value.map(String);
    const ids: number[] = [];
    for (const part of parts) {
      if (!/^\d+$/.test(part)) {
        ctx.addIssue({ code: 'custom', message: `gpuIds: "${part}" is not a GPU index (use a comma-separated list like 6,7)` });
        return z.NEVER;
      }
      ids.push(Number(part));
    }
    return [...new Set(ids)].sort((a, b) => a - b);
  });

const positiveInt = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a whole number` })
    .int({ error: `${what} must be a whole number` })
    .min(1, { error: `${what} must be at least 1` })
    .max(max, { error: `${what} must be at most ${max}` });

const learningRate = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .gt(0, { error: `${what} must be greater than 0` })
    .max(10, { error: `${what} must be at most 10` });

export const runConfigSchema = z
  .object({
    /** Seed from which every random choice of the run derives (init, split, augmentation, order). */
    seed: z.number({ error: 'seed must be a whole number' }).int({ error: 'seed must be a whole number' }).min(0, { error: 'seed must be 0 or more' }).max(2 ** 31 - 1).default(0),
    /** A dataset folder (any importable format) or the built-in "synthetic" dataset. */
    dataset: z.string({ error: 'dataset must be a folder path or "synthetic"' }).min(1, { error: 'dataset must be a folder path or "synthetic"' }),
    /** Training crop size in pixels; images are first resized so the shorter side is imgSize*512/448. */
    imgSize: positiveInt('imgSize', 1024).min(16, { error: 'imgSize must be at least 16' }),
    model: z.enum(MODEL_NAMES, { error: `model must be one of ${MODEL_NAMES.join(', ')}` }),
    backbone: z.enum(BACKBONE_NAMES, { error: `backbone must be one of ${BACKBONE_NAMES.join(', ')}` }),
    epochs: positiveInt('epochs', 10000),
    batchSize: positiveInt('batchSize', 4096),
    /** Learning rate of the new heads (classifiers, part convs, gate FCs). */
    lr: learningRate('lr'),
    /** Learning rate of the backbones (the original used lr/10 for pretrained backbones). */
    backboneLr: learningRate('backboneLr'),
    momentum: z.number({ error: 'momentum must be a number' }).min(0, { error: 'momentum must be between 0 and 1' }).lt(1, { error: 'momentum must be below 1' }),
    weightDecay: z.number({ error: 'weightDecay must be a number' }).min(0, { error: 'weightDecay must be 0 or more' }).max(1, { error: 'weightDecay must be at most 1' }),
    /** StepLR: multiply every learning rate by lrGamma each lrStepEpochs epochs. */
    lrStepEpochs: positiveInt('lrStepEpochs', 10000),
    lrGamma: z.number({ error: 'lrGamma must be a number' }).gt(0, { error: 'lrGamma must be greater than 0' }).max(1, { error: 'lrGamma must be at most 1' }),
    /** Threshold on the min-max normalised class activation map that bounds each expert's crop. */
    boxThreshold: z.number({ error: 'boxThreshold must be a number' }).gt(0, { error: 'boxThreshold must be between 0 and 1' }).lt(1, { error: 'boxThreshold must be between 0 and 1' }),
    /** Weight of the KL diversity terms between neighbouring experts. */
    diversityWeight: z.number({ error: 'diversityWeight must be a number' }).min(0, { error: 'diversityWeight must be 0 or more' }),
    /** Stop when test accuracy has not improved for this many epochs (0 = never). */
    earlyStopPatience: z.number().int().min(0, { error: 'earlyStopPatience must be 0 or more' }),
    gpuIds: gpuIdsSchema,
    backend: z.enum(BACKEND_NAMES, { error: `backend must be one of ${BACKEND_NAMES.join(', ')}` }),
    split: splitSchema,
  })
  .strict();

export type RunConfig = z.output<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;

/** The original paper's settings (ResNet-50 at 448 px, 100 epochs, batch 10, StepLR 30). */
export const PAPER_DEFAULTS = {
  seed: 0,
  imgSize: 448,
  model: 'mgecnn',
  backbone: 'resnet50',
  epochs: 100,
  batchSize: 10,
  lr: 0.01,
  backboneLr: 0.001,
  momentum: 0.9,
  weightDecay: 1e-4,
  lrStepEpochs: 30,
  lrGamma: 0.1,
  boxThreshold: 0.2,
  diversityWeight: 1,
  earlyStopPatience: 0,
  gpuIds: '',
  backend: 'auto',
  split: {},
} as const satisfies Omit<RunConfigInput, 'dataset'>;

/** Small enough to train on two CPU cores in a few minutes, from scratch. */
export const QUICK_CPU_DEFAULTS = {
  ...PAPER_DEFAULTS,
  imgSize: 40,
  backbone: 'resnet-tiny',
  epochs: 5,
  batchSize: 16,
  lr: 0.05,
  backboneLr: 0.05,
  lrStepEpochs: 4,
} as const satisfies Omit<RunConfigInput, 'dataset'>;

export const CONFIG_PRESETS = {
  paper: PAPER_DEFAULTS,
  'quick-cpu': QUICK_CPU_DEFAULTS,
} as const;
export type PresetName = keyof typeof CONFIG_PRESETS;

export interface FieldError {
  /** Dotted path of the offending field, e.g. "split.testFraction". */
  field: string;
  message: string;
}

export type ConfigResult = { ok: true; config: RunConfig } | { ok: false; errors: FieldError[] };

/** Validates a partial config on top of a preset (paper by default) and names every bad field. */
export function parseRunConfig(input: Partial<RunConfigInput> & Record<string, unknown>, preset: PresetName = 'paper'): ConfigResult {
  const base = CONFIG_PRESETS[preset];
  const merged = { ...base, ...input, split: { ...base.split, ...(input.split as object | undefined) } };
  const result = runConfigSchema.safeParse(merged);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(config)',
      message: issue.code === 'unrecognized_keys' ? `unknown setting(s): ${issue.keys.join(', ')}` : issue.message,
    })),
  };
}

export function formatFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => (e.message.startsWith(e.field) ? e.message : `${e.field}: ${e.message}`)).join('; ');
}
