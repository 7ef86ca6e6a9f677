// The run store: one folder per run under a runs directory, the folder's name being the run id.
// run.json (record), metrics.jsonl (one object per epoch), summary.json (when finished), checkpoints/.
// Portable (a folder copied from another machine opens here) and tolerant: a damaged folder is listed
// as damaged and never breaks the listing.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../../../shared/config';
import { AppFailure } from '../../../shared/result';
import {
  isValidRunId,
  type EpochMetrics,
  type RunListEntry,
  type RunRecord,
  type RunStatus,
  type RunSummary,
} from '../../../shared/runs';
import { appendJsonLine, readJsonFile, readJsonLines, writeFileAtomic, writeJsonAtomic } from '../../common/atomic-file';
import { describeSchemaError, runRecordSchema, runSummarySchema } from './run-record-schema';

export const RUN_FILES = {
  record: 'run.json',
  metrics: 'metrics.jsonl',
  summary: 'summary.json',
  log: 'train.log',
  checkpoints: 'checkpoints',
  gallery: 'gallery',
} as const;

export interface RunDetails {
  record: RunRecord;
  metrics: EpochMetrics[];
  summary: RunSummary | null;
  /** Problems found while reading (bad metrics lines, unreadable summary) that did not stop the read. */
  warnings: string[];
}

export interface NewRun {
  config: RunConfig;
  name?: string;
  dataset: RunRecord['dataset'];
  versions: RunRecord['versions'];
  status?: RunStatus;
  parentRunId?: string;
}

export class RunStore {
  constructor(readonly runsDir: string) {}

  runDir(id: string): string {
    if (!isValidRunId(id)) throw new AppFailure('invalid-input', `"${id}" is not a valid run id`);
    return path.join(this.runsDir, id);
  }

  async create(run: NewRun): Promise<RunRecord> {
    await fs.mkdir(this.runsDir, { recursive: true });
    const now = new Date();
    const name = run.name?.trim() || defaultRunName(run.config);
    // mkdir without `recursive` fails on an existing folder, which makes id allocation race-free.
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = makeRunId(now, name);
      try {
        await fs.mkdir(path.join(this.runsDir, id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      const record: RunRecord = {
        id,
        name,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        status: run.status ?? 'queued',
        config: run.config,
        dataset: run.dataset,
        versions: run.versions,
        ...(run.parentRunId ? { parentRunId: run.parentRunId } : {}),
      };
      await writeJsonAtomic(path.join(this.runsDir, id, RUN_FILES.record), record);
      return record;
    }
    throw new AppFailure('conflict', 'could not allocate a unique run id');
  }

  /** Every run folder, newest first; damaged folders are entries with a reason, never exceptions. */
  async list(): Promise<RunListEntry[]> {
    let names: string[];
    try {
      const entries = await fs.readdir(this.runsDir, { withFileTypes: true });
      names = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && isValidRunId(e.name)).map((e) => e.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AppFailure('io-error', `cannot read the runs folder ${this.runsDir}: ${(error as Error).message}`);
    }
    const entries = await Promise.all(names.map((id) => this.listEntry(id)));
    return entries.sort((a, b) => sortKey(b).localeCompare(sortKey(a)));
  }

  private async listEntry(id: string): Promise<RunListEntry> {
    try {
      const record = await this.readRecord(id);
      const summary = await this.readSummary(id).catch(() => null);
      const metrics = await readJsonLines<EpochMetrics>(path.join(this.runDir(id), RUN_FILES.metrics));
      const lastEpoch = metrics.length > 0 ? metrics[metrics.length - 1].epoch : null;
      return { id, damaged: false, record, summary, lastEpoch };
    } catch (error) {
      return { id, damaged: true, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The run record; throws not-found or damaged with a precise reason. */
  async readRecord(id: string): Promise<RunRecord> {
    const dir = this.runDir(id);
    let raw: unknown;
    try {
      raw = await readJsonFile(path.join(dir, RUN_FILES.record));
    } catch (error) {
      if (error instanceof SyntaxError) throw new AppFailure('damaged', `run ${id}: run.json is not valid JSON (${error.message})`);
      throw new AppFailure('io-error', `run ${id}: cannot read run.json: ${(error as Error).message}`);
    }
    if (raw === undefined) {
      const exists = await fs.stat(dir).then(() => true, () => false);
      if (!exists) throw new AppFailure('not-found', `no run "${id}" in ${this.runsDir}`);
      throw new AppFailure('damaged', `run ${id}: run.json is missing (the run was interrupted while being created, or the folder is incomplete)`);
    }
    const parsed = runRecordSchema.safeParse(raw);
    if (!parsed.success) throw new AppFailure('damaged', `run ${id}: run.json is invalid (${describeSchemaError(parsed.error)})`);
    // The folder name is the id: a folder copied under another name is that run.
    return { ...(parsed.data as unknown as RunRecord), id };
  }

  async readSummary(id: string): Promise<RunSummary | null> {
    let raw: unknown;
    try {
      raw = await readJsonFile(path.join(this.runDir(id), RUN_FILES.summary));
    } catch (error) {
      throw new AppFailure('damaged', `run ${id}: summary.json is unreadable (${(error as Error).message})`);
    }
    if (raw === undefined) return null;
    const parsed = runSummarySchema.safeParse(raw);
    if (!parsed.success) throw new AppFailure('damaged', `run ${id}: summary.json is invalid (${describeSchemaError(parsed.error)})`);
    return parsed.data as unknown as RunSummary;
  }

  async readMetrics(id: string, warnings: string[] = []): Promise<EpochMetrics[]> {
    return readJsonLines<EpochMetrics>(path.join(this.runDir(id), RUN_FILES.metrics), (line) =>
      warnings.push(`metrics.jsonl line ${line} is not valid JSON and was skipped`),
    );
  }

  async get(id: string): Promise<RunDetails> {
    const record = await this.readRecord(id);
    const warnings: string[] = [];
    const metrics = await this.readMetrics(id, warnings);
    let summary: RunSummary | null = null;
    try {
      summary = await this.readSummary(id);
    } catch (error) {
      warnings.push((error as Error).message);
    }
    return { record, metrics, summary, warnings };
  }

  /** Applies a change to run.json (read, modify, atomic write). */
  async update(id: string, change: Partial<Omit<RunRecord, 'id' | 'createdAt'>>): Promise<RunRecord> {
    const record = await this.readRecord(id);
    const next: RunRecord = { ...record, ...change, id, updatedAt: new Date().toISOString() };
    await writeJsonAtomic(path.join(this.runDir(id), RUN_FILES.record), next);
    return next;
  }

  async setStatus(id: string, status: RunStatus, failure?: RunRecord['failure']): Promise<RunRecord> {
    return this.update(id, failure ? { status, failure } : { status });
  }

  async rename(id: string, name: string): Promise<RunRecord> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 200) throw new AppFailure('invalid-input', 'a run name must have 1 to 200 characters');
    return this.update(id, { name: trimmed });
  }

  async appendMetrics(id: string, metrics: EpochMetrics): Promise<void> {
    await appendJsonLine(path.join(this.runDir(id), RUN_FILES.metrics), metrics);
  }

  /** Rewrites metrics.jsonl keeping epochs ≤ lastEpoch (a resumed run replays from its checkpoint). */
  async truncateMetrics(id: string, lastEpoch: number): Promise<void> {
    const kept = (await this.readMetrics(id)).filter((m) => m.epoch <= lastEpoch);
    await writeFileAtomic(path.join(this.runDir(id), RUN_FILES.metrics), kept.map((m) => `${JSON.stringify(m)}\n`).join(''));
  }

  async writeSummary(id: string, summary: RunSummary): Promise<void> {
    await writeJsonAtomic(path.join(this.runDir(id), RUN_FILES.summary), summary);
  }

  async delete(id: string): Promise<void> {
    const dir = this.runDir(id);
    const exists = await fs.stat(dir).then((s) => s.isDirectory(), () => false);
    if (!exists) throw new AppFailure('not-found', `no run "${id}" in ${this.runsDir}`);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function sortKey(entry: RunListEntry): string {
  return entry.damaged ? `0000:${entry.id}` : `${entry.record.createdAt}:${entry.id}`;
}

function defaultRunName(config: RunConfig): string {
  const dataset = config.dataset === 'synthetic' ? 'synthetic' : path.basename(path.resolve(config.dataset));
  return `${config.model}-${config.backbone}-${dataset}`;
}

/** e.g. 20261204-153012-mgecnn-cub-a1b2: sortable, readable, unique, safe as a folder name. */
function makeRunId(now: Date, name: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return [stamp, slug || 'run', randomBytes(2).toString('hex')].join('-');
}
