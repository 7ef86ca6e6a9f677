// Messages between the trainer host (main/services) and the trainer child process (main/trainer).
// Both directions are validated on receipt: a malformed message is an error, never undefined behaviour.
import { z } from 'zod';
import { runConfigSchema } from './config';
import { SPLIT_NAMES } from './datasets';

const sampleSchema = z.object({
  path: z.string(),
  label: z.number().int().min(0),
  split: z.enum(SPLIT_NAMES),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  cropBottom: z.number().int().min(0).optional(),
});

/** Host → trainer. */
export const trainerCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    runDir: z.string(),
    config: runConfigSchema,
    classes: z.array(z.string()).min(2),
    samples: z.array(sampleSchema),
    /** Continue from the run's latest checkpoint. */
    resume: z.boolean(),
    appVersion: z.string(),
  }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  /** Finish the current batch, save a checkpoint, and exit. */
  z.object({ type: z.literal('stop') }),
]);
export type TrainerCommand = z.infer<typeof trainerCommandSchema>;

const backendInfoSchema = z.object({
  name: z.string(),
  tfjsVersion: z.string(),
  device: z.string(),
  gpu: z.boolean(),
  threads: z.number(),
  notes: z.array(z.string()),
});

const epochMetricsSchema = z.object({
  epoch: z.number().int(),
  losses: z.record(z.string(), z.number()),
  accuracy: z.record(z.string(), z.number()),
  trainAccuracy: z.record(z.string(), z.number()).optional(),
  lr: z.object({ head: z.number(), backbone: z.number() }),
  samplesPerSec: z.number(),
  epochSeconds: z.number(),
  etaSeconds: z.number(),
  time: z.string(),
});

const summarySchema = z.object({
  finishedAt: z.string(),
  epochs: z.number(),
  testAccuracy: z.number(),
  top5Accuracy: z.number(),
  expertAccuracy: z.array(z.number()).optional(),
  bestEpoch: z.number(),
  bestAccuracy: z.number(),
  perClassAccuracy: z.array(z.number()),
  confusion: z.array(z.array(z.number())),
  classes: z.array(z.string()),
  testSamples: z.number(),
  durationSeconds: z.number(),
});

/** Trainer → host. */
export const trainerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), backend: backendInfoSchema }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
  z.object({
    type: z.literal('batch'),
    epoch: z.number().int(),
    batch: z.number().int(),
    batches: z.number().int(),
    loss: z.number(),
    samplesPerSec: z.number(),
    etaSeconds: z.number(),
  }),
  z.object({ type: z.literal('epoch'), metrics: epochMetricsSchema }),
  z.object({ type: z.literal('checkpoint'), epoch: z.number().int(), batchesDone: z.number().int(), best: z.boolean() }),
  z.object({ type: z.literal('state'), state: z.enum(['running', 'paused']) }),
  z.object({ type: z.literal('completed'), summary: summarySchema }),
  z.object({ type: z.literal('stopped'), epoch: z.number().int(), batchesDone: z.number().int() }),
  z.object({ type: z.literal('failed'), message: z.string(), stack: z.string().optional() }),
]);
export type TrainerEvent = z.infer<typeof trainerEventSchema>;
export type BackendReport = z.infer<typeof backendInfoSchema>;
