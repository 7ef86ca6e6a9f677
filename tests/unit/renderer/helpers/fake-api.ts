// An in-memory MgeApi for store and component tests: every method is a vi.fn with a sensible default
// answer (override with mockResolvedValue…), and emit() pushes events to the subscribed listeners.
import { vi, type Mock } from 'vitest';
import { API_INPUTS, type ApiEventName, type ApiEvents, type ApiMethod, type ApiOutputs, type MgeApi } from '../../../../shared/api';
import type { Result } from '../../../../shared/result';
import { DATASET_REPORT, galleryIndex, listEntry, runRecord } from './fixtures';

type Handlers = { [M in ApiMethod]: Mock<(input: unknown) => Promise<Result<ApiOutputs[M]>>> };

export interface FakeApi {
  api: MgeApi;
  calls: Handlers;
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
  listenerCount(event: ApiEventName): number;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

function defaults(): { [M in ApiMethod]: ApiOutputs[M] } {
  const record = runRecord('run-1', { name: 'First run' });
  return {
    'app.info': { version: '0.1.0', runsDir: '/runs', lastBackend: null, mode: 'browser', capabilities: { chooseFolder: false, openFolder: false, dropPaths: false }, platform: 'linux-x64', node: '20.20.2' },
    'app.chooseFolder': { path: null },
    'datasets.inspect': DATASET_REPORT,
    'datasets.samples': { root: '/data/birds', total: 0, offset: 0, samples: [] },
    'runs.list': [listEntry(record)],
    'runs.get': { record, metrics: [], summary: null, warnings: [] },
    'runs.rename': record,
    'runs.delete': { id: 'run-1' },
    'runs.gallery': { id: 'run-1', index: galleryIndex(), baseUrl: '/files/runs/run-1/gallery/', runUrl: '/files/runs/run-1/' },
    'runs.openFolder': { path: '/runs/run-1', opened: false },
    'training.start': { id: 'run-new' },
    'training.resume': { id: 'run-1' },
    'training.rerun': { id: 'run-rerun' },
    'training.pause': { id: 'run-1' },
    'training.continue': { id: 'run-1' },
    'training.stop': { id: 'run-1' },
    'training.active': [],
    'predict.images': { runId: 'run-1', epoch: 6, backend: 'wasm', predictions: [] },
    'settings.get': { runsDir: '/runs', defaultRunsDir: '/runs', persisted: false },
    'settings.set': { runsDir: '/runs', defaultRunsDir: '/runs', persisted: false },
  };
}

export function createFakeApi(): FakeApi {
  const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
  const values = defaults();
  const calls = Object.fromEntries((Object.keys(API_INPUTS) as ApiMethod[]).map((method) => [method, vi.fn(async () => ok(structuredClone(values[method])))])) as unknown as Handlers;
  const api = {
    ...calls,
    on(event: ApiEventName, listener: (payload: never) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  } as unknown as MgeApi;
  return {
    api,
    calls,
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}
