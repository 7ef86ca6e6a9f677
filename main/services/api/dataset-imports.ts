// Dataset imports made through the API, remembered so that the class browser can page through a
// dataset's images without importing it again, and so the file route can serve exactly those images
// (by index into the import, never by a path the client chose).
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ApiOutputs, DatasetSampleDto } from '../../../shared/api';
import type { AircraftLevel } from '../../../shared/config';
import type { ImportedDataset, SplitName } from '../../../shared/datasets';
import { importDataset } from '../datasets';
import type { FileUrls } from './file-urls';
import { resolveUserPath } from './user-path';

export interface DatasetImportRequest {
  path: string;
  testFraction?: number;
  valFraction?: number;
  seed?: number;
  aircraftLevel?: AircraftLevel;
}

export interface SamplesQuery extends DatasetImportRequest {
  classIndex?: number;
  split?: SplitName;
  perClass?: number;
  offset?: number;
  limit?: number;
}

interface CachedImport {
  key: string;
  imported: Promise<ImportedDataset>;
}

/** Imports kept for paging; the file route serves only images of these. */
const MAX_CACHED_IMPORTS = 6;
const DEFAULT_PAGE = 200;

export class DatasetImports {
  private readonly cache = new Map<string, CachedImport>();

  constructor(private readonly urls: FileUrls) {}

  /** Imports afresh (the user may have fixed files since) and remembers the result. */
  async inspect(request: DatasetImportRequest & { deepCheck?: boolean }): Promise<ImportedDataset> {
    const { deepCheck, ...options } = request;
    return this.load(options, { fresh: true, deepCheck });
  }

  async samples(query: SamplesQuery): Promise<ApiOutputs['datasets.samples']> {
    const { classIndex, split, perClass, offset = 0, limit = DEFAULT_PAGE, ...options } = query;
    const key = importKey(options);
    const { report, samples } = await this.load(options, { fresh: false });
    const taken = new Map<number, number>();
    const matching: Array<{ index: number; sample: ImportedDataset['samples'][number] }> = [];
    samples.forEach((sample, index) => {
      if (classIndex !== undefined && sample.label !== classIndex) return;
      if (split !== undefined && sample.split !== split) return;
      if (perClass !== undefined) {
        const count = taken.get(sample.label) ?? 0;
        if (count >= perClass) return;
        taken.set(sample.label, count + 1);
      }
      matching.push({ index, sample });
    });
    const page = matching.slice(offset, offset + limit).map(({ index, sample }): DatasetSampleDto => {
      const name = path.basename(sample.path);
      return {
        path: path.relative(report.root, sample.path).split(path.sep).join('/'),
        label: sample.label,
        className: report.classes[sample.label] ?? String(sample.label),
        split: sample.split,
        url: this.urls.datasetImage(key, index, name),
        thumbnailUrl: this.urls.datasetThumbnail(key, index, name),
      };
    });
    return { root: report.root, total: matching.length, offset, samples: page };
  }

  /** The absolute path of image `index` of a remembered import, or null when there is no such image. */
  async imagePath(key: string, index: number): Promise<string | null> {
    const cached = this.cache.get(key);
    if (!cached) return null;
    const { samples } = await cached.imported.catch(() => ({ samples: [] as ImportedDataset['samples'] }));
    return Number.isInteger(index) && index >= 0 && index < samples.length ? samples[index].path : null;
  }

  private async load(request: DatasetImportRequest, how: { fresh: boolean; deepCheck?: boolean }): Promise<ImportedDataset> {
    const options = { ...request, path: resolveUserPath(request.path, 'path') };
    const key = importKey(options);
    const existing = this.cache.get(key);
    if (existing && !how.fresh) return existing.imported;
    const { path: folder, ...importOptions } = options;
    const imported = importDataset(folder, { ...importOptions, deepCheck: how.deepCheck });
    const entry: CachedImport = { key, imported };
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > MAX_CACHED_IMPORTS) this.cache.delete(this.cache.keys().next().value as string);
    // A failed import is not remembered: the next call tries again.
    imported.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    return imported;
  }
}

/** One key per folder and import options: the same key always names the same list of images. */
function importKey(options: DatasetImportRequest): string {
  const resolved = { ...options, path: resolveUserPath(options.path, 'path') };
  const canonical = JSON.stringify([resolved.path, resolved.testFraction ?? null, resolved.valFraction ?? null, resolved.seed ?? null, resolved.aircraftLevel ?? null]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
