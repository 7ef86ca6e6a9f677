import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSample } from '../../../shared/datasets';
import { Rng } from '../../../shared/random';
import { DataLoader, ImageCache, decodeImage, type Batch, type DataLoaderOptions, type DecodeFn } from '../../../main/trainer/data';

const N = 11;
const IMG = 8; // crop size; images are resized to round(8·512/448) = 9 px on the shorter side
let dir: string;
let samples: DatasetSample[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mge-loader-'));
  samples = [];
  for (let i = 0; i < N; i++) {
    // Each image has its own colours and a gradient, so that crops and flips change the floats.
    const w = 12 + (i % 3);
    const h = 10;
    const data = Buffer.alloc(w * h * 3);
    for (let p = 0; p < w * h; p++) data.set([(i * 23) % 256, ((p % w) * 20) % 256, (Math.floor(p / w) * 25) % 256], p * 3);
    const path = join(dir, `img-${i}.png`);
    await sharp(data, { raw: { width: w, height: h, channels: 3 } }).png().toFile(path);
    samples.push({ path, label: i % 4, split: 'train' });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function loader(overrides: Partial<DataLoaderOptions> = {}, list: DatasetSample[] = samples): DataLoader {
  return new DataLoader(list, { imgSize: IMG, batchSize: 4, training: true, rng: new Rng(7), shuffle: true, ...overrides });
}

async function collect(batches: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

/** A decoder that counts calls and finishes in a scrambled order. */
function countingDecoder(jitter = false): DecodeFn & { calls: number } {
  const fn = (async (sample, side) => {
    fn.calls++;
    if (jitter) await new Promise((r) => setTimeout(r, (sample.path.length * 7919 + fn.calls * 31) % 9));
    return decodeImage(sample, side);
  }) as DecodeFn & { calls: number };
  fn.calls = 0;
  return fn;
}

describe('DataLoader', () => {
  it('visits every sample exactly once per epoch, with consistent labels and shapes', async () => {
    const l = loader();
    expect(l.batchesPerEpoch).toBe(3);
    const batches = await collect(l.epoch(0));
    expect(batches.map((b) => b.size)).toEqual([4, 4, 3]);
    const seen = batches.flatMap((b) => b.indices);
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(N).keys()]);
    expect(seen).toEqual(l.epochOrder(0));
    expect(seen).not.toEqual([...Array(N).keys()]); // shuffled
    for (const b of batches) {
      expect(b.images.length).toBe(b.size * IMG * IMG * 3);
      expect([...b.labels]).toEqual(b.indices.map((i) => samples[i].label));
      expect(b.images.every(Number.isFinite)).toBe(true);
    }
    const dropped = await collect(loader({ dropLast: true }).epoch(0));
    expect(dropped.map((b) => b.size)).toEqual([4, 4]);
  });

  it('gives identical batches for the same (seed, epoch) whatever the concurrency, prefetch or history', async () => {
    const serial = loader({ concurrency: 1, prefetch: 0, cache: null });
    const parallel = loader({ concurrency: 4, prefetch: 3, cache: null, decode: countingDecoder(true) });
    const a = await collect(serial.epoch(3));
    const b = await collect(parallel.epoch(3));
    expect(b.map((x) => x.indices)).toEqual(a.map((x) => x.indices));
    b.forEach((batch, i) => expect(batch.images).toEqual(a[i].images));

    // A loader that already ran epochs 0-2 (the run before a resume) agrees with a fresh one.
    const history = loader();
    for (let e = 0; e < 3; e++) await collect(history.epoch(e));
    const resumed = await collect(history.epoch(3));
    resumed.forEach((batch, i) => expect(batch.images).toEqual(a[i].images));

    // Another epoch: another order and other crops.
    const next = await collect(serial.epoch(4));
    expect(next.flatMap((x) => x.indices)).not.toEqual(a.flatMap((x) => x.indices));
    expect(loader({ seed: 'other' }).epochOrder(3)).not.toEqual(serial.epochOrder(3));
    // The caller's generator is not advanced by making a loader.
    const rng = new Rng(7);
    const state = rng.getState();
    loader({ rng });
    expect(rng.getState()).toEqual(state);
  });

  it('augments per epoch when training and centre-crops otherwise', async () => {
    const ordered = (batches: Batch[]) => {
      const byIndex = new Map<number, Float32Array>();
      const per = IMG * IMG * 3;
      for (const b of batches) b.indices.forEach((idx, k) => byIndex.set(idx, b.images.slice(k * per, (k + 1) * per)));
      return [...Array(N).keys()].map((i) => byIndex.get(i)!);
    };
    const train = loader();
    const e0 = ordered(await collect(train.epoch(0)));
    const e1 = ordered(await collect(train.epoch(1)));
    expect(e0.filter((img, i) => img.some((v, k) => v !== e1[i][k])).length).toBeGreaterThan(N / 2);

    const test = loader({ training: false });
    const t0 = ordered(await collect(test.epoch(0)));
    const t1 = ordered(await collect(test.epoch(1)));
    t0.forEach((img, i) => expect(img).toEqual(t1[i]));
  });

  it('skips a corrupt file, lists it once, and fills batches from the other images', async () => {
    const corrupt = join(dir, 'corrupt.png');
    await writeFile(corrupt, Buffer.from('\x89PNG\r\n\x1a\n but then garbage'));
    const list = [...samples.slice(0, 8), { path: corrupt, label: 1, split: 'train' as const }];
    const decode = countingDecoder();
    const reported: string[] = [];
    const l = loader({ decode, onSkip: (s) => reported.push(s.path) }, list);
    const first = await collect(l.epoch(0));
    expect(first.map((b) => b.size)).toEqual([4, 4]);
    expect(first.flatMap((b) => b.indices)).not.toContain(8);
    expect(l.skipped).toHaveLength(1);
    expect(l.skipped[0]).toMatchObject({ index: 8, path: corrupt });
    expect(l.skipped[0].reason).toContain(corrupt);
    expect(l.batchesPerEpoch).toBe(2);
    const callsAfterFirst = decode.calls;
    await collect(l.epoch(1)); // the known-bad file is not decoded again; the others come from the cache
    expect(decode.calls).toBe(callsAfterFirst);
    expect(reported).toEqual([corrupt]);

    const allBad = loader({}, [{ path: corrupt, label: 0, split: 'train' }]);
    await expect(collect(allBad.epoch(0))).rejects.toThrow(/none of the 1 images/);
  });

  it('decodes each image once: the second epoch is served by the cache', async () => {
    const decode = countingDecoder();
    const cache = new ImageCache();
    const l = loader({ decode, cache });
    await collect(l.epoch(0));
    expect(decode.calls).toBe(N);
    expect(cache.stats()).toMatchObject({ misses: N, hits: 0, entries: N });
    await collect(l.epoch(1));
    expect(decode.calls).toBe(N);
    expect(cache.stats()).toMatchObject({ misses: N, hits: N });
    // A test loader sharing the cache decodes nothing either.
    await collect(loader({ decode, cache, training: false }).evaluationBatches());
    expect(decode.calls).toBe(N);
  });

  it('evicts under a tiny budget and then decodes again', async () => {
    const decode = countingDecoder();
    const cache = new ImageCache({ maxBytes: 3 * 14 * 9 * 3 }); // about three images
    const l = loader({ decode, cache });
    await collect(l.epoch(0));
    await collect(l.epoch(1));
    const stats = cache.stats();
    expect(stats.bytes).toBeLessThanOrEqual(stats.maxBytes);
    expect(stats.entries).toBeLessThanOrEqual(3);
    expect(stats.evictions).toBeGreaterThan(0);
    expect(decode.calls).toBeGreaterThan(N + N / 2);
  });

  it('evaluates in the given order with centre crops, keeping the last partial batch', async () => {
    const l = loader({ batchSize: 4, dropLast: true });
    const batches = await collect(l.evaluationBatches());
    expect(batches.map((b) => b.size)).toEqual([4, 4, 3]);
    expect(batches.flatMap((b) => b.indices)).toEqual([...Array(N).keys()]);
    expect(batches[2].images.length).toBe(3 * IMG * IMG * 3);
    const again = await collect(l.evaluationBatches());
    again.forEach((b, i) => expect(b.images).toEqual(batches[i].images));
  });

  it('decodes up to `prefetch` batches ahead while the consumer holds a batch, and no further', async () => {
    for (const prefetch of [0, 1, 2]) {
      const decode = countingDecoder();
      const l = loader({ decode, prefetch, concurrency: 2, cache: null });
      const iterator = l.epoch(0)[Symbol.asyncIterator]();
      await iterator.next(); // the consumer now "trains" on batch 0
      await new Promise((r) => setTimeout(r, 50));
      expect(decode.calls).toBe(Math.min(N, 4 + prefetch * 4));
      await iterator.return?.();
    }
  });

  it('resumes an epoch at a batch: the remaining batches equal those of the whole epoch', async () => {
    const whole = await collect(loader().epoch(2));
    const resumed = await collect(loader().epoch(2, { startBatch: 1 }));
    expect(resumed.map((b) => b.indices)).toEqual(whole.slice(1).map((b) => b.indices));
    resumed.forEach((b, i) => expect(b.images).toEqual(whole[i + 1].images));
    expect(await collect(loader().epoch(2, { startBatch: 3 }))).toEqual([]);

    // A bad image already known to the loader is not counted in the skipped prefix.
    const corrupt = join(dir, 'corrupt-resume.png');
    await writeFile(corrupt, Buffer.from('garbage'));
    const list = [{ path: corrupt, label: 0, split: 'train' as const }, ...samples];
    const l = loader({}, list);
    const full = await collect(l.epoch(0));
    expect(l.skipped).toHaveLength(1);
    const tail = await collect(l.epoch(0, { startBatch: 1 }));
    expect(tail.map((b) => b.indices)).toEqual(full.slice(1).map((b) => b.indices));
  });

  it('can be left mid-epoch and used again', async () => {
    const l = loader({ prefetch: 2 });
    for await (const batch of l.epoch(0)) {
      expect(batch.size).toBe(4);
      break;
    }
    const full = await collect(l.epoch(0));
    expect(full.flatMap((b) => b.indices)).toEqual(l.epochOrder(0));
    expect(l.skipped).toEqual([]);
  });
});
