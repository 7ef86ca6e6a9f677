// Cheap structural checks on image bytes: which format the content really is (by magic number, not
// extension) and whether the data ends early. sharp's metadata() only reads headers and succeeds on
// a JPEG cut in half, so without these walks a truncated file would pass unless deepCheck decodes it.

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'tiff';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(buf: Uint8Array, bytes: number[], at = 0): boolean {
  if (buf.length < at + bytes.length) return false;
  return bytes.every((b, i) => buf[at + i] === b);
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The format the bytes are in, or null when they are no image format we accept. */
export function sniffFormat(buf: Uint8Array): ImageFormat | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, PNG_SIGNATURE)) return 'png';
  if (startsWith(buf, ascii('GIF87a')) || startsWith(buf, ascii('GIF89a'))) return 'gif';
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(buf, ascii('BM')) && buf.length >= 26) return 'bmp';
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  return null;
}

/**
 * True when the data ends before the format's end (JPEG EOI marker, PNG IEND chunk, GIF trailer,
 * the RIFF/BMP declared size); false when complete; null when the format has no cheap check (TIFF).
 */
export function isTruncated(buf: Uint8Array, format: ImageFormat): boolean | null {
  switch (format) {
    case 'jpeg':
      return !jpegReachesEnd(buf);
    case 'png':
      return !pngReachesEnd(buf);
    case 'gif':
      return buf[buf.length - 1] !== 0x3b;
    case 'webp':
      return buf.length < readU32LE(buf, 4) + 8;
    case 'bmp': {
      const info = bmpInfo(buf);
      return info === null ? true : buf.length < info.minimumBytes;
    }
    default:
      return null;
  }
}

function readU16BE(buf: Uint8Array, at: number): number {
  return (buf[at] << 8) | buf[at + 1];
}
function readU32BE(buf: Uint8Array, at: number): number {
  return ((buf[at] << 24) >>> 0) + ((buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]);
}
function readU32LE(buf: Uint8Array, at: number): number {
  return ((buf[at + 3] << 24) >>> 0) + ((buf[at + 2] << 16) | (buf[at + 1] << 8) | buf[at]);
}
function readI32LE(buf: Uint8Array, at: number): number {
  return buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24);
}

/**
 * Walks JPEG marker segments by their lengths (so EXIF thumbnails inside APP1 are skipped whole) and
 * entropy-coded scans byte-stuffing-aware, and says whether the EOI marker is reached. Bytes after EOI
 * (some cameras append data) are fine.
 */
function jpegReachesEnd(buf: Uint8Array): boolean {
  let pos = 2;
  const n = buf.length;
  while (pos < n) {
    if (buf[pos] !== 0xff) {
      // Garbage between segments: libjpeg skips it with a warning, so do we.
      const next = buf.indexOf(0xff, pos);
      if (next < 0) return false;
      pos = next;
    }
    while (pos < n && buf[pos] === 0xff) pos++; // fill bytes
    if (pos >= n) return false;
    const marker = buf[pos];
    pos++;
    if (marker === 0xd9) return true; // EOI
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (pos + 2 > n) return false;
    const length = readU16BE(buf, pos);
    if (length < 2 || pos + length > n) return false;
    pos += length;
    if (marker === 0xda) {
      // Entropy-coded data: 0xFF is followed by 0x00 (stuffing) or RSTn inside a scan; anything else is a marker.
      for (;;) {
        const ff = buf.indexOf(0xff, pos);
        if (ff < 0 || ff + 1 >= n) return false;
        const next = buf[ff + 1];
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
          pos = ff + 2;
        } else if (next === 0xff) {
          pos = ff + 1;
        } else {
          pos = ff;
          break;
        }
      }
    }
  }
  return false;
}

/** Walks PNG chunks by length and says whether IEND is reached in full. */
function pngReachesEnd(buf: Uint8Array): boolean {
  let pos = 8;
  while (pos + 8 <= buf.length) {
    const length = readU32BE(buf, pos);
    const isEnd = buf[pos + 4] === 0x49 && buf[pos + 5] === 0x45 && buf[pos + 6] === 0x4e && buf[pos + 7] === 0x44;
    const next = pos + 12 + length;
    if (next > buf.length) return false;
    if (isEnd) return true;
    pos = next;
  }
  return false;
}

export interface BmpInfo {
  width: number;
  height: number;
  bitsPerPixel: number;
  /** Bytes a complete file must have (pixel offset + pixel rows, or the declared size when compressed). */
  minimumBytes: number;
}

/** Reads a BMP header (sharp has no BMP decoder, so BMP files are checked from their header only). */
export function bmpInfo(buf: Uint8Array): BmpInfo | null {
  if (buf.length < 26) return null;
  const fileSize = readU32LE(buf, 2);
  const pixelOffset = readU32LE(buf, 10);
  const dibSize = readU32LE(buf, 14);
  let width: number;
  let height: number;
  let bitsPerPixel: number;
  let compression = 0;
  if (dibSize === 12) {
    width = buf[18] | (buf[19] << 8);
    height = buf[20] | (buf[21] << 8);
    bitsPerPixel = buf[24] | (buf[25] << 8);
  } else if (dibSize >= 40 && buf.length >= 34) {
    width = readI32LE(buf, 18);
    height = Math.abs(readI32LE(buf, 22));
    bitsPerPixel = buf[28] | (buf[29] << 8);
    compression = readU32LE(buf, 30);
  } else {
    return null;
  }
  if (width <= 0 || height <= 0 || ![1, 2, 4, 8, 16, 24, 32].includes(bitsPerPixel)) return null;
  // Uncompressed rows are padded to 4 bytes; compressed (RLE) sizes are only known from the header.
  const pixelBytes = compression === 0 || compression === 3 ? Math.ceil((bitsPerPixel * width) / 32) * 4 * height : 0;
  // The declared file size is only trusted for compressed data: some writers fill it in wrongly.
  const minimumBytes = pixelBytes > 0 ? pixelOffset + pixelBytes : Math.max(fileSize, pixelOffset);
  return { width, height, bitsPerPixel, minimumBytes };
}
