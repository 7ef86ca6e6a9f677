import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageDecodeError, decodeImage, resizeShorterSideFor, type DecodedImage } from '../../../main/trainer/data';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mge-decode-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A raw RGB image whose pixel colour is given by a function. */
function rgb(width: number, height: number, colour: (x: number, y: number) => [number, number, number]) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

function pixel(image: DecodedImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * 3;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

async function save(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

const RED: [number, number, number] = [255, 0, 0];
const BLUE: [number, number, number] = [0, 0, 255];
const GREEN: [number, number, number] = [0, 255, 0];

describe('decodeImage', () => {
  it('applies EXIF orientation 6 (dimensions swapped, content rotated clockwise)', async () => {
    const tiny = await rgb(4, 2, () => RED).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const decoded = await decodeImage({ path: await save('tiny-o6.jpg', tiny) }, 2);
    expect([decoded.width, decoded.height]).toEqual([2, 4]);

    // 40×20, left half red, right half blue: upright it is 20×40, red on top, blue below.
    const jpg = await rgb(40, 20, (x) => (x < 20 ? RED : BLUE))
      .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const image = await decodeImage({ path: await save('o6.jpg', jpg) }, 20);
    expect([image.width, image.height]).toEqual([20, 40]);
    const [r0, , b0] = pixel(image, 10, 5);
    const [r1, , b1] = pixel(image, 10, 35);
    expect(r0).toBeGreaterThan(200);
    expect(b0).toBeLessThan(60);
    expect(b1).toBeGreaterThan(200);
    expect(r1).toBeLessThan(60);
  });

  it('replicates a 1-channel grey PNG into 3 channels', async () => {
    const grey = await sharp(Buffer.alloc(6 * 4, 90), { raw: { width: 6, height: 4, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const image = await decodeImage({ path: await save('grey.png', grey) }, 4);
    expect(image.data.length).toBe(image.width * image.height * 3);
    expect(pixel(image, 2, 2)).toEqual([90, 90, 90]);
  });

  it('converts a CMYK JPEG to RGB', async () => {
    const cmyk = await rgb(16, 16, () => [220, 30, 30]).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const image = await decodeImage({ path: await save('cmyk.jpg', cmyk) }, 16);
    expect(image.data.length).toBe(16 * 16 * 3);
    const [r, g, b] = pixel(image, 8, 8);
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(100);
    expect(b).toBeLessThan(100);
  });

  it('flattens RGBA onto white', async () => {
    const data = Buffer.alloc(8 * 4 * 4);
    for (let p = 0; p < 32; p++) data.set(p % 8 < 4 ? [255, 0, 0, 128] : [0, 0, 255, 0], p * 4);
    const png = await sharp(data, { raw: { width: 8, height: 4, channels: 4 } }).png().toBuffer();
    const image = await decodeImage({ path: await save('rgba.png', png) }, 4);
    expect(image.data.length).toBe(8 * 4 * 3);
    const [r, g, b] = pixel(image, 1, 1); // half-transparent red over white
    expect(r).toBeGreaterThan(245);
    expect(g).toBeGreaterThan(110);
    expect(g).toBeLessThan(145);
    expect(b).toBe(g);
    expect(pixel(image, 6, 1)).toEqual([255, 255, 255]); // fully transparent
  });

  it('decodes WebP', async () => {
    const webp = await rgb(12, 8, () => GREEN).webp({ lossless: true }).toBuffer();
    const image = await decodeImage({ path: await save('img.webp', webp) }, 8);
    expect([image.width, image.height]).toEqual([12, 8]);
    expect(pixel(image, 5, 5)).toEqual(GREEN);
  });

  it('crops cropBottom pixels from the (upright) bottom before resizing', async () => {
    const banner = await rgb(30, 25, (_, y) => (y >= 20 ? GREEN : RED)).png().toBuffer();
    const path = await save('banner.png', banner);
    const image = await decodeImage({ path, cropBottom: 5 }, 20);
    expect([image.width, image.height]).toEqual([30, 20]);
    for (let p = 0; p < image.width * image.height; p++) expect(image.data[p * 3 + 1]).toBe(0);
    const uncropped = await decodeImage({ path }, 25);
    expect(pixel(uncropped, 3, 24)).toEqual(GREEN);

    // Stored 25×30 and rotated by EXIF (6) into 30×25 upright with the green band at the bottom.
    const rotated = await rgb(25, 30, (x) => (x >= 20 ? GREEN : RED))
      .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const rotatedPath = await save('banner-o6.jpg', rotated);
    expect(pixel(await decodeImage({ path: rotatedPath }, 25), 15, 24)[1]).toBeGreaterThan(200);
    const upright = await decodeImage({ path: rotatedPath, cropBottom: 6 }, 19);
    expect([upright.width, upright.height]).toEqual([30, 19]);
    for (let p = 0; p < upright.width * upright.height; p++) expect(upright.data[p * 3 + 1]).toBeLessThan(60);
  });

  it('resizes the shorter side, keeping the aspect ratio, up or down', async () => {
    const landscape = await save('land.png', await rgb(40, 20, () => RED).png().toBuffer());
    const portrait = await save('port.png', await rgb(20, 40, () => RED).png().toBuffer());
    const small = await save('small.png', await rgb(8, 6, () => RED).png().toBuffer());
    const a = await decodeImage({ path: landscape }, 10);
    const b = await decodeImage({ path: portrait }, 10);
    const c = await decodeImage({ path: small }, 12);
    expect([a.width, a.height]).toEqual([20, 10]);
    expect([b.width, b.height]).toEqual([10, 20]);
    expect([c.width, c.height]).toEqual([16, 12]);
    expect(a.data.length).toBe(20 * 10 * 3);
    expect(resizeShorterSideFor(448)).toBe(512);
    expect(resizeShorterSideFor(48)).toBe(55);
  });

  it('rejects bad files with an ImageDecodeError naming the file', async () => {
    const garbage = await save('garbage.jpg', Buffer.from('this is not an image'));
    await expect(decodeImage({ path: garbage }, 8)).rejects.toThrow(ImageDecodeError);
    await expect(decodeImage({ path: garbage }, 8)).rejects.toThrow(garbage);
    const missing = join(dir, 'missing.png');
    await expect(decodeImage({ path: missing }, 8)).rejects.toThrow(missing);
    const full = await rgb(64, 64, (x, y) => [x * 4, y * 4, (x * y) % 256]).jpeg().toBuffer();
    const truncated = await save('truncated.jpg', full.subarray(0, full.length >> 1));
    await expect(decodeImage({ path: truncated }, 8)).rejects.toThrow(ImageDecodeError);
    const short = await save('short.png', await rgb(8, 8, () => RED).png().toBuffer());
    await expect(decodeImage({ path: short, cropBottom: 8 }, 8)).rejects.toThrow(/cropBottom/);
  });
});
