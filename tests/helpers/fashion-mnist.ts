// Real labelled images for end-to-end tests: a class-balanced subset of Debian's dataset-fashion-mnist
// (MIT), written as a folder-per-class dataset with train/ and test/ (28×28 grey PNGs).
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_CLASSES = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle-boot'];

export const fashionMnistAvailable = () => existsSync(path.join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz'));

async function readIdx(file: string): Promise<{ dims: number[]; data: Uint8Array }> {
  const bytes = gunzipSync(await fs.readFile(path.join(FASHION_MNIST_DIR, file)));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dimensions = bytes[3];
  const dims = Array.from({ length: dimensions }, (_, i) => view.getUint32(4 + 4 * i));
  return { dims, data: bytes.subarray(4 + 4 * dimensions) };
}

/** Writes `perClass` train and `testPerClass` test images of `classes` classes under `outDir`. */
export async function writeFashionMnistSubset(outDir: string, options: { classes: number; perClass: number; testPerClass: number }): Promise<void> {
  for (const [split, prefix, count] of [['train', 'train', options.perClass], ['test', 't10k', options.testPerClass]] as const) {
    const images = await readIdx(`${prefix}-images-idx3-ubyte.gz`);
    const labels = await readIdx(`${prefix}-labels-idx1-ubyte.gz`);
    const [, rows, cols] = images.dims;
    const taken = new Array<number>(options.classes).fill(0);
    for (let i = 0; i < labels.data.length && taken.some((t) => t < count); i++) {
      const label = labels.data[i];
      if (label >= options.classes || taken[label] >= count) continue;
      const dir = path.join(outDir, split, FASHION_MNIST_CLASSES[label]);
      await fs.mkdir(dir, { recursive: true });
      const pixels = images.data.subarray(i * rows * cols, (i + 1) * rows * cols);
      await sharp(Buffer.from(pixels), { raw: { width: cols, height: rows, channels: 1 } }).png().toFile(path.join(dir, `${String(i).padStart(5, '0')}.png`));
      taken[label]++;
    }
  }
}
