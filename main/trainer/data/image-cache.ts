// In-memory cache of decoded, resized images: decoding (file read + JPEG decode + resize) costs far
// more than a crop, and every epoch reads every image again, so after the first epoch most images
// come from here. Bounded by a byte budget with least-recently-used eviction, because a full
// dataset at 448 px (e.g. CUB: ~6 GB of bytes) rarely fits.

import type { DecodedImage } from './decode';

export const DEFAULT_CACHE_BYTES = 1.5 * 1024 ** 3;

export interface ImageCacheOptions {
  /** Most bytes of pixel data kept (default 1.5 GiB); 0 disables caching. */
  maxBytes?: number;
}

export interface ImageCacheStats {
  /** Requests answered from the cache (including ones that joined a decode already in flight). */
  hits: number;
  /** Requests that had to decode. */
  misses: number;
  /** Entries dropped to stay within the budget. */
  evictions: number;
  /** Bytes of pixel data held now. */
  bytes: number;
  /** Images held now. */
  entries: number;
  maxBytes: number;
}

export class ImageCache {
  readonly maxBytes: number;
  // A Map iterates in insertion order: re-inserting on every use keeps the least recent first.
  private readonly entries = new Map<string, DecodedImage>();
  // Decodes in flight, so that two concurrent requests for one image decode it once.
  private readonly pending = new Map<string, Promise<DecodedImage>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(options: ImageCacheOptions = {}) {
    const maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    if (!(maxBytes >= 0)) throw new RangeError(`cache maxBytes must be 0 or more, got ${maxBytes}`);
    this.maxBytes = maxBytes;
  }

  /** The cached image, marked as just used; undefined when absent. Does not count in the stats. */
  get(key: string): DecodedImage | undefined {
    const image = this.entries.get(key);
    if (image) this.touch(key, image);
    return image;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Stores an image, evicting the least recently used ones beyond the budget. An image larger than
   * the whole budget is not stored (it would only evict everything else).
   */
  set(key: string, image: DecodedImage): void {
    const size = image.data.byteLength;
    this.delete(key);
    if (size > this.maxBytes) return;
    this.entries.set(key, image);
    this.bytes += size;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= old.data.byteLength;
      this.evictions++;
    }
  }

  delete(key: string): boolean {
    const image = this.entries.get(key);
    if (!image) return false;
    this.entries.delete(key);
    this.bytes -= image.data.byteLength;
    return true;
  }

  /**
   * The cached image for `key`, or the result of `load()` (then cached). Failures are not cached:
   * the caller decides what to remember about bad files.
   */
  async getOrLoad(key: string, load: () => Promise<DecodedImage>): Promise<DecodedImage> {
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      this.touch(key, cached);
      return cached;
    }
    const inFlight = this.pending.get(key);
    if (inFlight) {
      this.hits++;
      return inFlight;
    }
    this.misses++;
    const promise = load().then(
      (image) => {
        this.pending.delete(key);
        this.set(key, image);
        return image;
      },
      (error: unknown) => {
        this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, promise);
    return promise;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): ImageCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
      bytes: this.bytes,
      entries: this.entries.size,
      maxBytes: this.maxBytes,
    };
  }

  private touch(key: string, image: DecodedImage): void {
    this.entries.delete(key);
    this.entries.set(key, image);
  }
}

/** The cache key of a decoded image: the same file decoded at another size or crop is another entry. */
export function imageCacheKey(path: string, resizeShorterSide: number, cropBottom = 0): string {
  return `${resizeShorterSide}|${cropBottom}|${path}`;
}
