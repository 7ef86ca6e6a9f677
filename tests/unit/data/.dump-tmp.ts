import { mkdir, writeFile } from 'node:fs/promises';
import { Rng } from '../../../shared/random';
import { DataLoader, ImageCache, ensureSyntheticDataset, readSyntheticSamples, type Batch } from '../../../main/trainer/data';
const EPOCHS = Number(process.argv[2] ?? 6), PER = Number(process.argv[3] ?? 80), S = 48, OUT = '/tmp/exp/dump';
await mkdir(OUT, { recursive: true });
const t0 = performance.now();
const ds = await ensureSyntheticDataset('/tmp/exp/syncache', { classes: 8, trainPerClass: PER, testPerClass: 25, imageSize: 64, seed: 0 });
console.log('dataset', ds, ((performance.now() - t0) / 1000).toFixed(2), 's');
const { samples } = await readSyntheticSamples(ds.dir);
const cache = new ImageCache();
const rng = new Rng(0);
const train = new DataLoader(samples.filter((s) => s.split === 'train'), { imgSize: S, batchSize: 16, training: true, shuffle: true, rng, cache });
const test = new DataLoader(samples.filter((s) => s.split === 'test'), { imgSize: S, batchSize: 50, training: false, shuffle: false, rng, cache });
async function dump(name: string, it: AsyncIterable<Batch>) {
  const imgs: Float32Array[] = [], labels: number[] = [];
  const t = performance.now();
  for await (const b of it) { imgs.push(b.images); labels.push(...b.labels); }
  const all = new Float32Array(imgs.reduce((a, x) => a + x.length, 0)); let o = 0; for (const x of imgs) { all.set(x, o); o += x.length; }
  await writeFile(`${OUT}/${name}.f32`, Buffer.from(all.buffer)); await writeFile(`${OUT}/${name}.labels`, Buffer.from(Int32Array.from(labels).buffer));
  console.log(name, labels.length, ((performance.now() - t) / 1000).toFixed(2), 's');
}
for (let e = 0; e < EPOCHS; e++) await dump(`train_e${e}`, train.epoch(e));
await dump('test', test.evaluationBatches());
console.log(cache.stats());
