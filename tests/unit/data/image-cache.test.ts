import { describe, expect, it } from 'vitest';
import { ImageCache, imageCacheKey, type DecodedImage } from '../../../main/trainer/data';

const image = (bytes: number): DecodedImage => ({ data: new Uint8Array(bytes), width: bytes / 3, height: 1 });

describe('ImageCache', () => {
  it('evicts the least recently used entries beyond its byte budget', () => {
    const cache = new ImageCache({ maxBytes: 300 });
    cache.set('a', image(120));
    cache.set('b', image(120));
    expect(cache.get('a')).toBeDefined(); // a is now more recent than b
    cache.set('c', image(120));
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.has('c')).toBe(true);
    expect(cache.stats()).toMatchObject({ bytes: 240, entries: 2, evictions: 1, maxBytes: 300 });
    cache.set('huge', image(600)); // larger than the whole budget: not kept, nothing evicted
    expect(cache.has('huge')).toBe(false);
    expect(cache.stats().entries).toBe(2);
  });

  it('counts hits and misses and decodes a key once even when asked concurrently', async () => {
    const cache = new ImageCache({ maxBytes: 1000 });
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return image(30);
    };
    const [x, y] = await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
    expect(x).toBe(y);
    await cache.getOrLoad('k', load);
    expect(loads).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1, bytes: 30, entries: 1 });
  });

  it('does not cache failures, and a zero budget disables caching', async () => {
    const cache = new ImageCache({ maxBytes: 1000 });
    await expect(cache.getOrLoad('bad', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(cache.has('bad')).toBe(false);
    const off = new ImageCache({ maxBytes: 0 });
    await off.getOrLoad('k', async () => image(3));
    await off.getOrLoad('k', async () => image(3));
    expect(off.stats()).toMatchObject({ misses: 2, hits: 0, entries: 0 });
    expect(imageCacheKey('/a.png', 55)).not.toBe(imageCacheKey('/a.png', 56));
    expect(imageCacheKey('/a.png', 55, 20)).not.toBe(imageCacheKey('/a.png', 55));
  });
});
