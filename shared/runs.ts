// Run store records: what run.json, metrics.jsonl and summary.json hold.
import type { RunConfig } from './config';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'stopped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RuntimeVersions {
  app: string;
  node: string;
  tfjs?: string;
  backend?: string;
  /** GPU name under CUDA, else a CPU description. */
  device?: string;
  threads?: number;
  platform: string;
}

export interface RunRecord {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  status: RunStatus;
  config: RunConfig;
  dataset: {
    format: string;
    root: string;
    fingerprint: string;
    classes: string[];
    splits: Record<string, number>;
  } | null;
  versions: RuntimeVersions;
  /** Why a run failed or stopped, and its last log lines. */
  failure?: { reason: string; lastLogLines: string[] };
  /** The epoch of the last saved checkpoint (1-based), if any. */
  checkpointEpoch?: number;
  /** The run this one resumed or re-ran, if any. */
  parentRunId?: string;
}

/** One line of metrics.jsonl: everything measured during one epoch. */
export interface EpochMetrics {
  epoch: number;
  /** Every loss term by name (e.g. "ce.expert1.logits", "kl.1-2", "total"). */
  losses: Record<string, number>;
  /** Test (or validation) accuracy per head, as fractions, e.g. { gate: 0.8, expert1: 0.7 }. */
  accuracy: Record<string, number>;
  trainAccuracy?: Record<string, number>;
  lr: { head: number; backbone: number };
  samplesPerSec: number;
  epochSeconds: number;
  etaSeconds: number;
  time: string;
}

export interface RunSummary {
  finishedAt: string;
  epochs: number;
  /** Gate (or single head) top-1 test accuracy as a fraction. */
  testAccuracy: number;
  top5Accuracy: number;
  /** Top-1 test accuracy of each expert's combined head (mgecnn only). */
  expertAccuracy?: number[];
  bestEpoch: number;
  bestAccuracy: number;
  perClassAccuracy: number[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  classes: string[];
  testSamples: number;
  durationSeconds: number;
}

/** What the run list shows; a damaged folder still gets an entry. */
export type RunListEntry =
  | { id: string; damaged: false; record: RunRecord; summary: RunSummary | null; lastEpoch: number | null }
  | { id: string; damaged: true; reason: string };

/** A run id is its folder's name: letters, digits, dot, dash and underscore, never a path. */
export const RUN_ID_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,128}$/;

export function isValidRunId(id: string): boolean {
  return RUN_ID_PATTERN.test(id);
}
