// Exported model folders: the same predictions as the model they came from, and clear failures.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../shared/config';
import type { ImagePrediction } from '../../../shared/gallery';
import { AppFailure } from '../../../shared/result';
import { generateSyntheticDataset, readSyntheticSamples } from '../../../main/trainer/data';
import { exportModel, loadExportedPredictor, loadRunPredictor, Predictor, preprocessingSpec } from '../../../main/trainer/predict';
import { useTempDir } from '../../helpers/temp-dir';
import { tinyModel, useBackend } from './helpers';

const tempDir = useTempDir('mge-export-');
let images: string[];
let classes: string[];
const predictors: Predictor[] = [];

beforeAll(async () => {
  await useBackend();
  const dir = path.join(tempDir(), 'synthetic');
  await generateSyntheticDataset({ outDir: dir, classes: 3, trainPerClass: 1, testPerClass: 1, imageSize: 40, seed: 2 });
  const read = await readSyntheticSamples(dir);
  classes = read.classes;
  images = read.samples.map((s) => s.path);
}, 60_000);
afterAll(() => predictors.forEach((p) => p.dispose()));

function predictor(name: 'baseline' | 'mgecnn', seed = 3): Predictor {
  const p = new Predictor(tinyModel(name, { numClasses: 3, seed }), preprocessingSpec(32, classes), { kind: 'run', path: '/runs/x', epoch: 7 });
  predictors.push(p);
  return p;
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as AppFailure);

describe('exportModel + loadExportedPredictor', () => {
  it.each(['baseline', 'mgecnn'] as const)('reproduce the predictions of the %s they came from exactly', async (name) => {
    const original = predictor(name);
    const dir = path.join(tempDir(), 'export');
    const result = await exportModel(original, dir);
    expect(result.files.sort()).toEqual(['model.json', 'preprocessing.json', 'weights.bin']);
    const modelJson = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(modelJson.modelTopology).toMatchObject({ format: 'mge-studio-model/1', model: name, config: { numClasses: 3, backbone: 'resnet-tiny', imgSize: 32 } });
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(modelJson.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual([...original.model.state().keys()]);
    expect(JSON.parse(await fs.readFile(path.join(dir, 'preprocessing.json'), 'utf8'))).toMatchObject({ imgSize: 32, resizeShorterSide: 37, crop: 'center', classes });

    const loaded = await loadExportedPredictor(dir);
    predictors.push(loaded);
    expect(loaded.source).toEqual({ kind: 'export', path: dir, epoch: 7 });
    const a = (await original.predict(images, { top: 3 })) as ImagePrediction[];
    const b = (await loaded.predict(images, { top: 3 })) as ImagePrediction[];
    expect(b).toEqual(a);
    expect(a[0].top).toHaveLength(3);
    expect(a[0].views).toHaveLength(name === 'mgecnn' ? 3 : 1);
    // a differently initialised model would not have matched
    expect(await predictor(name, 4).predict(images, { top: 3 })).not.toEqual(a);
  }, 60_000);

  it('replaces only an earlier export, and only when asked', async () => {
    const dir = tempDir();
    await exportModel(predictor('baseline'), dir); // an empty folder is fine
    expect((await failure(exportModel(predictor('baseline'), dir)))?.message).toMatch(/already holds an exported model: pass --force/);
    await exportModel(predictor('baseline'), dir, { overwrite: true });
    const other = tempDir();
    await fs.writeFile(path.join(other, 'notes.txt'), 'mine');
    const error = await failure(exportModel(predictor('baseline'), other, { overwrite: true }));
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/not empty and is not an exported model/) });
  });

  it('names what is wrong with a damaged export', async () => {
    const dir = path.join(tempDir(), 'export');
    await exportModel(predictor('baseline'), dir);
    const weights = await fs.readFile(path.join(dir, 'weights.bin'));
    await fs.writeFile(path.join(dir, 'weights.bin'), weights.subarray(0, 100));
    expect(await failure(loadExportedPredictor(dir))).toMatchObject({ code: 'damaged', message: expect.stringMatching(/weights.bin has 100 bytes/) });
    await fs.writeFile(path.join(dir, 'weights.bin'), weights);
    const pre = JSON.parse(await fs.readFile(path.join(dir, 'preprocessing.json'), 'utf8'));
    await fs.writeFile(path.join(dir, 'preprocessing.json'), JSON.stringify({ ...pre, classes: ['a', 'b'] }));
    expect(await failure(loadExportedPredictor(dir))).toMatchObject({ code: 'damaged', message: expect.stringMatching(/2 class names for a model with 3 outputs/) });
    await fs.rm(path.join(dir, 'model.json'));
    expect(await failure(loadExportedPredictor(dir))).toMatchObject({ code: 'not-found', message: expect.stringMatching(/model.json is missing/) });
  });
});

describe('loadRunPredictor', () => {
  it('explains why a run has no model', async () => {
    const runDir = tempDir();
    expect(await failure(loadRunPredictor(runDir))).toMatchObject({ code: 'not-found', message: expect.stringMatching(/no run.json/) });
    const record = { config: { dataset: 'synthetic' }, dataset: null };
    await fs.writeFile(path.join(runDir, 'run.json'), JSON.stringify(record));
    expect(await failure(loadRunPredictor(runDir))).toMatchObject({ code: 'damaged', message: expect.stringMatching(/run.json is invalid/) });
    const parsed = parseRunConfig({ dataset: 'synthetic' }, 'quick-cpu');
    if (!parsed.ok) throw new Error('bad config');
    await fs.writeFile(path.join(runDir, 'run.json'), JSON.stringify({ config: parsed.config, dataset: null }));
    expect(await failure(loadRunPredictor(runDir))).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/never started training/) });
    await fs.writeFile(path.join(runDir, 'run.json'), JSON.stringify({ config: parsed.config, dataset: { classes } }));
    expect(await failure(loadRunPredictor(runDir))).toMatchObject({ code: 'not-found', message: expect.stringMatching(/has no best model yet \(checkpoints\/best\)/) });
  });
});

describe('Predictor.predict', () => {
  it('reports unreadable files per image and keeps going', async () => {
    const bad = path.join(tempDir(), 'not-an-image.png');
    await fs.writeFile(bad, 'hello');
    const results = await predictor('baseline').predict([images[0], bad, images[1]], { top: 2 });
    expect(results.map((r) => ('error' in r ? 'error' : 'ok'))).toEqual(['ok', 'error', 'ok']);
    expect(results[1]).toEqual({ path: bad, error: expect.stringMatching(/unsupported image format/) });
  });
});
