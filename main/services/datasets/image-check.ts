// Validates the image files a dataset lists, without decoding them for training (done elsewhere)
// and without ever writing: reads each file once, hashes it (for duplicate detection), checks the
// format's structure for truncation, and asks sharp for the header (or a full decode with deepCheck).
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import type { ProblemKind } from '../../../shared/datasets';
import { mapLimit } from './concurrency';
import { bmpInfo, isTruncated, sniffFormat, type ImageFormat } from './image-format';

export type ImageCheck =
  | { ok: true; size: number; sha1: string; format: ImageFormat; width: number; height: number }
  | { ok: false; kind: ProblemKind; message: string };

export interface CheckOptions {
  /** Decode the whole image (finds damage the structural walk cannot see, e.g. in TIFF). */
  deepCheck?: boolean;
}

const DEFAULT_CONCURRENCY = 8;

const bad = (kind: ProblemKind, message: string): ImageCheck => ({ ok: false, kind, message });

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? '';
}

function ioProblem(error: unknown): ImageCheck {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return bad('missing', 'listed by the dataset but not found on disk');
  if (code === 'EACCES' || code === 'EPERM') return bad('unreadable', 'cannot be read: permission denied');
  return bad('unreadable', `cannot be read (${code || (error as Error)?.message || 'I/O error'})`);
}

/** Reads a regular file in full; non-regular files (folders, pipes, devices) are refused without reading. */
async function readRegularFile(path: string): Promise<{ bytes: Buffer } | { problem: ImageCheck }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return { problem: ioProblem(error) };
  }
  try {
    const info = await handle.stat();
    // A named pipe would block a read forever; a folder is not an image either.
    if (!info.isFile()) return { problem: bad('unreadable', info.isDirectory() ? 'is a folder, not an image file' : 'is not a regular file') };
    if (info.size === 0) return { problem: bad('empty', 'the file is empty (0 bytes)') };
    return { bytes: await handle.readFile() };
  } catch (error) {
    return { problem: ioProblem(error) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function looksTruncatedMessage(message: string): boolean {
  return /truncat|premature end|unexpected end|end of (stream|file|data)|short read|not enough data/i.test(message);
}

/** Checks one image file; never throws. */
export async function checkImage(path: string, options: CheckOptions = {}): Promise<ImageCheck> {
  const read = await readRegularFile(path);
  if ('problem' in read) return read.problem;
  const { bytes } = read;
  if (bytes.length === 0) return bad('empty', 'the file is empty (0 bytes)');

  const format = sniffFormat(bytes);
  if (!format) return bad('not-an-image', 'not an image: the content is not JPEG, PNG, WebP, GIF, BMP or TIFF');
  if (isTruncated(bytes, format)) return bad('truncated', `the ${format.toUpperCase()} data ends early (file cut short)`);
  const sha1 = createHash('sha1').update(bytes).digest('hex');

  if (format === 'bmp') {
    // sharp has no BMP decoder; the header walk above is all we can check here.
    const info = bmpInfo(bytes);
    if (!info) return bad('not-an-image', 'damaged BMP header');
    return { ok: true, size: bytes.length, sha1, format, width: info.width, height: info.height };
  }

  let width = 0;
  let height = 0;
  try {
    const meta = await sharp(bytes, { failOn: 'none' }).metadata();
    width = meta.width ?? 0;
    height = meta.height ?? 0;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    return looksTruncatedMessage(message) ? bad('truncated', `the image data ends early (${message})`) : bad('not-an-image', `cannot be read as an image (${message})`);
  }
  if (width <= 0 || height <= 0) return bad('not-an-image', 'the image has no pixels');

  if (options.deepCheck) {
    try {
      // failOn 'error' rejects truncation and real decode errors, but not the harmless warnings
      // (e.g. "extraneous bytes before marker") that many camera JPEGs carry.
      await sharp(bytes, { failOn: 'error', limitInputPixels: false }).raw().toBuffer();
    } catch (error) {
      const message = (error as Error).message.split('\n')[0];
      return looksTruncatedMessage(message) ? bad('truncated', `the image data ends early (${message})`) : bad('not-an-image', `cannot be decoded (${message})`);
    }
  }
  return { ok: true, size: bytes.length, sha1, format, width, height };
}

/** Checks many images with bounded concurrency, reporting (done, total) after each. */
export async function checkImages(
  paths: readonly string[],
  options: CheckOptions & { onProgress?: (done: number, total: number) => void; concurrency?: number } = {},
): Promise<ImageCheck[]> {
  let done = 0;
  options.onProgress?.(0, paths.length);
  return mapLimit(paths, options.concurrency ?? DEFAULT_CONCURRENCY, async (path) => {
    const result = await checkImage(path, options);
    done++;
    options.onProgress?.(done, paths.length);
    return result;
  });
}
