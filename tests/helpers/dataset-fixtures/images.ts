// Tiny real image files for dataset fixtures (sharp-encoded, 8×8 by default), every one with
// distinct pixels so that only the duplicates a test plants are duplicates, and the broken files
// the importers must report.
import { mkdir, writeFile, copyFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import type { ProblemKind } from '../../../shared/datasets';

/** Encodings the importers must accept. */
export const IMAGE_KINDS = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'bmp', 'grey-jpeg', 'cmyk-jpeg', 'exif-rotated-jpeg'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

/** Bad files a fixture can plant; each is reported with the problem kind of the same name. */
export const BROKEN_FILE_KINDS = ['truncated', 'empty', 'not-an-image', 'missing', 'unreadable', 'duplicate'] as const;
export type BrokenFileKind = (typeof BROKEN_FILE_KINDS)[number];
/** Everything a fixture can break: files, plus an empty class and a malformed annotation line. */
export type BrokenKind = BrokenFileKind | Extract<ProblemKind, 'empty-class' | 'bad-annotation'>;

let counter = 0;

/** Deterministic noise pixels; each call gets a new seed unless one is given. */
function noise(width: number, height: number, channels: number, seed = ++counter): Buffer {
  const out = Buffer.alloc(width * height * channels);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A 24-bit uncompressed BMP (sharp cannot write BMP). */
function bmp(width: number, height: number, pixels: Buffer): Buffer {
  const rowSize = Math.ceil((24 * width) / 32) * 4;
  const dataSize = rowSize * height;
  const out = Buffer.alloc(54 + dataSize);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(dataSize, 34);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = ((height - 1 - y) * width + x) * 3;
      const dst = 54 + y * rowSize + x * 3;
      out[dst] = pixels[src + 2];
      out[dst + 1] = pixels[src + 1];
      out[dst + 2] = pixels[src];
    }
  }
  return out;
}

export interface ImageOptions {
  width?: number;
  height?: number;
  seed?: number;
}

/** Encoded bytes of a small noise image of the given kind. */
export async function imageBytes(kind: ImageKind = 'jpeg', options: ImageOptions = {}): Promise<Buffer> {
  const width = options.width ?? 8;
  const height = options.height ?? 8;
  const pixels = noise(width, height, 3, options.seed);
  if (kind === 'bmp') return bmp(width, height, pixels);
  const img = sharp(pixels, { raw: { width, height, channels: 3 } });
  switch (kind) {
    case 'jpeg':
      return img.jpeg().toBuffer();
    case 'png':
      return img.png().toBuffer();
    case 'webp':
      return img.webp().toBuffer();
    case 'gif':
      return img.gif().toBuffer();
    case 'tiff':
      return img.tiff().toBuffer();
    case 'grey-jpeg':
      return img.toColourspace('b-w').jpeg().toBuffer();
    case 'cmyk-jpeg':
      return img.toColourspace('cmyk').jpeg().toBuffer();
    case 'exif-rotated-jpeg':
      return img.withMetadata({ orientation: 6 }).jpeg().toBuffer();
  }
}

/** Conventional file extension of a kind. */
export function extensionOf(kind: ImageKind): string {
  return { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', tiff: 'tif', bmp: 'bmp', 'grey-jpeg': 'jpg', 'cmyk-jpeg': 'jpg', 'exif-rotated-jpeg': 'jpeg' }[kind];
}

export async function writeImage(path: string, kind: ImageKind = 'jpeg', options: ImageOptions = {}): Promise<Buffer> {
  const bytes = await imageBytes(kind, options);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return bytes;
}

/** A JPEG whose header is intact (sharp's metadata() succeeds) but whose scan data is cut short. */
export async function truncatedJpegBytes(): Promise<Buffer> {
  const full = await imageBytes('jpeg', { width: 48, height: 48 });
  return full.subarray(0, Math.floor(full.length * 0.6));
}

/**
 * Writes a broken file at `path`: truncated JPEG, empty file, text named like an image, nothing
 * (missing), a folder where a file is expected (unreadable, even for root), or a copy of
 * `duplicateOf` (duplicate).
 */
export async function writeBrokenFile(path: string, kind: BrokenFileKind, duplicateOf?: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  switch (kind) {
    case 'truncated':
      return writeFile(path, await truncatedJpegBytes());
    case 'empty':
      return writeFile(path, Buffer.alloc(0));
    case 'not-an-image':
      return writeFile(path, 'This is a text file with an image extension.\n');
    case 'missing':
      return;
    case 'unreadable':
      await mkdir(path, { recursive: true });
      return;
    case 'duplicate':
      if (!duplicateOf) throw new Error('writeBrokenFile: duplicate needs the file to copy');
      return copyFile(duplicateOf, path);
  }
}
