// The New run form's fields: how each hyperparameter of the shared run-config schema is edited (as text,
// converted before validation), grouped and explained. Validation itself is the shared schema's.
import { AIRCRAFT_LEVELS, BACKBONE_NAMES, BACKEND_NAMES, CONFIG_PRESETS, MODEL_NAMES, type PresetName, type RunConfig, type RunConfigInput } from '../../../shared/config';

export type FieldKind = 'integer' | 'number' | 'text' | 'choice';

export interface FieldSpec {
  /** Dotted path in the run config, as the schema names errors ("split.testFraction"). */
  key: string;
  label: string;
  kind: FieldKind;
  group: FieldGroup;
  help: string;
  choices?: readonly string[];
  /** Empty means "not set" (the schema's default applies). */
  optional?: boolean;
  step?: string;
  placeholder?: string;
  /** Only meaningful for this model (still editable, shown dimmed otherwise). */
  onlyFor?: (typeof MODEL_NAMES)[number];
}

export const FIELD_GROUPS = ['Model', 'Schedule', 'Optimiser', 'Experts', 'Data split', 'Compute'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

const describePreset = (name: PresetName, lead: string, tail: string) => {
  const p = CONFIG_PRESETS[name];
  return `${lead}: ${p.backbone} at ${p.imgSize} px, ${p.epochs} epochs, batch ${p.batchSize}. ${tail}`;
};

export const PRESET_LABELS: Record<PresetName, { title: string; description: string }> = {
  paper: { title: 'Paper', description: describePreset('paper', 'The original MGE-CNN settings', 'Needs a GPU and an ImageNet-scale budget.') },
  'quick-cpu': { title: 'Quick CPU demo', description: describePreset('quick-cpu', 'A tiny network from scratch', 'Trains on a laptop CPU in minutes.') },
};

/** How the choices of select fields read (values not listed read as themselves). */
export const CHOICE_LABELS: Record<string, string> = {
  mgecnn: 'MGE-CNN (3 experts + gate)',
  baseline: 'Baseline (one backbone)',
  auto: 'Automatic (best available)',
  tensorflow: 'TensorFlow (native, GPU if present)',
  wasm: 'WebAssembly',
  cpu: 'Plain JavaScript (slowest)',
};

export const RUN_FIELDS: FieldSpec[] = [
  { key: 'model', label: 'Model', kind: 'choice', choices: MODEL_NAMES, group: 'Model', help: 'MGE-CNN (3 experts + gate) or a single-backbone baseline.' },
  { key: 'backbone', label: 'Backbone', kind: 'choice', choices: BACKBONE_NAMES, group: 'Model', help: 'The CNN inside every expert and the gate.' },
  { key: 'imgSize', label: 'Image size (px)', kind: 'integer', group: 'Model', help: 'Training crop; images are resized to size·512/448 first.' },
  { key: 'epochs', label: 'Epochs', kind: 'integer', group: 'Schedule', help: 'Passes over the training split.' },
  { key: 'batchSize', label: 'Batch size', kind: 'integer', group: 'Schedule', help: 'Images per optimiser step.' },
  { key: 'lrStepEpochs', label: 'LR step (epochs)', kind: 'integer', group: 'Schedule', help: 'StepLR: decay every this many epochs.' },
  { key: 'lrGamma', label: 'LR decay factor', kind: 'number', step: 'any', group: 'Schedule', help: 'StepLR multiplier (0.1 = ten times smaller).' },
  { key: 'earlyStopPatience', label: 'Early stop patience', kind: 'integer', group: 'Schedule', help: 'Stop after this many epochs without improvement (0 = off).' },
  { key: 'lr', label: 'Head learning rate', kind: 'number', step: 'any', group: 'Optimiser', help: 'Classifiers, part convolutions and gate layers.' },
  { key: 'backboneLr', label: 'Backbone learning rate', kind: 'number', step: 'any', group: 'Optimiser', help: 'The backbones (the paper: a tenth of the heads’).' },
  { key: 'momentum', label: 'Momentum', kind: 'number', step: 'any', group: 'Optimiser', help: 'SGD momentum, below 1.' },
  { key: 'weightDecay', label: 'Weight decay', kind: 'number', step: 'any', group: 'Optimiser', help: 'L2 penalty of SGD.' },
  { key: 'boxThreshold', label: 'CAM box threshold', kind: 'number', step: 'any', group: 'Experts', onlyFor: 'mgecnn', help: 'Where the normalised activation map bounds each expert’s crop.' },
  { key: 'diversityWeight', label: 'Diversity weight', kind: 'number', step: 'any', group: 'Experts', onlyFor: 'mgecnn', help: 'Weight of the KL terms between neighbouring experts.' },
  { key: 'split.testFraction', label: 'Test fraction', kind: 'number', step: 'any', group: 'Data split', help: 'Held out per class when the dataset has no split.' },
  { key: 'split.valFraction', label: 'Validation fraction', kind: 'number', step: 'any', group: 'Data split', help: 'Of each class’s training images (0 = none).' },
  { key: 'split.seed', label: 'Split seed', kind: 'integer', optional: true, placeholder: 'run seed', group: 'Data split', help: 'Seed of the generated split; empty uses the run seed.' },
  { key: 'split.aircraftLevel', label: 'Aircraft label level', kind: 'choice', choices: AIRCRAFT_LEVELS, group: 'Data split', help: 'FGVC-Aircraft only: variant, family or manufacturer.' },
  { key: 'seed', label: 'Seed', kind: 'integer', group: 'Compute', help: 'Every random choice of the run derives from it.' },
  { key: 'backend', label: 'Backend', kind: 'choice', choices: BACKEND_NAMES, group: 'Compute', help: 'auto picks TensorFlow (GPU) → WASM → CPU.' },
  { key: 'gpuIds', label: 'GPU ids', kind: 'text', optional: true, placeholder: 'all', group: 'Compute', help: 'Comma-separated, e.g. 6,7 (sets CUDA_VISIBLE_DEVICES).' },
];

/** Every field's text as the inputs hold it, plus the dataset. */
export type FormValues = Record<string, string>;

function readPath(source: Record<string, unknown>, key: string): unknown {
  return key.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), source);
}

function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** The form's text values for a preset (or a saved run's config), keeping the given dataset. */
export function formValuesFrom(source: Omit<RunConfigInput, 'dataset'> | RunConfig, dataset = ''): FormValues {
  const split = { ...CONFIG_PRESETS.paper.split, ...(source.split ?? {}) };
  const values: FormValues = { dataset };
  for (const field of RUN_FIELDS) {
    if (field.key.startsWith('split.')) values[field.key] = toText((split as Record<string, unknown>)[field.key.slice(6)] ?? defaultSplitValue(field.key));
    else values[field.key] = toText(readPath(source as Record<string, unknown>, field.key));
  }
  return values;
}

function defaultSplitValue(key: string): unknown {
  return { 'split.testFraction': 0.2, 'split.valFraction': 0, 'split.aircraftLevel': 'variant' }[key];
}

/** Converts the text values into config input: numbers where the schema wants numbers, NaN when unparsable (so the schema names the field). */
export function toConfigInput(values: FormValues): Record<string, unknown> & { split: Record<string, unknown> } {
  const config: Record<string, unknown> & { split: Record<string, unknown> } = { dataset: values.dataset.trim(), split: {} };
  for (const field of RUN_FIELDS) {
    const text = (values[field.key] ?? '').trim();
    let value: unknown;
    if (field.kind === 'integer' || field.kind === 'number') value = text === '' ? (field.optional ? undefined : Number.NaN) : Number(text);
    else value = text;
    if (value === undefined) continue;
    if (field.key.startsWith('split.')) config.split[field.key.slice(6)] = value;
    else config[field.key] = value;
  }
  return config;
}
