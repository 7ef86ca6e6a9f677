// The API service: every method of the shared contract over the run store, the trainer host and the
// dataset importers, plus the events the renderers receive. Both transports (Electron IPC in main/app,
// the WebSocket host in main/server) drive this one object; neither adds behaviour of its own.
import path from 'node:path';
import type { ApiEventName, ApiEvents, ApiInput, ApiMethod, ApiOutputs } from '../../../shared/api';
import type { Result } from '../../../shared/result';
import type { BackendReport } from '../../../shared/trainer-protocol';
import { RunStore } from '../runs';
import { TrainerHost } from '../training/trainer-host';
import { ActiveRunRegistry } from './active-runs';
import { appHandlers } from './app-handlers';
import { DatasetImports } from './dataset-imports';
import { datasetHandlers } from './dataset-handlers';
import { createDispatcher } from './dispatch';
import { ApiEventBus } from './event-bus';
import { FileAccess, type FileBody } from './file-access';
import { FileUrls } from './file-urls';
import { predictHandlers } from './predict-handlers';
import { Predictions } from './predictions';
import { runHandlers } from './run-handlers';
import { createMemorySettingsStore, type SettingsStore } from './settings-store';
import { trainingHandlers } from './training-handlers';
import type { ApiHandlers, HostPlatform, ServiceContext } from './types';

export interface ApiServiceOptions {
  /** The runs folder to use unless the settings name another one. */
  runsDir: string;
  /** Where generated datasets (synthetic) are cached. */
  cacheDir: string;
  appVersion: string;
  /** The trainer child's entry (default: the TypeScript source through tsx). */
  trainerEntry?: string;
  /** Extra environment for trainer and prediction children (the desktop app sets ELECTRON_RUN_AS_NODE). */
  trainerEnv?: NodeJS.ProcessEnv;
  /** The prediction child's entry (default: predict-child.ts through tsx). */
  predictEntry?: string;
  /** Default 'browser'. */
  mode?: 'desktop' | 'browser';
  /** Where the transport serves the file route (default "/files/"). */
  fileUrlBase?: string;
  /** Default: in memory (nothing persists). */
  settings?: SettingsStore;
  platform?: HostPlatform;
  /** Unexpected errors (bugs) are reported here before they become 'internal' results. */
  onInternalError?: (method: string, error: unknown) => void;
}

export interface ApiService {
  /** Validates and runs one call; never throws. */
  handleCall(method: unknown, input: unknown): Promise<Result<unknown>>;
  /** The typed form of handleCall for callers inside main. */
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<Result<ApiOutputs[M]>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** Lets the shell push its own events (e.g. menu commands) through the same channel. */
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
  /** The file behind a file-route path (see file-urls.ts); throws AppFailure not-found / invalid-input. */
  openFile(routePath: string, options?: { thumbnail?: boolean }): Promise<FileBody>;
  runsDir(): string;
  /** Ids of the runs training now. */
  activeRunIds(): string[];
  /** Asks every trainer to save and stop; kills those still running after timeoutMs (default 60 s). */
  shutdown(timeoutMs?: number): Promise<void>;
}

export async function createApiService(options: ApiServiceOptions): Promise<ApiService> {
  const reportError = options.onInternalError ?? ((method, error) => console.error(`mge: ${method}:`, error));
  const events = new ApiEventBus((error) => reportError('event listener', error));
  const settings = options.settings ?? createMemorySettingsStore();
  const urls = new FileUrls(options.fileUrlBase ?? '/files/');
  const datasets = new DatasetImports(urls);
  const predictions = new Predictions({ cacheDir: options.cacheDir, urls, entry: options.predictEntry, env: options.trainerEnv });
  const defaultRunsDir = path.resolve(options.runsDir);

  const makeHost = (store: RunStore) =>
    new TrainerHost(store, { appVersion: options.appVersion, cacheDir: options.cacheDir, trainerEntry: options.trainerEntry, env: options.trainerEnv });
  let store = new RunStore((await settings.load()).runsDir ?? defaultRunsDir);
  let host = makeHost(store);
  let lastBackend: BackendReport | null = null;

  const active = new ActiveRunRegistry({
    trainingEvent: (payload) => events.emit('training.event', payload),
    runChanged: (id) => events.emit('runs.changed', { id }),
    backendReady: (backend) => (lastBackend = backend),
  });

  const context: ServiceContext = {
    mode: options.mode ?? 'browser',
    appVersion: options.appVersion,
    defaultRunsDir,
    platform: options.platform ?? {},
    events,
    active,
    datasets,
    predictions,
    urls,
    settings,
    store: () => store,
    host: () => host,
    setRunsDir(dir) {
      // Runs training now keep writing to their own folder; new ones go to the new folder.
      store = new RunStore(dir);
      host = makeHost(store);
    },
    lastBackend: () => lastBackend,
  };

  const handlers: ApiHandlers = {
    ...appHandlers(context),
    ...datasetHandlers(context),
    ...runHandlers(context),
    ...trainingHandlers(context),
    ...predictHandlers(context),
  };
  const handleCall = createDispatcher(handlers, reportError);
  const files = new FileAccess(() => store.runsDir, datasets, predictions);

  return {
    handleCall,
    call: (method, input) => handleCall(method, input) as never,
    on: (event, listener) => events.on(event, listener),
    emit: (event, payload) => events.emit(event, payload),
    openFile: (routePath, fileOptions) => files.open(routePath, fileOptions),
    runsDir: () => store.runsDir,
    activeRunIds: () => active.ids(),
    shutdown: (timeoutMs = 60_000) => active.stopAll(timeoutMs),
  };
}
