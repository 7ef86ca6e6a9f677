// `mge train` end to end, as a user runs it: the real executable, a trainer child process, real images
// (a Fashion-MNIST subset from Debian's dataset-fashion-mnist), a run folder with every file.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fashionMnistAvailable, writeFashionMnistSubset } from '../helpers/fashion-mnist';
import { spawnCli } from '../helpers/spawn-cli';
import { useTempDir } from '../helpers/temp-dir';

const tempDir = useTempDir('mge-train-cli-');
let dataset: string;

describe.skipIf(!fashionMnistAvailable())('mge train on Fashion-MNIST', () => {
  beforeAll(async () => {
    dataset = path.join(tempDir(), 'fashion');
    await writeFashionMnistSubset(dataset, { classes: 10, perClass: 48, testPerClass: 20 });
  }, 120_000);

  it('inspects the dataset', async () => {
    const result = await spawnCli(['datasets', 'inspect', dataset, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.format).toBe('folder');
    expect(report.classes).toHaveLength(10);
    expect(report.splits).toEqual({ train: 480, test: 200 });
    expect(report.problems).toEqual([]);
  });

  it('trains MGE-CNN with the paper settings far above chance and writes a complete run folder', async () => {
    const runsDir = tempDir();
    const result = await spawnCli(['train', '--dataset', dataset, '--model', 'mgecnn', '--backbone', 'resnet-tiny', '--imgsize', '32', '--epochs', '3', '--batchsize', '16', '--runs-dir', runsDir, '--json']);
    expect(result.code, result.stderr + result.stdout.slice(-2000)).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const final = events.at(-1);
    expect(final).toMatchObject({ type: 'result', status: 'completed' });
    expect(events.some((e) => e.type === 'batch')).toBe(true);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(3);

    const runDir = final.runDir as string;
    const summary = JSON.parse(await fs.readFile(path.join(runDir, 'summary.json'), 'utf8'));
    expect(summary.testAccuracy).toBeGreaterThan(0.4); // chance is 0.1
    expect(summary.top5Accuracy).toBeGreaterThan(summary.testAccuracy);
    expect(summary.expertAccuracy).toHaveLength(3);
    expect(summary.confusion).toHaveLength(10);
    expect(summary.testSamples).toBe(200);

    const record = JSON.parse(await fs.readFile(path.join(runDir, 'run.json'), 'utf8'));
    expect(record).toMatchObject({ status: 'completed', config: { model: 'mgecnn', imgSize: 32, epochs: 3 }, versions: { backend: expect.any(String), tfjs: '4.22.0' } });
    expect(record.dataset.classes).toHaveLength(10);
    const metrics = (await fs.readFile(path.join(runDir, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(metrics.map((m: { epoch: number }) => m.epoch)).toEqual([1, 2, 3]);
    expect(existsSync(path.join(runDir, 'checkpoints', 'best', 'manifest.json'))).toBe(true);

    const list = await spawnCli(['runs', 'list', '--runs-dir', runsDir]);
    expect(list.stdout).toContain('completed');
  }, 600_000);
});
