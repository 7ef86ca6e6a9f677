// A crash, an out-of-memory, a kill or garbage from the trainer marks the run failed with a reason and
// the last log lines; the host (and so the app) never goes down with it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../main/services/runs';
import { TrainerHost } from '../../main/services/training/trainer-host';
import { makeFolderFixture } from '../helpers/dataset-fixtures';
import { useTempDir } from '../helpers/temp-dir';

const tempDir = useTempDir('mge-host-');
const fakeTrainer = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../helpers/crashing-trainer.ts');
let dataset: string;


beforeAll(async () => {
  dataset = (await makeFolderFixture(tempDir(), { classes: 2, splits: { train: 3, test: 1 }, clutter: false })).root;
});

async function runWithFault(fault: string, afterStart?: (host: { kill(): void }) => void, config: Record<string, unknown> = {}) {
  const store = new RunStore(tempDir());
  const host = new TrainerHost(store, { appVersion: 'test', cacheDir: tempDir(), trainerEntry: fakeTrainer, env: { MGE_FAKE_TRAINER: fault } });
  const handle = await host.start({ dataset, backbone: 'resnet-tiny', imgSize: 32, epochs: 1, ...config });
  afterStart?.(handle);
  const outcome = await handle.done;
  const record = await store.readRecord(handle.runId);
  const log = await fs.readFile(path.join(handle.runDir, 'train.log'), 'utf8');
  const details = await store.get(handle.runId);
  return { outcome, record, log, details };
}

describe('trainer host failure handling', () => {
  it('marks a run failed when the trainer exits unexpectedly, keeping its last log lines', async () => {
    const { outcome, record, log } = await runWithFault('exit');
    expect(outcome.status).toBe('failed');
    expect(record.status).toBe('failed');
    expect(record.failure?.reason).toBe('the trainer exited unexpectedly with code 3');
    expect(record.failure?.lastLogLines.join('\n')).toContain('epoch 1 batch 2 of 4');
    expect(log).toContain('epoch 1 batch 2 of 4');
  });

  it('reports an uncaught exception with its message', async () => {
    const { record } = await runWithFault('throw');
    expect(record.status).toBe('failed');
    expect(record.failure?.lastLogLines.join('\n')).toContain('segfault-like failure in a kernel');
  });

  it('recognises an out-of-memory death', async () => {
    const { record } = await runWithFault('oom');
    expect(record.failure?.reason).toContain('ran out of memory');
  });

  it('marks a killed trainer failed', async () => {
    const { record } = await runWithFault('hang', (handle) => setTimeout(() => handle.kill(), 300));
    expect(record.status).toBe('failed');
    expect(record.failure?.reason).toContain('killed');
  });

  it('ignores malformed messages instead of trusting them', async () => {
    const { record, log, details } = await runWithFault('garbage');
    expect(record.status).toBe('failed');
    expect(log).toContain('ignored a malformed trainer message');
    expect(details.metrics).toEqual([]);
    expect(details.summary).toBeNull();
  });

  it('gives the trainer only the GPUs of --gpu-ids', async () => {
    const { log } = await runWithFault('env', undefined, { gpuIds: '7,6' });
    expect(log).toContain('CUDA_VISIBLE_DEVICES=6,7');
  });
});
