// Hosts training runs: validates the config, imports the dataset, creates the run record, forks the
// trainer child process and turns its event stream into the run store's files (metrics.jsonl, summary.json,
// train.log, run.json status). A crash, an out-of-memory or a kill of the trainer marks the run failed
// with the reason and its last log lines; the host itself never goes down with it.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatFieldErrors, parseRunConfig, type PresetName, type RunConfig, type RunConfigInput } from '../../../shared/config';
import { AppFailure } from '../../../shared/result';
import type { RunRecord, RunSummary } from '../../../shared/runs';
import { trainerEventSchema, type TrainerCommand, type TrainerEvent } from '../../../shared/trainer-protocol';
import { applyGpuIds } from '../../trainer/backend/device';
import { checkpointPaths, hasCheckpoint } from '../../trainer/checkpoint/checkpoint';
import { RUN_FILES, type RunStore } from '../runs';
import { loadTrainingDataset } from './training-dataset';

export type RunOutcome =
  | { status: 'completed'; summary: RunSummary }
  | { status: 'stopped'; epoch: number }
  | { status: 'failed'; reason: string; lastLogLines: string[] };

export interface TrainingHandle {
  readonly runId: string;
  readonly runDir: string;
  /** Every validated event of the trainer, in order. */
  onEvent(listener: (event: TrainerEvent) => void): () => void;
  pause(): void;
  resume(): void;
  /** Asks the trainer to save and stop after its current batch. */
  stop(): void;
  /** Ends the trainer at once (no checkpoint beyond the last one); the run is marked failed. */
  kill(): void;
  readonly done: Promise<RunOutcome>;
}

export interface TrainerHostOptions {
  appVersion: string;
  /** Where generated datasets (synthetic) are cached. */
  cacheDir: string;
  /** The trainer entry point (a .ts file runs through tsx's loader; a built .js runs as is). */
  trainerEntry?: string;
  /** Extra environment for the child (tests use it to inject faults). */
  env?: NodeJS.ProcessEnv;
}

const LAST_LOG_LINES = 20;
const defaultEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../trainer/process/trainer-process.ts');

export class TrainerHost {
  constructor(
    private readonly store: RunStore,
    private readonly options: TrainerHostOptions,
  ) {}

  /** Validates the config, imports the dataset, creates the run and starts training it. */
  async start(
    input: Partial<RunConfigInput> & { dataset: string },
    extra: { name?: string; preset?: PresetName; log?: (line: string) => void; /** The run this one re-runs. */ parentRunId?: string } = {},
  ): Promise<TrainingHandle> {
    const parsed = parseRunConfig(input, extra.preset);
    if (!parsed.ok) throw new AppFailure('invalid-input', formatFieldErrors(parsed.errors), parsed.errors);
    const config = parsed.config;
    const dataset = await loadTrainingDataset(config, this.options.cacheDir, extra.log);
    const record = await this.store.create({
      config,
      name: extra.name,
      status: 'running',
      parentRunId: extra.parentRunId,
      dataset: dataset.recordEntry,
      versions: this.baseVersions(),
    });
    return this.launch(record, config, dataset.classes, dataset.samples, false);
  }

  /** Continues a stopped or failed run from its latest checkpoint, with the same config and data. */
  async resume(runId: string, extra: { log?: (line: string) => void } = {}): Promise<TrainingHandle> {
    const record = await this.store.readRecord(runId);
    if (record.status === 'completed') throw new AppFailure('conflict', `run ${runId} is already completed`);
    if (record.status === 'running') throw new AppFailure('conflict', `run ${runId} is marked running; if its trainer is gone, stop it first or wait for it to be marked failed`);
    const runDir = this.store.runDir(runId);
    if (!hasCheckpoint(checkpointPaths(runDir).latest)) throw new AppFailure('conflict', `run ${runId} has no checkpoint to resume from (it stopped before finishing its first epoch)`);
    const config = record.config;
    const dataset = await loadTrainingDataset(config, this.options.cacheDir, extra.log);
    if (record.dataset && record.dataset.fingerprint !== dataset.recordEntry.fingerprint) {
      throw new AppFailure('conflict', `the dataset at ${config.dataset} changed since run ${runId} started (fingerprint ${dataset.recordEntry.fingerprint}, expected ${record.dataset.fingerprint}); resuming would mix two datasets`);
    }
    const manifest = JSON.parse(await fs.readFile(path.join(checkpointPaths(runDir).latest, 'manifest.json'), 'utf8')) as { meta: { epoch: number } };
    await this.store.truncateMetrics(runId, manifest.meta.epoch);
    const { failure: _dropped, ...rest } = record;
    const updated = await this.store.update(runId, { ...rest, status: 'running' });
    await fs.rm(path.join(runDir, RUN_FILES.summary), { force: true });
    return this.launch(updated, config, dataset.classes, dataset.samples, true);
  }

  private baseVersions(): RunRecord['versions'] {
    return { app: this.options.appVersion, node: process.version, platform: `${process.platform}-${process.arch}` };
  }

  private launch(record: RunRecord, config: RunConfig, classes: string[], samples: TrainerCommandStart['samples'], resume: boolean): TrainingHandle {
    const runId = record.id;
    const runDir = this.store.runDir(runId);
    const store = this.store;
    const entry = this.options.trainerEntry ?? defaultEntry;
    // --gpu-ids 6,7: the trainer process sees only those GPUs, as the original's CUDA_VISIBLE_DEVICES.
    const env = applyGpuIds(config.gpuIds, { ...process.env, ...this.options.env });
    const child = fork(entry, [], {
      execArgv: entry.endsWith('.ts') ? ['--import', tsxLoaderUrl()] : [],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });

    const listeners = new Set<(event: TrainerEvent) => void>();
    const lastLines: string[] = [];
    let terminal: RunOutcome | null = null;
    let writes = Promise.resolve();
    let logWrites = Promise.resolve();
    // Store writes happen in event order, one at a time, so metrics lines and status never race.
    const enqueue = (work: () => Promise<unknown>) => {
      writes = writes.then(work).then(
        () => undefined,
        (error) => remember(`host: could not write to the run folder: ${(error as Error).message}`),
      );
    };
    const remember = (line: string) => {
      lastLines.push(line);
      if (lastLines.length > LAST_LOG_LINES) lastLines.shift();
      const stamped = `${new Date().toISOString()} ${line}\n`;
      // Chained so lines stay in order and `done` can wait for the last one.
      logWrites = logWrites.then(() => fs.appendFile(path.join(runDir, RUN_FILES.log), stamped)).catch(() => undefined);
    };
    const emit = (event: TrainerEvent) => {
      for (const listener of listeners) listener(event);
    };

    pipeLines(child, 'stdout', (line) => remember(`[stdout] ${line}`));
    pipeLines(child, 'stderr', (line) => remember(`[stderr] ${line}`));

    child.on('message', (raw) => {
      const parsed = trainerEventSchema.safeParse(raw);
      if (!parsed.success) {
        remember(`host: ignored a malformed trainer message (${parsed.error.issues[0]?.message})`);
        return;
      }
      const event = parsed.data;
      switch (event.type) {
        case 'ready':
          remember(`backend ${event.backend.name} on ${event.backend.device} (tfjs ${event.backend.tfjsVersion}, ${event.backend.threads} threads)${event.backend.notes.length ? `; ${event.backend.notes.join('; ')}` : ''}`);
          enqueue(() =>
            store.update(runId, {
              versions: { ...record.versions, tfjs: event.backend.tfjsVersion, backend: event.backend.name, device: event.backend.device, threads: event.backend.threads },
            }),
          );
          break;
        case 'log':
          remember(`[${event.level}] ${event.message}`);
          break;
        case 'epoch':
          remember(`epoch ${event.metrics.epoch}: loss ${event.metrics.losses.total?.toFixed(4)}, test accuracy ${(event.metrics.accuracy.final * 100).toFixed(2)}%`);
          enqueue(() => store.appendMetrics(runId, event.metrics));
          break;
        case 'checkpoint':
          enqueue(() => store.update(runId, { checkpointEpoch: event.epoch }));
          break;
        case 'completed':
          terminal = { status: 'completed', summary: event.summary };
          enqueue(async () => {
            await store.writeSummary(runId, event.summary);
            await store.setStatus(runId, 'completed');
          });
          break;
        case 'stopped':
          terminal = { status: 'stopped', epoch: event.epoch };
          remember(`stopped after epoch ${event.epoch}${event.batchesDone ? ` + ${event.batchesDone} batches` : ''}; resume with: mge train --resume ${runId}`);
          enqueue(() => store.setStatus(runId, 'stopped'));
          break;
        case 'failed':
          remember(`[error] ${event.message}`);
          // Its last log lines are taken at exit, when the trainer has said everything.
          terminal = { status: 'failed', reason: event.message, lastLogLines: [] };
          break;
        default:
          break;
      }
      emit(event);
    });

    const done = new Promise<RunOutcome>((resolve) => {
      child.on('exit', (code, signal) => {
        let outcome = terminal;
        if (!outcome || outcome.status === 'failed') {
          // An exit without any result is a crash, a kill or an out-of-memory: say which, in the log too.
          const reason = outcome?.reason ?? describeExit(code, signal, lastLines);
          if (!outcome) remember(`[error] ${reason}`);
          const failure = { reason, lastLogLines: [...lastLines] };
          outcome = { status: 'failed', ...failure };
          enqueue(() => store.setStatus(runId, 'failed', failure));
          if (!terminal) emit({ type: 'failed', message: reason });
        }
        const settled = outcome;
        writes.then(() => logWrites).then(() => resolve(settled));
      });
    });

    const send = (command: TrainerCommand) => {
      if (child.connected) child.send(command);
    };
    child.on('spawn', () => send({ type: 'start', runDir, config, classes, samples, resume, appVersion: this.options.appVersion }));
    child.on('error', (error) => remember(`host: trainer process error: ${error.message}`));

    return {
      runId,
      runDir,
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      pause: () => send({ type: 'pause' }),
      resume: () => send({ type: 'resume' }),
      stop: () => send({ type: 'stop' }),
      kill: () => void child.kill('SIGKILL'),
      done,
    };
  }
}

type TrainerCommandStart = Extract<TrainerCommand, { type: 'start' }>;

function pipeLines(child: ChildProcess, stream: 'stdout' | 'stderr', onLine: (line: string) => void): void {
  let buffer = '';
  child[stream]?.setEncoding('utf8');
  child[stream]?.on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line);
  });
  child[stream]?.on('end', () => {
    if (buffer.trim()) onLine(buffer);
  });
}

/** A human reason for an exit without a result: out of memory, killed, or crashed. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null, lastLines: string[]): string {
  const text = lastLines.join('\n');
  if (/heap out of memory|Allocation failed|ENOMEM|OOM|out of memory/i.test(text)) {
    return 'the trainer ran out of memory: try a smaller batch size, image size or backbone';
  }
  if (signal === 'SIGKILL') return 'the trainer was killed (SIGKILL: by the user, or by the system for using too much memory)';
  if (signal) return `the trainer was terminated by ${signal}`;
  return `the trainer exited unexpectedly with code ${code ?? 'unknown'}`;
}

/** The absolute URL of tsx's ESM loader, so the child can run TypeScript from any working directory. */
function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('tsx/esm')).href;
}
