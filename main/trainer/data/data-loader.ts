// Batches of one split for the training loop: seeded per-epoch order, per-sample augmentation,
// bounded parallel decoding that runs ahead of the consumer (prefetch), a shared decoded-image
// cache, and bad images skipped and listed instead of failing the run.
//
// Reproducibility: the order of epoch e and the augmentation of sample i in epoch e are drawn from
// generators seeded by (seed, e) and (seed, e, i), never from a running generator. So resuming at
// epoch k gives the batches an uninterrupted run would have given, and neither the decode
// concurrency nor the timing of decodes can change what a batch contains.

import { Rng } from '../../../shared/random';
import type { DatasetSample } from '../../../shared/datasets';
import { decodeImage, resizeShorterSideFor, type DecodedImage } from './decode';
import { ImageCache, imageCacheKey } from './image-cache';
import { centerCropSpec, ensureMinSide, randomCropSpec, writeNormalisedCrop } from './transforms';

/** One batch, ready to be wrapped as tf.tensor4d(images, [size, imgSize, imgSize, 3]). */
export interface Batch {
  /** size·imgSize·imgSize·3 floats, NHWC, ImageNet-normalised. Freshly allocated per batch. */
  images: Float32Array;
  /** Class index of each image. */
  labels: Int32Array;
  /** Index into the loader's `samples` of each image. */
  indices: number[];
  /** Images in this batch (batchSize except, possibly, the last one). */
  size: number;
}

export interface SkippedImage {
  /** Index into the loader's `samples`. */
  index: number;
  path: string;
  reason: string;
}

export type DecodeFn = (sample: DatasetSample, resizeShorterSide: number) => Promise<DecodedImage>;

export interface DataLoaderOptions {
  /** Side of the square crop fed to the network. */
  imgSize: number;
  batchSize: number;
  /** Random crop + flip when true, centre crop when false. */
  training: boolean;
  /**
   * Source of the loader's seed. Its state is read once, at construction, without advancing it;
   * pass the same generator (same state) when resuming, or give `seed` explicitly.
   */
  rng: Rng;
  /** Overrides the seed taken from `rng`. */
  seed?: number | string;
  /** Visit the samples in a seeded random order per epoch (else in the given order). */
  shuffle: boolean;
  /** Drop the last batch of an epoch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Batches decoded ahead while the consumer works on the current one (default 2). */
  prefetch?: number;
  /** Images decoded at the same time (default 4, libuv's default thread pool size). */
  concurrency?: number;
  /**
   * Decoded-image cache; share one between the loaders of a run. Default: a private cache with the
   * default budget; null disables caching.
   */
  cache?: ImageCache | null;
  /** Shorter side images are resized to before cropping (default round(imgSize·512/448)). */
  resizeShorterSide?: number;
  /** Decoder (default decodeImage); replaceable for tests and other sources. */
  decode?: DecodeFn;
  /** Called once per bad image, when it is first found. */
  onSkip?: (skipped: SkippedImage) => void;
}

type Outcome = { ok: true; image: DecodedImage } | { ok: false; reason: string };

export class DataLoader {
  readonly samples: readonly DatasetSample[];
  readonly imgSize: number;
  readonly batchSize: number;
  readonly training: boolean;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly prefetch: number;
  readonly concurrency: number;
  readonly resizeShorterSide: number;
  readonly cache: ImageCache | null;
  /** The seed every order and augmentation of this loader derives from. */
  readonly seed: string;
  private readonly decode: DecodeFn;
  private readonly onSkip?: (skipped: SkippedImage) => void;
  private readonly bad = new Map<number, SkippedImage>();

  constructor(samples: readonly DatasetSample[], options: DataLoaderOptions) {
    this.samples = samples;
    this.imgSize = wholeNumber('imgSize', options.imgSize, 1);
    this.batchSize = wholeNumber('batchSize', options.batchSize, 1);
    this.training = options.training;
    this.shuffle = options.shuffle;
    this.dropLast = options.dropLast ?? false;
    this.prefetch = wholeNumber('prefetch', options.prefetch ?? 2, 0);
    this.concurrency = wholeNumber('concurrency', options.concurrency ?? 4, 1);
    this.resizeShorterSide = wholeNumber('resizeShorterSide', options.resizeShorterSide ?? resizeShorterSideFor(this.imgSize), 1);
    this.cache = options.cache === undefined ? new ImageCache() : options.cache;
    this.decode = options.decode ?? decodeImage;
    this.onSkip = options.onSkip;
    // A copy, so that the caller's generator is neither advanced nor tied to this loader.
    this.seed = options.seed !== undefined ? String(options.seed) : Rng.fromState(options.rng.getState()).nextUint32().toString(16);
  }

  /** Bad images found so far (each listed once, by sample index), with the reason. */
  get skipped(): SkippedImage[] {
    return [...this.bad.values()].sort((a, b) => a.index - b.index);
  }

  /** Batches per epoch, counting the images known to be bad as absent. */
  get batchesPerEpoch(): number {
    const usable = this.samples.length - this.bad.size;
    return this.dropLast ? Math.floor(usable / this.batchSize) : Math.ceil(usable / this.batchSize);
  }

  /** The order in which epoch `epochIndex` visits the samples: a function of (seed, epoch) only. */
  epochOrder(epochIndex: number): number[] {
    wholeNumber('epochIndex', epochIndex, 0);
    const order = this.samples.map((_, i) => i);
    if (this.shuffle) new Rng(`${this.seed}:order:${epochIndex}`).shuffle(order);
    return order;
  }

  /** The generator of sample `index`'s augmentation in epoch `epochIndex`. */
  augmentRng(epochIndex: number, index: number): Rng {
    return new Rng(`${this.seed}:augment:${epochIndex}:${index}`);
  }

  /**
   * The batches of one epoch, in the epoch's order, augmented when training. `startBatch` resumes
   * an epoch stopped mid-way: the first startBatch·batchSize usable images of the order are passed
   * over without decoding, so the batches that follow are those the uninterrupted epoch gave —
   * exactly so unless an image in that prefix is bad and not yet known to this loader (a fresh
   * process), which shifts the rest of the epoch by one image per such file.
   */
  epoch(epochIndex: number, options: { startBatch?: number } = {}): AsyncIterable<Batch> {
    const order = this.epochOrder(epochIndex);
    const startBatch = wholeNumber('startBatch', options.startBatch ?? 0, 0);
    return this.batches(order, epochIndex, this.training, this.dropLast, startBatch);
  }

  /** Every sample once, in the given order, centre-cropped, the last partial batch kept. */
  evaluationBatches(): AsyncIterable<Batch> {
    return this.batches(this.samples.map((_, i) => i), 0, false, false, 0);
  }

  /** The first position of `order` after `images` usable images (known-bad ones not counted). */
  private positionAfter(order: number[], images: number): number {
    let pos = 0;
    for (let counted = 0; pos < order.length && counted < images; pos++) {
      if (!this.bad.has(order[pos])) counted++;
    }
    return pos;
  }

  private async *batches(order: number[], epochIndex: number, augment: boolean, dropLast: boolean, startBatch: number): AsyncGenerator<Batch> {
    const B = this.batchSize;
    const S = this.imgSize;
    const floatsPerImage = S * S * 3;
    const limiter = new Limiter(this.concurrency);
    const outcomes: Array<Promise<Outcome> | undefined> = new Array(order.length);
    const firstPos = this.positionAfter(order, startBatch * B);
    let started = firstPos;
    // Starts the decodes of every position below `end`; they run (at most `concurrency` at once)
    // while this generator waits or is suspended at a yield, i.e. while the consumer trains.
    const startUpTo = (end: number) => {
      for (const stop = Math.min(end, order.length); started < stop; started++) {
        outcomes[started] = this.load(order[started], limiter);
      }
    };

    let images = new Float32Array(B * floatsPerImage);
    let labels = new Int32Array(B);
    let indices: number[] = [];
    let usable = 0;
    try {
      for (let pos = firstPos; pos < order.length; pos++) {
        // In flight: the rest of the current batch plus `prefetch` batches (assuming no bad images).
        startUpTo(pos + (B - indices.length) + this.prefetch * B);
        const outcome = await outcomes[pos]!;
        outcomes[pos] = undefined; // let the decoded image go once it is in a batch
        if (!outcome.ok) continue;
        usable++;
        const index = order[pos];
        const image = ensureMinSide(outcome.image, S);
        const spec = augment ? randomCropSpec(image, S, this.augmentRng(epochIndex, index)) : centerCropSpec(image, S);
        writeNormalisedCrop(image, spec, images, indices.length * floatsPerImage);
        labels[indices.length] = this.samples[index].label;
        indices.push(index);
        if (indices.length === B) {
          startUpTo(pos + 1 + this.prefetch * B);
          yield { images, labels, indices, size: B };
          images = new Float32Array(B * floatsPerImage);
          labels = new Int32Array(B);
          indices = [];
        }
      }
      if (firstPos === 0 && order.length > 0 && usable === 0) {
        throw new Error(`none of the ${order.length} images could be decoded; first problem: ${this.skipped[0]?.reason ?? 'unknown'}`);
      }
      if (indices.length > 0 && !dropLast) {
        const size = indices.length;
        yield { images: images.slice(0, size * floatsPerImage), labels: labels.slice(0, size), indices, size };
      }
    } finally {
      // The consumer may stop early (break, error): do not start the decodes still queued.
      limiter.cancel();
    }
  }

  /** Decodes (or fetches from the cache) one sample; never rejects, bad images become outcomes. */
  private async load(index: number, limiter: Limiter): Promise<Outcome> {
    const known = this.bad.get(index);
    if (known) return { ok: false, reason: known.reason };
    const sample = this.samples[index];
    const decode = () => limiter.run(() => this.decode(sample, this.resizeShorterSide));
    try {
      const image = this.cache
        ? await this.cache.getOrLoad(imageCacheKey(sample.path, this.resizeShorterSide, sample.cropBottom ?? 0), decode)
        : await decode();
      return { ok: true, image };
    } catch (error) {
      if (error instanceof CancelledError) {
        if (limiter.isCancelled) return { ok: false, reason: error.message };
        // We joined, through the shared cache, a decode that another (abandoned) epoch cancelled.
        return this.load(index, limiter);
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (!this.bad.has(index)) {
        const skipped = { index, path: sample.path, reason };
        this.bad.set(index, skipped);
        this.onSkip?.(skipped);
      }
      return { ok: false, reason };
    }
  }
}

class CancelledError extends Error {
  constructor() {
    super('cancelled: the epoch was left before this image was decoded');
  }
}

/** Runs at most `limit` tasks at once, in the order they were submitted. */
class Limiter {
  private active = 0;
  private cancelled = false;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      if (this.cancelled) throw new CancelledError();
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next(); // hand the slot over directly
      else this.active--;
    }
  }

  cancel(): void {
    this.cancelled = true;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
  return value;
}
