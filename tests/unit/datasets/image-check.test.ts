import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkImage, checkImages } from '../../../main/services/datasets/image-check';
import { isTruncated, sniffFormat } from '../../../main/services/datasets/image-format';
import { IMAGE_KINDS, imageBytes, makeTempDir, removeTempDir, truncatedJpegBytes, writeBrokenFile } from '../../helpers/dataset-fixtures';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('image checks', () => {
  it.each(IMAGE_KINDS)('accepts a valid %s image, also with a full decode', async (kind) => {
    const path = join(dir, `ok-${kind}.img`);
    await writeFile(path, await imageBytes(kind));
    for (const deepCheck of [false, true]) {
      const result = await checkImage(path, { deepCheck });
      expect(result).toMatchObject({ ok: true, width: 8, height: 8 });
    }
  });

  it('reports each broken file kind', async () => {
    const good = join(dir, 'good.jpg');
    await writeFile(good, await imageBytes('jpeg'));
    for (const kind of ['truncated', 'empty', 'not-an-image', 'missing', 'unreadable'] as const) {
      const path = join(dir, `bad-${kind}.jpg`);
      await writeBrokenFile(path, kind, good);
      for (const deepCheck of [false, true]) expect(await checkImage(path, { deepCheck }), `${kind} deep=${deepCheck}`).toMatchObject({ ok: false, kind });
    }
  });

  it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('reports a file without read permission as unreadable', async () => {
    const path = join(dir, 'locked.jpg');
    await writeFile(path, await imageBytes('jpeg'));
    await chmod(path, 0o000);
    expect(await checkImage(path)).toMatchObject({ ok: false, kind: 'unreadable' });
    await chmod(path, 0o644);
  });

  it('finds truncation that sharp metadata alone would miss (JPEG and PNG)', async () => {
    const jpeg = await truncatedJpegBytes();
    expect(sniffFormat(jpeg)).toBe('jpeg');
    expect(isTruncated(jpeg, 'jpeg')).toBe(true);
    const png = await imageBytes('png', { width: 32, height: 32 });
    expect(isTruncated(png, 'png')).toBe(false);
    const cutPng = png.subarray(0, png.length - 20);
    expect(isTruncated(cutPng, 'png')).toBe(true);
    const path = join(dir, 'cut.png');
    await writeFile(path, cutPng);
    expect(await checkImage(path)).toMatchObject({ ok: false, kind: 'truncated' });
    const webp = await imageBytes('webp', { width: 32, height: 32 });
    expect(isTruncated(webp.subarray(0, webp.length - 4), 'webp')).toBe(true);
    const gif = await imageBytes('gif');
    expect(isTruncated(gif.subarray(0, gif.length - 1), 'gif')).toBe(true);
    const bmp = await imageBytes('bmp');
    expect(isTruncated(bmp.subarray(0, bmp.length - 10), 'bmp')).toBe(true);
  });

  it('accepts bytes after a JPEG end marker and an EXIF thumbnail inside APP1', async () => {
    const jpeg = await imageBytes('exif-rotated-jpeg', { width: 16, height: 16 });
    expect(isTruncated(Buffer.concat([jpeg, Buffer.from('trailing camera data')]), 'jpeg')).toBe(false);
    // An APP1 segment containing a complete embedded JPEG (as EXIF thumbnails are), then a cut main image.
    const thumb = await imageBytes('jpeg');
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.alloc(2), Buffer.from('Exif\0\0'), thumb]);
    app1.writeUInt16BE(app1.length - 2, 2);
    const main = await truncatedJpegBytes();
    const withThumb = Buffer.concat([main.subarray(0, 2), app1, main.subarray(2)]);
    expect(isTruncated(withThumb, 'jpeg')).toBe(true);
    const full = await imageBytes('jpeg', { width: 16, height: 16 });
    expect(isTruncated(Buffer.concat([full.subarray(0, 2), app1, full.subarray(2)]), 'jpeg')).toBe(false);
  });

  it('checks many files with bounded concurrency and reports progress', async () => {
    const folder = join(dir, 'many');
    await mkdir(folder);
    const paths: string[] = [];
    for (let i = 0; i < 12; i++) {
      const path = join(folder, `${i}.png`);
      await writeFile(path, await imageBytes('png'));
      paths.push(path);
    }
    const progress: Array<[number, number]> = [];
    const results = await checkImages(paths, { concurrency: 3, onProgress: (done, total) => progress.push([done, total]) });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(progress[0]).toEqual([0, 12]);
    expect(progress.at(-1)).toEqual([12, 12]);
    expect(progress.map(([d]) => d)).toEqual([...Array(13).keys()]);
  });
});
