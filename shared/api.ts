// The one API contract between the renderer and main. Electron IPC (preload's window.api) and the
// browser-mode WebSocket host are two transports of this same contract: method name → validated input
// → typed Result output; event name → payload. Nothing crosses a process boundary without passing here.
import { z } from 'zod';
import { AIRCRAFT_LEVELS, CONFIG_PRESETS } from './config';
import { SPLIT_NAMES, type DatasetReport, type SplitName } from './datasets';
import { CAM_METHODS, type GalleryIndex, type ImagePrediction, type ImagePredictionError } from './gallery';
import type { Result } from './result';
import { RUN_ID_PATTERN, type EpochMetrics, type RunListEntry, type RunRecord, type RunSummary } from './runs';
import type { BackendReport, TrainerEvent } from './trainer-protocol';

const runId = z.string().regex(RUN_ID_PATTERN, { error: 'not a valid run id' });
/** The import options of a dataset folder; the same values give the same report and samples. */
const datasetImportOptions = {
  path: z.string().min(1, { error: 'choose a dataset folder' }),
  testFraction: z.number().min(0).max(0.9).optional(),
  valFraction: z.number().min(0).max(0.9).optional(),
  seed: z.number().int().min(0).optional(),
  aircraftLevel: z.enum(AIRCRAFT_LEVELS).optional(),
};
const presetName = z.enum(Object.keys(CONFIG_PRESETS) as [keyof typeof CONFIG_PRESETS, ...Array<keyof typeof CONFIG_PRESETS>]);

/** Input schema of every method. */
export const API_INPUTS = {
  'app.info': z.object({}).strict(),
  /** Desktop only (capabilities.chooseFolder): the native folder dialog; null when cancelled. */
  'app.chooseFolder': z.object({ title: z.string().max(200).optional() }).strict(),
  'datasets.inspect': z.object({ ...datasetImportOptions, deepCheck: z.boolean().optional() }).strict(),
  /**
   * Usable images of a dataset folder (imported with the same options as datasets.inspect), with URLs
   * for thumbnails: filter by class and split, at most `perClass` of each class, then a page.
   */
  'datasets.samples': z
    .object({
      ...datasetImportOptions,
      classIndex: z.number().int().min(0).optional(),
      split: z.enum(SPLIT_NAMES).optional(),
      perClass: z.number().int().min(1).max(100).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  'runs.list': z.object({}).strict(),
  'runs.get': z.object({ id: runId }).strict(),
  'runs.rename': z.object({ id: runId, name: z.string().min(1).max(200) }).strict(),
  'runs.delete': z.object({ id: runId }).strict(),
  /** The run's CAM gallery (gallery/index.json) and the URL its relative image paths resolve against. */
  'runs.gallery': z.object({ id: runId }).strict(),
  /** Opens the run folder in the file manager where the host can (desktop); always returns its path. */
  'runs.openFolder': z.object({ id: runId }).strict(),
  /** The config is validated again by the service with the full run-config schema (field errors come back). */
  'training.start': z.object({ config: z.record(z.string(), z.unknown()), name: z.string().max(200).optional(), preset: presetName.optional() }).strict(),
  'training.resume': z.object({ id: runId }).strict(),
  /** Starts a new run with the exact config of run `id` (recorded as its parentRunId). */
  'training.rerun': z.object({ id: runId, name: z.string().max(200).optional() }).strict(),
  'training.pause': z.object({ id: runId }).strict(),
  'training.continue': z.object({ id: runId }).strict(),
  'training.stop': z.object({ id: runId }).strict(),
  'training.active': z.object({}).strict(),
  /**
   * Classifies image files (or folders of images) on the host with a run's best model, in a child
   * process, with each expert's class-activation map unless cam is false.
   */
  'predict.images': z
    .object({
      runId,
      paths: z.array(z.string().min(1, { error: 'an image path is empty' })).min(1, { error: 'choose at least one image' }).max(100, { error: 'at most 100 images or folders at once' }),
      top: z.number().int().min(1).max(20).optional(),
      cam: z.boolean().optional(),
      camMethod: z.enum(CAM_METHODS).optional(),
    })
    .strict(),
  'settings.get': z.object({}).strict(),
  /** runsDir: an absolute folder path (created when missing). */
  'settings.set': z.object({ runsDir: z.string().min(1, { error: 'choose a runs folder' }).optional() }).strict(),
} as const;

export type ApiMethod = keyof typeof API_INPUTS;
export type ApiInput<M extends ApiMethod> = z.input<(typeof API_INPUTS)[M]>;

export interface AppInfo {
  version: string;
  runsDir: string;
  /** The backend the trainer used last (null before any run). */
  lastBackend: BackendReport | null;
  /** Which host the renderer runs in: the Electron app, or a browser against `mge serve`. */
  mode: 'desktop' | 'browser';
  /** What the host can do beyond the common API, so views show only what works. */
  capabilities: {
    /** app.chooseFolder opens a native dialog (desktop); in a browser the user types a path. */
    chooseFolder: boolean;
    /** runs.openFolder opens the file manager (desktop); in a browser it only returns the path. */
    openFolder: boolean;
    /** Dropped folders have a path (desktop: window.api.getPathForFile). */
    dropPaths: boolean;
  };
  /** e.g. "linux-x64". */
  platform: string;
  node: string;
}

export interface DatasetSampleDto {
  /** Path relative to the dataset root, with forward slashes. */
  path: string;
  label: number;
  className: string;
  split: SplitName;
  /** The full image. */
  url: string;
  /** A small JPEG (longest side 256 px). */
  thumbnailUrl: string;
}

export interface DatasetSamplesPage {
  root: string;
  /** How many samples match the filters (before offset/limit). */
  total: number;
  offset: number;
  samples: DatasetSampleDto[];
}

export interface RunGalleryDto {
  id: string;
  /** gallery/index.json (validated against shared/gallery.ts), or null when the run has no gallery (yet). */
  index: GalleryIndex | null;
  /** Relative image paths of the index resolve against this URL (encode each path segment). */
  baseUrl: string;
  /** The run folder's URL (for files outside gallery/). */
  runUrl: string;
}

/** One predicted image: ImagePrediction with URLs instead of file paths. */
export interface PredictionDto extends Omit<ImagePrediction, 'camFiles'> {
  /** The image as given. */
  imageUrl: string;
  /** The whole model's map and each network's ("expert1".., or "backbone"), or null without cam. */
  camUrls: { model: string; views: Record<string, string> } | null;
}
/** An image that could not be read is reported, never fatal for the others. */
export type PredictionItemDto = PredictionDto | ImagePredictionError;

export interface PredictImagesDto {
  runId: string;
  /** The epoch of the weights used (the run's best model). */
  epoch: number | null;
  /** The compute backend the prediction ran on. */
  backend: string;
  predictions: PredictionItemDto[];
}

export interface AppSettings {
  runsDir: string;
  /** Where runs go when the user has not chosen a folder. */
  defaultRunsDir: string;
  /** Whether settings survive a restart (desktop: yes; `mge serve`: its --runs-dir decides). */
  persisted: boolean;
}

export interface RunDetailsDto {
  record: RunRecord;
  metrics: EpochMetrics[];
  summary: RunSummary | null;
  warnings: string[];
}

export interface ActiveRun {
  id: string;
  state: 'starting' | 'running' | 'paused' | 'stopping';
  /**
   * Every event so far (batch events thinned evenly on long runs), so a reconnecting view can redraw
   * its charts.
   */
  history: TrainerEvent[];
  /** The seq of the last event included: live training.event with seq ≤ lastSeq are already in history. */
  lastSeq: number;
  startedAt: string;
}

/** Output type of every method (wrapped in Result on the wire). */
export interface ApiOutputs {
  'app.info': AppInfo;
  'app.chooseFolder': { path: string | null };
  'datasets.inspect': DatasetReport;
  'datasets.samples': DatasetSamplesPage;
  'runs.list': RunListEntry[];
  'runs.get': RunDetailsDto;
  'runs.rename': RunRecord;
  'runs.delete': { id: string };
  'runs.gallery': RunGalleryDto;
  'runs.openFolder': { path: string; opened: boolean };
  'training.start': { id: string };
  'training.resume': { id: string };
  'training.rerun': { id: string };
  'training.pause': { id: string };
  'training.continue': { id: string };
  'training.stop': { id: string };
  'training.active': ActiveRun[];
  'predict.images': PredictImagesDto;
  'settings.get': AppSettings;
  'settings.set': AppSettings;
}

/** Commands of the desktop app menu, forwarded to the renderer (e.g. File → Import dataset…). */
export const APP_COMMANDS = ['new-run', 'import-dataset', 'show-runs', 'show-settings'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

/** Events pushed from main to every renderer. */
export interface ApiEvents {
  /** seq counts the run's events from 1 (see ActiveRun.lastSeq). */
  'training.event': { id: string; event: TrainerEvent; seq: number };
  /** A run was created, changed or deleted (null: the whole list, e.g. the runs folder changed). */
  'runs.changed': { id: string | null };
  /** Desktop only: a menu command for the renderer to carry out. */
  'app.command': { command: AppCommand };
}
export type ApiEventName = keyof ApiEvents;
export const API_EVENT_NAMES: ApiEventName[] = ['training.event', 'runs.changed', 'app.command'];

/** What a renderer sees: one async function per method and typed event subscriptions. */
export type MgeApi = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<Result<ApiOutputs[M]>>;
} & {
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** Desktop only: the filesystem path of a dropped file or folder (webUtils.getPathForFile). */
  getPathForFile?: (file: File) => string;
};

/** Validates a method's input at a process boundary; errors name the fields. */
export function validateApiInput<M extends ApiMethod>(method: M, input: unknown): Result<z.output<(typeof API_INPUTS)[M]>> {
  const schema = API_INPUTS[method];
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as z.output<(typeof API_INPUTS)[M]> };
  const details = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(input)', message: issue.message }));
  return { ok: false, error: { code: 'invalid-input', message: `${method}: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details } };
}

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(API_INPUTS, name);
}

/**
 * The browser-mode wire format (one JSON object per WebSocket message). The socket URL carries the
 * per-start token: ws://127.0.0.1:PORT/api?token=TOKEN; a connection without it is refused.
 */
export const wireRequestSchema = z.object({
  type: z.literal('call'),
  /** Chosen by the client to match the response. */
  id: z.number().int().nonnegative(),
  method: z.string(),
  /** Absent means no arguments ({}). */
  input: z.unknown().optional(),
});
export type WireRequest = z.infer<typeof wireRequestSchema>;

/** A request that cannot be read at all (not JSON, no id) is answered with id -1. */
export type WireMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: ApiEventName; payload: ApiEvents[ApiEventName] };
