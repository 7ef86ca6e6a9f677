// Serves files to the renderer through the file route of file-urls.ts, for both transports. Only two
// kinds of files are reachable: images and text files inside a run folder (the real path must stay
// inside it, so "..", absolute paths and symlinks out are refused), and the images of a dataset the
// user imported (addressed by index into that import, so no client-chosen path is ever opened), and the
// images and overlays of a recent prediction (by request id and index or file name).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { AppFailure } from '../../../shared/result';
import { isValidRunId } from '../../../shared/runs';
import type { DatasetImports } from './dataset-imports';
import type { Predictions } from './predictions';

export type FileBody =
  | { kind: 'file'; filePath: string; size: number; contentType: string }
  | { kind: 'data'; data: Buffer; contentType: string };

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

const THUMBNAIL_SIZE = 256;
const MAX_THUMBNAILS = 400;

export class FileAccess {
  private readonly thumbnails = new Map<string, Buffer>();

  constructor(
    private readonly runsDir: () => string,
    private readonly datasets: DatasetImports,
    private readonly predictions: Predictions,
  ) {}

  /**
   * Opens the file that `routePath` (the URL path after the transport's files prefix, still
   * percent-encoded) names. Throws AppFailure not-found / invalid-input for anything else.
   */
  async open(routePath: string, options: { thumbnail?: boolean } = {}): Promise<FileBody> {
    const segments = decodeSegments(routePath);
    const [area, ...rest] = segments;
    const filePath =
      area === 'runs' ? await this.runFile(rest) : area === 'datasets' ? await this.datasetFile(rest) : area === 'predictions' && rest.length > 1 ? this.predictions.filePath(rest[0], rest.slice(1)) : null;
    if (!filePath) throw new AppFailure('not-found', `no file at ${routePath}`);
    const info = await fs.stat(filePath).catch(() => null);
    if (!info?.isFile()) throw new AppFailure('not-found', `no file at ${routePath}`);
    const contentType = CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
    if (options.thumbnail && contentType.startsWith('image/')) {
      const data = await this.thumbnail(filePath, info.mtimeMs);
      if (data) return { kind: 'data', data, contentType: 'image/jpeg' };
    }
    return { kind: 'file', filePath, size: info.size, contentType };
  }

  private async runFile(segments: string[]): Promise<string | null> {
    const [runId, ...inside] = segments;
    if (!runId || !isValidRunId(runId) || inside.length === 0) return null;
    if (!CONTENT_TYPES[path.extname(inside[inside.length - 1]).toLowerCase()]) {
      throw new AppFailure('invalid-input', 'only the images and text files of a run are served');
    }
    const runDir = path.join(this.runsDir(), runId);
    const candidate = path.join(runDir, ...inside);
    // The real paths decide: a symlink inside the run folder must not lead out of it.
    const [realRun, realFile] = await Promise.all([fs.realpath(runDir).catch(() => null), fs.realpath(candidate).catch(() => null)]);
    if (!realRun || !realFile || !realFile.startsWith(realRun + path.sep)) return null;
    return realFile;
  }

  private async datasetFile(segments: string[]): Promise<string | null> {
    const [key, index, name] = segments;
    if (!key || !/^[0-9a-f]{16}$/.test(key) || !index || !/^\d+$/.test(index) || segments.length !== 3) return null;
    const filePath = await this.datasets.imagePath(key, Number(index));
    // The trailing name is only there for readable URLs and downloads; it must match the image.
    return filePath && path.basename(filePath) === name ? filePath : null;
  }

  private async thumbnail(filePath: string, mtimeMs: number): Promise<Buffer | null> {
    const cacheKey = `${filePath}:${mtimeMs}`;
    const cached = this.thumbnails.get(cacheKey);
    if (cached) return cached;
    try {
      const data = await sharp(filePath, { failOn: 'none' })
        .rotate()
        .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 78 })
        .toBuffer();
      this.thumbnails.set(cacheKey, data);
      if (this.thumbnails.size > MAX_THUMBNAILS) this.thumbnails.delete(this.thumbnails.keys().next().value as string);
      return data;
    } catch {
      // Formats sharp cannot decode (BMP) are served whole; the browser scales them.
      return null;
    }
  }
}

/** Splits and decodes the route path; any empty, "." or ".." segment or a separator inside one is refused. */
function decodeSegments(routePath: string): string[] {
  const raw = routePath.replace(/^\/+/, '').split('/');
  return raw.map((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new AppFailure('invalid-input', 'the file path is not valid URL encoding');
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || /[\\/\0]/.test(decoded)) {
      throw new AppFailure('invalid-input', 'the file path may not contain empty, "." or ".." parts');
    }
    return decoded;
  });
}
