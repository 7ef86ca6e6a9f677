// The one API contract between the renderer and main. Electron IPC (preload's window.api) and the
// browser-mode WebSocket host are two transports of this same contract: method name → validated input
// → typed Result output; event name → payload. Nothing crosses a process boundary without passing here.
import { z } from 'zod';
import { AIRCRAFT_LEVELS, CONFIG_PRESETS } from './config';
import type { DatasetReport } from './datasets';
import type { Result } from './result';
import type { EpochMetrics, RunListEntry, RunRecord, RunSummary } from './runs';
import type { BackendReport, TrainerEvent } from './trainer-protocol';

const runId = z.string().regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]{1,128}$/, { error: 'not a valid run id' });
const presetName = z.enum(Object.keys(CONFIG_PRESETS) as [keyof typeof CONFIG_PRESETS, ...Array<keyof typeof CONFIG_PRESETS>]);

/** Input schema of every method. */
export const API_INPUTS = {
  'app.info': z.object({}).strict(),
  'datasets.inspect': z
    .object({
      path: z.string().min(1, { error: 'choose a dataset folder' }),
      testFraction: z.number().min(0).max(0.9).optional(),
      valFraction: z.number().min(0).max(0.9).optional(),
      seed: z.number().int().min(0).optional(),
      aircraftLevel: z.enum(AIRCRAFT_LEVELS).optional(),
      deepCheck: z.boolean().optional(),
    })
    .strict(),
  'runs.list': z.object({}).strict(),
  'runs.get': z.object({ id: runId }).strict(),
  'runs.rename': z.object({ id: runId, name: z.string().min(1).max(200) }).strict(),
  'runs.delete': z.object({ id: runId }).strict(),
  /** The config is validated again by the service with the full run-config schema (field errors come back). */
  'training.start': z.object({ config: z.record(z.string(), z.unknown()), name: z.string().max(200).optional(), preset: presetName.optional() }).strict(),
  'training.resume': z.object({ id: runId }).strict(),
  'training.pause': z.object({ id: runId }).strict(),
  'training.continue': z.object({ id: runId }).strict(),
  'training.stop': z.object({ id: runId }).strict(),
  'training.active': z.object({}).strict(),
} as const;

export type ApiMethod = keyof typeof API_INPUTS;
export type ApiInput<M extends ApiMethod> = z.input<(typeof API_INPUTS)[M]>;

export interface AppInfo {
  version: string;
  runsDir: string;
  /** The backend the trainer used last (null before any run). */
  lastBackend: BackendReport | null;
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
  /** Every event so far, so a reconnecting view can redraw its charts. */
  history: TrainerEvent[];
}

/** Output type of every method (wrapped in Result on the wire). */
export interface ApiOutputs {
  'app.info': AppInfo;
  'datasets.inspect': DatasetReport;
  'runs.list': RunListEntry[];
  'runs.get': RunDetailsDto;
  'runs.rename': RunRecord;
  'runs.delete': { id: string };
  'training.start': { id: string };
  'training.resume': { id: string };
  'training.pause': { id: string };
  'training.continue': { id: string };
  'training.stop': { id: string };
  'training.active': ActiveRun[];
}

/** Events pushed from main to every renderer. */
export interface ApiEvents {
  'training.event': { id: string; event: TrainerEvent };
  'runs.changed': { id: string | null };
}
export type ApiEventName = keyof ApiEvents;
export const API_EVENT_NAMES: ApiEventName[] = ['training.event', 'runs.changed'];

/** What a renderer sees: one async function per method and typed event subscriptions. */
export type MgeApi = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<Result<ApiOutputs[M]>>;
} & {
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
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
  input: z.unknown(),
});
export type WireRequest = z.infer<typeof wireRequestSchema>;

export type WireMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: ApiEventName; payload: ApiEvents[ApiEventName] };
