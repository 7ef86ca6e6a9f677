// Stop-and-save through the real trainer child process, then `resume`: the run continues from its
// checkpoint and completes with one metrics line per epoch.
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../main/services/runs';
import { TrainerHost } from '../../main/services/training/trainer-host';
import { makeFolderFixture } from '../helpers/dataset-fixtures';
import { useTempDir } from '../helpers/temp-dir';

const tempDir = useTempDir('mge-host-resume-');

describe('trainer host stop and resume', () => {
  it('stops after an epoch on request, then resumes to completion', async () => {
    const dataset = (await makeFolderFixture(tempDir(), { classes: 2, splits: { train: 4, test: 2 }, clutter: false })).root;
    const store = new RunStore(tempDir());
    const host = new TrainerHost(store, { appVersion: 'test', cacheDir: tempDir() });
    const config = { dataset, model: 'baseline' as const, backbone: 'resnet-tiny' as const, imgSize: 32, epochs: 3, batchSize: 4, backend: 'wasm' as const };

    const first = await host.start(config, { preset: 'quick-cpu' });
    first.onEvent((event) => {
      if (event.type === 'epoch' && event.metrics.epoch === 1) first.stop();
    });
    const stopped = await first.done;
    expect(stopped).toMatchObject({ status: 'stopped', epoch: 1 });
    expect((await store.readRecord(first.runId)).status).toBe('stopped');

    const second = await host.resume(first.runId);
    expect((await second.done).status).toBe('completed');
    const details = await store.get(first.runId);
    expect(details.record.status).toBe('completed');
    expect(details.metrics.map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(details.summary?.epochs).toBe(3);
    await expect(host.resume(first.runId)).rejects.toThrow('already completed');
  }, 180_000);
});
