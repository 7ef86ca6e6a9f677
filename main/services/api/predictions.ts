// Predictions for the Predict view: each request runs in its own child process (predict-child.ts) on a
// run's best model, writing its class-activation-map overlays to a folder of the cache. The images a
// request read and the overlays it wrote are then served by the file route, by request id and index.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PredictImagesDto, PredictionItemDto } from '../../../shared/api';
import type { CamMethodName } from '../../../shared/gallery';
import { AppFailure } from '../../../shared/result';
import type { FileUrls } from './file-urls';
import { predictReplySchema, type PredictReply, type PredictRequest } from './prediction-protocol';

const DEFAULT_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'predict-child.ts');
/** Requests whose files stay servable (older folders are deleted). */
const KEPT_REQUESTS = 20;
const TIMEOUT_MS = 10 * 60_000;

export interface PredictionsOptions {
  cacheDir: string;
  urls: FileUrls;
  /** The child's entry (a .ts file runs through tsx; the desktop app passes its built bundle). */
  entry?: string;
  env?: NodeJS.ProcessEnv;
}

interface RequestFiles {
  dir: string;
  images: string[];
}

export class Predictions {
  private readonly requests = new Map<string, RequestFiles>();

  constructor(private readonly options: PredictionsOptions) {}

  async predict(runId: string, runDir: string, inputs: string[], settings: { top: number; cam: boolean; camMethod?: CamMethodName }): Promise<PredictImagesDto> {
    const requestId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const dir = path.join(this.options.cacheDir, 'predictions', requestId);
    await fs.mkdir(dir, { recursive: true });
    const reply = await this.runChild({
      type: 'predict',
      runDir,
      inputs,
      top: settings.top,
      cam: settings.cam ? { dir, method: settings.camMethod } : null,
      backend: 'auto',
    });
    if (reply.type === 'error') {
      await fs.rm(dir, { recursive: true, force: true });
      throw new AppFailure(reply.code, reply.message);
    }
    const images = reply.predictions.map((p) => p.path);
    this.remember(requestId, { dir, images });
    const urls = this.options.urls;
    const predictions = reply.predictions.map((p, index): PredictionItemDto => {
      if ('error' in p) return p;
      const { camFiles, ...rest } = p;
      const mapUrl = (file: string) => urls.predictionMap(requestId, path.basename(file));
      return {
        ...rest,
        imageUrl: urls.predictionImage(requestId, index, path.basename(p.path)),
        camUrls: camFiles ? { model: mapUrl(camFiles.model), views: Object.fromEntries(Object.entries(camFiles.views).map(([name, file]) => [name, mapUrl(file)])) } : null,
      };
    });
    return { runId, epoch: reply.epoch, backend: reply.backend, predictions };
  }

  /** The file of a request: ["image", n, name] (an input image) or ["maps", file] (an overlay). */
  filePath(requestId: string, rest: string[]): string | null {
    const request = this.requests.get(requestId);
    if (!request) return null;
    if (rest[0] === 'image' && rest.length === 3 && /^\d+$/.test(rest[1])) {
      const file = request.images[Number(rest[1])];
      return file && path.basename(file) === rest[2] ? file : null;
    }
    if (rest[0] === 'maps' && rest.length === 2) return path.join(request.dir, rest[1]);
    return null;
  }

  private remember(requestId: string, files: RequestFiles): void {
    this.requests.set(requestId, files);
    while (this.requests.size > KEPT_REQUESTS) {
      const [oldest, old] = this.requests.entries().next().value as [string, RequestFiles];
      this.requests.delete(oldest);
      void fs.rm(old.dir, { recursive: true, force: true });
    }
  }

  private runChild(request: PredictRequest): Promise<PredictReply> {
    const entry = this.options.entry ?? DEFAULT_ENTRY;
    const child = fork(entry, [], {
      execArgv: entry.endsWith('.ts') ? ['--import', tsxLoaderUrl()] : [],
      env: { ...process.env, ...this.options.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    return new Promise((resolve) => {
      let answered = false;
      const answer = (reply: PredictReply) => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        resolve(reply);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        answer({ type: 'error', code: 'internal', message: `the prediction took longer than ${TIMEOUT_MS / 60_000} minutes and was stopped` });
      }, TIMEOUT_MS);
      child.on('message', (raw) => {
        const parsed = predictReplySchema.safeParse(raw);
        answer(parsed.success ? parsed.data : { type: 'error', code: 'internal', message: 'the prediction process sent a malformed answer' });
      });
      child.on('error', (error) => answer({ type: 'error', code: 'internal', message: `could not start the prediction process: ${error.message}` }));
      child.on('exit', (code, signal) => {
        const lastLines = stderr.trim().split('\n').slice(-5).join(' | ');
        const oom = /heap out of memory|Allocation failed|ENOMEM/i.test(stderr);
        answer({
          type: 'error',
          code: 'internal',
          message: oom ? 'the prediction ran out of memory: try fewer images at once' : `the prediction process ended unexpectedly (${signal ?? `code ${code}`})${lastLines ? `: ${lastLines}` : ''}`,
        });
      });
      child.on('spawn', () => child.send(request));
    });
  }
}

function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
}
