// Realistic renderer test data: run records, per-epoch metrics of an MGE-CNN run, a dataset report and a
// gallery index that validates against the shared schema.
import { parseRunConfig, type RunConfig } from '../../../../shared/config';
import type { DatasetReport } from '../../../../shared/datasets';
import type { GalleryIndex } from '../../../../shared/gallery';
import type { EpochMetrics, RunListEntry, RunRecord, RunStatus, RunSummary } from '../../../../shared/runs';

export function runConfig(overrides: Record<string, unknown> = {}): RunConfig {
  const parsed = parseRunConfig({ dataset: 'synthetic', ...overrides }, 'quick-cpu');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.config;
}

export function runRecord(id: string, options: { status?: RunStatus; name?: string; createdAt?: string; config?: Record<string, unknown> } = {}): RunRecord {
  const createdAt = options.createdAt ?? '2026-03-01T10:00:00.000Z';
  return {
    id,
    name: options.name ?? id,
    createdAt,
    updatedAt: new Date(Date.parse(createdAt) + 180_000).toISOString(),
    status: options.status ?? 'completed',
    config: runConfig(options.config),
    dataset: { format: 'synthetic', root: '/cache/synthetic-birds', fingerprint: 'abc123', classes: ['finch', 'sparrow', 'wren'], splits: { train: 120, test: 30 } },
    versions: { app: '0.1.0', node: '20.20.2', tfjs: '4.22.0', backend: 'wasm', device: 'CPU (2 threads)', threads: 2, platform: 'linux-x64' },
    checkpointEpoch: 3,
  };
}

export function epochMetrics(epoch: number, accuracy = 0.3 + epoch * 0.1): EpochMetrics {
  return {
    epoch,
    losses: {
      total: 12 - epoch,
      'ce.expert1.logits': 1.1 - epoch * 0.05,
      'ce.expert1.max': 1.1 - epoch * 0.05,
      'ce.expert1.cat': 1.0 - epoch * 0.05,
      'ce.expert2.logits': 1.1,
      'ce.expert2.max': 1.1,
      'ce.expert2.cat': 1.0,
      'ce.expert3.logits': 1.1,
      'ce.expert3.max': 1.1,
      'ce.expert3.cat': 1.0,
      'ce.gate': 1.05,
      'kl.expert1-expert2': 0.4,
      'kl.expert2-expert3': 0.4,
    },
    accuracy: { final: accuracy, expert1: accuracy - 0.05, expert2: accuracy - 0.02, expert3: accuracy - 0.08 },
    trainAccuracy: { final: accuracy + 0.1 },
    lr: { head: 0.05, backbone: 0.05 },
    samplesPerSec: 27.5,
    epochSeconds: 30,
    etaSeconds: (6 - epoch) * 30,
    time: `2026-03-01T10:0${epoch}:00.000Z`,
  };
}

export function runSummary(bestAccuracy = 0.62, durationSeconds = 184): RunSummary {
  return {
    finishedAt: '2026-03-01T10:03:04.000Z',
    epochs: 6,
    testAccuracy: bestAccuracy - 0.02,
    top5Accuracy: 1,
    expertAccuracy: [0.55, 0.58, 0.5],
    bestEpoch: 5,
    bestAccuracy,
    perClassAccuracy: [0.7, 0.6, 0.5],
    confusion: [
      [7, 2, 1],
      [2, 6, 2],
      [3, 2, 5],
    ],
    classes: ['finch', 'sparrow', 'wren'],
    testSamples: 30,
    durationSeconds,
  };
}

export function listEntry(record: RunRecord, summary: RunSummary | null = record.status === 'completed' ? runSummary() : null): RunListEntry {
  return { id: record.id, damaged: false, record, summary, lastEpoch: summary?.epochs ?? 2 };
}

export const DATASET_REPORT: DatasetReport = {
  format: 'folder',
  root: '/data/birds',
  formatLabel: 'Folder per class',
  classes: ['finch', 'sparrow', 'wren'],
  splits: { train: 24, test: 6 },
  perClass: [
    { train: 8, test: 2 },
    { train: 8, test: 2 },
    { train: 8, test: 2 },
  ],
  splitSource: 'generated',
  fingerprint: 'f00d',
  problems: [
    { path: 'finch/broken.jpg', kind: 'truncated', message: 'the image data ends early' },
    { path: 'wren/empty.png', kind: 'empty', message: 'the file is empty' },
  ],
  notes: ['split: seeded, stratified (test 20%)'],
};

export function galleryIndex(): GalleryIndex {
  const classes = ['finch', 'sparrow', 'wren'];
  const entry = (id: string, truth: number, predicted: number, confidence: number) => ({
    id,
    source: `/data/birds/${classes[truth]}/${id}.png`,
    input: `${id}-input.png`,
    truth: { index: truth, name: classes[truth] },
    predicted: { index: predicted, name: classes[predicted] },
    confidence,
    correct: truth === predicted,
    top5: [
      { index: predicted, name: classes[predicted], probability: confidence },
      { index: (predicted + 1) % 3, name: classes[(predicted + 1) % 3], probability: (1 - confidence) / 2 },
    ],
    gateWeights: [0.5, 0.3, 0.2],
    boxes: [
      [0.1, 0.1, 0.9, 0.9] as [number, number, number, number],
      [0.2, 0.2, 0.8, 0.8] as [number, number, number, number],
    ],
    views: [1, 2, 3].map((t) => ({
      name: `expert${t}`,
      view: `${id}-expert${t}-view.png`,
      cam: `${id}-expert${t}-cam.png`,
      crop: t < 3 ? `${id}-expert${t}-crop.png` : null,
      box: t < 3 ? ([0.1, 0.1, 0.9, 0.9] as [number, number, number, number]) : null,
      prediction: { index: predicted, name: classes[predicted], probability: confidence },
    })),
    modelCam: `${id}-model-cam.png`,
    faithfulness: { before: confidence, after: confidence / 2, drop: confidence / 2 },
  });
  return {
    format: 'mge-gallery/1',
    createdAt: '2026-03-01T10:03:04.000Z',
    epoch: 6,
    model: { name: 'mgecnn', backbone: 'resnet-tiny', imgSize: 40, boxThreshold: 0.2 },
    classes,
    cam: { method: 'cam', layer: 'conv5', target: 'predicted', colormap: 'turbo', opacity: 0.5, imageFormat: 'png' },
    sample: { split: 'test', requested: 64, drawn: 4, seed: 0 },
    faithfulness: { metric: 'blur-top-region-confidence-drop', fraction: 0.2, meanDrop: 0.3 },
    entries: [entry('0001', 0, 0, 0.9), entry('0002', 1, 2, 0.6), entry('0003', 2, 2, 0.7), entry('0004', 0, 1, 0.8)],
    skipped: [],
  };
}
