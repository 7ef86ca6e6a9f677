// The desktop build (electron-vite) produces a trainer bundle that trains under plain Node, as the packaged
// app runs it (the Electron binary with ELECTRON_RUN_AS_NODE): tfjs-core's gradients must be in the bundle.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../main/services/runs';
import { TrainerHost } from '../../main/services/training/trainer-host';
import { makeFolderFixture } from '../helpers/dataset-fixtures';
import { useTempDir } from '../helpers/temp-dir';

const tempDir = useTempDir('mge-desktop-build-');
const ROOT = path.resolve(__dirname, '../..');

describe('desktop build', () => {
  it('bundles a trainer process that completes a run', async () => {
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, timeout: 300_000 });
    const dataset = (await makeFolderFixture(tempDir(), { classes: 2, splits: { train: 4, test: 2 }, clutter: false })).root;
    const store = new RunStore(tempDir());
    const host = new TrainerHost(store, { appVersion: 'test', cacheDir: tempDir(), trainerEntry: path.join(ROOT, 'out/main/trainer-process.js') });
    const handle = await host.start({ dataset, model: 'baseline', backbone: 'resnet-tiny', imgSize: 32, epochs: 1, batchSize: 4 }, { preset: 'quick-cpu' });
    const outcome = await handle.done;
    expect(outcome.status, JSON.stringify(outcome)).toBe('completed');
  }, 360_000);
});
