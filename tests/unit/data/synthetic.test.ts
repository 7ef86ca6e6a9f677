import { mkdtemp, readFile, readdir, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../shared/random';
import {
  SYNTHETIC_MANIFEST,
  birdClasses,
  decodeImage,
  ensureSyntheticDataset,
  generateSyntheticDataset,
  readSyntheticSamples,
  renderBird,
  type SyntheticManifest,
} from '../../../main/trainer/data';

const PARAMS = { classes: 3, trainPerClass: 3, testPerClass: 2, imageSize: 32, seed: 5 };
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mge-synthetic-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every file under `dir` (relative path → bytes). */
async function snapshot(dir: string, prefix = ''): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of await snapshot(dir, relative)) out.set(k, v);
    else if (entry.isFile()) out.set(relative, await readFile(join(dir, relative)));
  }
  return out;
}

describe('synthetic classes', () => {
  it('names classes by their distinguishing details, all distinct', () => {
    const eight = birdClasses(8);
    expect(eight[0].name).toBe('class-00-red-round-crest-plain-wing');
    expect(new Set(eight.map((c) => `${c.crestColour}/${c.crestShape}/${c.wing}`)).size).toBe(8);
    expect(new Set(eight.map((c) => c.name)).size).toBe(8);
    const two = birdClasses(2);
    expect(two[0].crestShape).toBe(two[1].crestShape);
    expect(two[0].wing).toBe(two[1].wing);
    expect(new Set(birdClasses(36).map((c) => c.name)).size).toBe(36);
    expect(() => birdClasses(1)).toThrow(RangeError);
    expect(() => birdClasses(37)).toThrow(RangeError);
  });

  it('classes differ only in a small local part of an otherwise identical picture', () => {
    const [a, b, , , e] = birdClasses(8);
    const size = 64;
    for (const other of [b, e]) {
      const x = renderBird(a, size, new Rng('same'));
      const y = renderBird(other, size, new Rng('same'));
      let changed = 0;
      let [x0, y0, x1, y1] = [size, size, -1, -1];
      for (let p = 0; p < size * size; p++) {
        if (x[p * 3] === y[p * 3] && x[p * 3 + 1] === y[p * 3 + 1] && x[p * 3 + 2] === y[p * 3 + 2]) continue;
        changed++;
        const px = p % size;
        const py = Math.floor(p / size);
        [x0, y0, x1, y1] = [Math.min(x0, px), Math.min(y0, py), Math.max(x1, px), Math.max(y1, py)];
      }
      expect(changed).toBeGreaterThan(8); // visible...
      expect(x1 - x0).toBeLessThan(size / 4); // ...but local
      expect(y1 - y0).toBeLessThan(size / 4);
    }
  });
});

describe('generateSyntheticDataset', () => {
  it('writes byte-identical PNGs for the same seed, and others for another seed', async () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    const c = join(root, 'c');
    await generateSyntheticDataset({ ...PARAMS, outDir: a, concurrency: 1 });
    await generateSyntheticDataset({ ...PARAMS, outDir: b, concurrency: 4 });
    await generateSyntheticDataset({ ...PARAMS, seed: 6, outDir: c });
    const [sa, sb, sc] = await Promise.all([snapshot(a), snapshot(b), snapshot(c)]);
    expect([...sa.keys()].sort()).toEqual([...sb.keys()].sort());
    for (const [name, bytes] of sa) expect(bytes.equals(sb.get(name)!)).toBe(true);
    const png = [...sa.keys()].find((k) => k.endsWith('.png'))!;
    expect(sa.get(png)!.equals(sc.get(png)!)).toBe(false);
  });

  it('lays out train/ and test/ folders per class that decode as images', async () => {
    const dir = join(root, 'a');
    const manifest = JSON.parse(await readFile(join(dir, SYNTHETIC_MANIFEST), 'utf8')) as SyntheticManifest;
    expect(manifest.params).toEqual(PARAMS);
    expect(manifest.classes).toEqual(birdClasses(3).map((c) => c.name));
    expect(manifest.counts).toEqual({ train: 9, test: 6 });
    expect((await readdir(dir)).sort()).toEqual([SYNTHETIC_MANIFEST, 'test', 'train']);
    for (const [split, count] of [['train', 3], ['test', 2]] as const) {
      expect((await readdir(join(dir, split))).sort()).toEqual(manifest.classes);
      for (const name of manifest.classes) expect(await readdir(join(dir, split, name))).toHaveLength(count);
    }
    const { classes, samples } = await readSyntheticSamples(dir);
    expect(classes).toEqual(manifest.classes);
    expect(samples.filter((s) => s.split === 'train')).toHaveLength(9);
    expect(samples.filter((s) => s.split === 'test')).toHaveLength(6);
    expect(samples.filter((s) => s.label === 2)).toHaveLength(5);
    const image = await decodeImage(samples[0], 32);
    expect([image.width, image.height]).toEqual([32, 32]);
  });
});

describe('ensureSyntheticDataset', () => {
  it('generates once, reuses a complete folder and regenerates an incomplete one', async () => {
    const cacheRoot = join(root, 'cache');
    const first = await ensureSyntheticDataset(cacheRoot, PARAMS);
    expect(first.reused).toBe(false);
    expect(first.classes).toHaveLength(3);
    const probe = join(first.dir, 'train', first.classes[1], '0002.png');
    const before = await stat(probe);

    const second = await ensureSyntheticDataset(cacheRoot, PARAMS);
    expect(second).toEqual({ ...first, reused: true });
    expect((await stat(probe)).mtimeMs).toBe(before.mtimeMs);

    await unlink(probe);
    const third = await ensureSyntheticDataset(cacheRoot, PARAMS);
    expect(third.reused).toBe(false);
    expect(third.dir).toBe(first.dir);
    expect((await snapshot(first.dir)).size).toBe(3 * 5 + 1);
    expect(await readFile(probe)).toEqual(await readFile(join(root, 'a', 'train', first.classes[1], '0002.png')));

    const other = await ensureSyntheticDataset(cacheRoot, { ...PARAMS, seed: 9 });
    expect(other.dir).not.toBe(first.dir);
    expect((await readdir(cacheRoot)).filter((n) => n.startsWith('.'))).toEqual([]); // no temp leftovers
  });
});
