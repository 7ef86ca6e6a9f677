// The Predict view's path end to end: predict.images over the WebSocket runs a prediction child on a
// run's best model, and the images and class-activation maps it answers with are served by /files/.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PredictImagesDto, PredictionDto, WireMessage } from '../../shared/api';
import type { Result } from '../../shared/result';
import { startBrowserHost, type BrowserHost } from '../../main/server';
import { RunStore } from '../../main/services/runs';
import { selectBackend } from '../../main/trainer/backend';
import { checkpointPaths, saveCheckpoint } from '../../main/trainer/checkpoint/checkpoint';
import { modelForRun } from '../../main/trainer/predict';
import { newRun, testConfig } from '../helpers/run-fixtures';
import { useTempDir } from '../helpers/temp-dir';
import { makeServiceFixture } from '../unit/services/fixtures/service-fixture';

const tempDir = useTempDir('mge-server-predict-');
let host: BrowserHost;
let socket: WebSocket;
let runId: string;
let untrainedRunId: string;
let images: string;

beforeAll(async () => {
  const dir = tempDir();
  const fx = await makeServiceFixture(dir);
  const store = new RunStore(fx.runsDir);
  // A run whose best checkpoint holds an untrained model: predictions are meaningless but real.
  const config = testConfig({ imgSize: 32, backbone: 'resnet-tiny' });
  const classes = ['sparrow', 'finch', 'wren'];
  const run = await store.create(newRun({ config, dataset: { format: 'folder', root: '/data', fingerprint: 'f', classes, splits: { train: 3, test: 3 } } }));
  runId = run.id;
  untrainedRunId = (await store.create(newRun({ config }))).id;
  await selectBackend('cpu');
  const model = modelForRun(config, classes.length);
  await saveCheckpoint(checkpointPaths(store.runDir(runId)).best, model, null, { epoch: 1, batchesDone: 0, rngState: [1, 2, 3, 4], best: { epoch: 1, accuracy: 0.5 }, partial: null, epochsWithoutImprovement: 0, savedAt: new Date().toISOString() });
  model.dispose();

  images = path.join(dir, 'new images');
  await fs.mkdir(images);
  await sharp({ create: { width: 48, height: 40, channels: 3, background: '#c33' } }).png().toFile(path.join(images, 'red bird.png'));
  await sharp({ create: { width: 40, height: 48, channels: 3, background: '#33c' } }).jpeg().toFile(path.join(images, 'blue.jpg'));
  await fs.writeFile(path.join(images, 'broken.png'), 'not an image');

  host = await startBrowserHost({ service: fx.service, port: 0, rendererDir: dir });
  socket = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
}, 60_000);

afterAll(async () => {
  socket?.close();
  await host?.close();
});

let nextId = 1;
function call<T>(method: string, input: unknown): Promise<Result<T>> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as WireMessage;
      if (message.type === 'result' && message.id === id) {
        socket.off('message', onMessage);
        resolve(message.result as Result<T>);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type: 'call', id, method, input }));
  });
}

async function fetchFile(url: string): Promise<Response> {
  return fetch(`${host.origin}${url}`, { headers: { Cookie: `mge_token_${host.port}=${host.token}` } });
}

describe('predict.images', () => {
  it('predicts a folder of images with each expert’s map, and serves the images and maps', async () => {
    const result = await call<PredictImagesDto>('predict.images', { runId, paths: [images], top: 2 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ runId, epoch: 1 });
    const [blue, broken, red] = result.value.predictions;
    expect(broken).toEqual({ path: path.join(images, 'broken.png'), error: expect.any(String) });
    for (const p of [blue, red] as PredictionDto[]) {
      expect(p.top).toHaveLength(2);
      expect(p.gateWeights).toHaveLength(3);
      expect(p.views.map((v) => v.name)).toEqual(['expert1', 'expert2', 'expert3']);
      expect(Object.keys(p.camUrls!.views)).toEqual(['expert1', 'expert2', 'expert3']);
    }
    const map = await fetchFile((red as PredictionDto).camUrls!.model);
    expect(map.status).toBe(200);
    expect(map.headers.get('content-type')).toBe('image/png');
    expect((await sharp(Buffer.from(await map.arrayBuffer())).metadata()).format).toBe('png');
    const original = await fetchFile((red as PredictionDto).imageUrl);
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer())).toEqual(await fs.readFile(path.join(images, 'red bird.png')));
    expect((await fetchFile((red as PredictionDto).imageUrl.replace('/image/2/', '/image/0/'))).status).toBe(404);
  });

  it('explains what stops a prediction', async () => {
    expect(await call('predict.images', { runId: untrainedRunId, paths: [images] })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('no best model') } });
    expect(await call('predict.images', { runId, paths: ['relative.png'] })).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: 'paths.0' }] } });
    expect(await call('predict.images', { runId, paths: [path.join(images, 'missing.png')] })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('missing.png') } });
    expect(await call('predict.images', { runId, paths: [] })).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: 'paths', message: 'choose at least one image' }] } });
    expect(await call('predict.images', { runId: 'nope', paths: [images] })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
