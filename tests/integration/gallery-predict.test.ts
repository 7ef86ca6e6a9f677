// Issue 4 end to end, as a user runs it: `mge train` (trainer child process) leaves a CAM gallery in the run
// folder; `mge predict` classifies new images with the run's best model and writes overlays; `mge export`
// writes a model folder whose predictions equal the run's.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { galleryIndexSchema, type GalleryIndex } from '../../shared/gallery';
import { generateSyntheticDataset, readSyntheticSamples } from '../../main/trainer/data';
import { runCli } from '../helpers/cli';
import { useTempDir } from '../helpers/temp-dir';

const tempDir = useTempDir('mge-gallery-predict-');
const IMG = 32;
let runsDir: string;
let runId: string;
let runDir: string;
let newImages: string[];

beforeAll(async () => {
  const root = tempDir();
  const dataset = path.join(root, 'birds');
  await generateSyntheticDataset({ outDir: dataset, classes: 3, trainPerClass: 6, testPerClass: 4, imageSize: 40, seed: 0 });
  // "New" images: drawn with another seed, never seen in training or testing.
  const fresh = path.join(root, 'fresh');
  await generateSyntheticDataset({ outDir: fresh, classes: 3, trainPerClass: 1, testPerClass: 1, imageSize: 40, seed: 11 });
  newImages = (await readSyntheticSamples(fresh)).samples.map((s) => s.path).slice(0, 2);
  runsDir = path.join(root, 'runs');
  const train = await runCli(['train', '--dataset', dataset, '--model', 'mgecnn', '--backbone', 'resnet-tiny', '--imgsize', String(IMG), '--epochs', '1', '--batchsize', '6', '--backend', 'wasm', '--runs-dir', runsDir, '--json']);
  expect(train.code, train.stderr + train.stdout.slice(-2000)).toBe(0);
  const result = JSON.parse(train.stdout.trim().split('\n').at(-1)!);
  expect(result).toMatchObject({ type: 'result', status: 'completed' });
  ({ runId, runDir } = result);
}, 180_000);

async function readGallery(): Promise<GalleryIndex> {
  return galleryIndexSchema.parse(JSON.parse(await fs.readFile(path.join(runDir, 'gallery', 'index.json'), 'utf8')));
}

describe('the gallery of a training run', () => {
  it('holds, for every sampled test image, the input, every expert’s overlay and crop, and a valid index', async () => {
    const gallery = await readGallery();
    expect(gallery).toMatchObject({ epoch: 1, model: { name: 'mgecnn', imgSize: IMG }, sample: { split: 'test', requested: 64, drawn: 12 }, skipped: [] });
    expect(gallery.entries).toHaveLength(12); // 64 requested, capped by the 12 test images
    expect(gallery.entries.map((e) => e.truth.index).sort()).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    const files = new Set<string>();
    for (const entry of gallery.entries) {
      expect(entry.views.map((v) => v.name)).toEqual(['expert1', 'expert2', 'expert3']);
      expect(entry.views.map((v) => v.crop === null)).toEqual([false, false, true]);
      expect(entry.views[1].view).toBe(entry.views[0].crop);
      expect(entry.boxes).toHaveLength(2);
      expect(entry.gateWeights!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(entry.top5).toHaveLength(3);
      expect(entry.top5[0]).toMatchObject({ index: entry.predicted.index, probability: entry.confidence });
      expect(entry.faithfulness.before).toBe(entry.confidence);
      for (const v of entry.views) [v.view, v.cam, v.crop].forEach((f) => f && files.add(f));
      files.add(entry.input).add(entry.modelCam);
    }
    expect(files.size).toBe(12 * 7); // input, 3 overlays, 2 crops, the model's map
    for (const file of files) {
      const meta = await sharp(path.join(runDir, 'gallery', file)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', IMG, IMG]);
    }
    const mean = gallery.entries.reduce((s, e) => s + e.faithfulness.drop, 0) / 12;
    expect(gallery.faithfulness.meanDrop).toBeCloseTo(mean, 10);
  });
});

describe('mge predict and mge export', () => {
  let fromRun: unknown[];

  it('predicts new images with the run’s best model and writes the overlays', async () => {
    const camDir = path.join(tempDir(), 'cams');
    const json = await runCli(['predict', '--run', runId, ...newImages, '--runs-dir', runsDir, '--backend', 'wasm', '--cam', camDir, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.model).toMatchObject({ kind: 'run', path: runDir, epoch: 1, classes: 3 });
    expect(out.predictions).toHaveLength(2);
    for (const p of out.predictions) {
      expect(p.top).toHaveLength(3);
      expect(p.top.reduce((s: number, c: { probability: number }) => s + c.probability, 0)).toBeCloseTo(1, 5);
      expect(Object.keys(p.camFiles.views)).toEqual(['expert1', 'expert2', 'expert3']);
      for (const file of [p.camFiles.model, ...Object.values(p.camFiles.views)] as string[]) expect(existsSync(file)).toBe(true);
    }
    fromRun = out.predictions.map(({ camFiles: _, ...rest }: { camFiles: unknown }) => rest);

    const text = await runCli(['predict', '--run', runId, newImages[0], '--top', '2', '--runs-dir', runsDir, '--backend', 'wasm']);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n')).toHaveLength(4); // file, 2 classes, gate weights
    expect(text.stdout).toMatch(/%\s+class-0\d-/);
  });

  it('exports a model folder whose predictions equal the run’s', async () => {
    const exportDir = path.join(tempDir(), 'exported');
    const exported = await runCli(['export', '--run', runId, '--out', exportDir, '--runs-dir', runsDir]);
    expect(exported.code, exported.stderr).toBe(0);
    expect((await fs.readdir(exportDir)).sort()).toEqual(['model.json', 'preprocessing.json', 'weights.bin']);
    const again = await runCli(['export', '--run', runId, '--out', exportDir, '--runs-dir', runsDir]);
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/pass --force/)]);

    const json = await runCli(['predict', '--model', exportDir, ...newImages, '--backend', 'wasm', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).predictions).toEqual(fromRun);
  });

  it('answers mistakes with one clear line', async () => {
    const bad = path.join(tempDir(), 'notes.jpg');
    await fs.writeFile(bad, 'not an image');
    const partial = await runCli(['predict', '--run', runId, newImages[0], bad, '--runs-dir', runsDir, '--backend', 'wasm']);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toMatch(/notes\.jpg: cannot read the image: .*\n1 of 2 images could not be read/);
    expect(await runCli(['predict', newImages[0]])).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing --run RUN_ID/) });
    expect(await runCli(['predict', '--run', 'nope', newImages[0], '--runs-dir', runsDir])).toMatchObject({ code: 1, stderr: expect.stringMatching(/no run "nope"/) });
    expect(await runCli(['predict', '--run', runId, path.join(runsDir, 'missing.png'), '--runs-dir', runsDir])).toMatchObject({ code: 1, stderr: expect.stringMatching(/no such file or folder/) });
    expect(await runCli(['predict', '--run', runId, newImages[0], '--opacity', '0.3', '--runs-dir', runsDir])).toMatchObject({ code: 2, stderr: expect.stringMatching(/only apply with --cam DIR/) });
    expect(await runCli(['export', '--run', runId, '--runs-dir', runsDir])).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing --out DIR/) });
  });
});
