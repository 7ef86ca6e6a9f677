// Types shared by the API service's parts: what a handler receives (the validated input) and returns
// (the plain output; failures are thrown as AppFailure and become Results at the dispatcher).
import type { z } from 'zod';
import type { API_INPUTS, ApiMethod, ApiOutputs } from '../../../shared/api';
import type { BackendReport } from '../../../shared/trainer-protocol';
import type { RunStore } from '../runs';
import type { TrainerHost } from '../training/trainer-host';
import type { ActiveRunRegistry } from './active-runs';
import type { DatasetImports } from './dataset-imports';
import type { ApiEventBus } from './event-bus';
import type { FileUrls } from './file-urls';
import type { Predictions } from './predictions';
import type { SettingsStore } from './settings-store';

export type ParsedInput<M extends ApiMethod> = z.output<(typeof API_INPUTS)[M]>;

export type ApiHandlers = { [M in ApiMethod]: (input: ParsedInput<M>) => Promise<ApiOutputs[M]> };

/** What only some hosts can do; the desktop shell provides these through Electron, `mge serve` does not. */
export interface HostPlatform {
  /** A native folder dialog; resolves null when the user cancels. */
  chooseFolder?(title: string | undefined): Promise<string | null>;
  /** Shows a folder in the system file manager; throws with a reason when it cannot. */
  openFolder?(folder: string): Promise<void>;
}

export interface ServiceContext {
  readonly mode: 'desktop' | 'browser';
  readonly appVersion: string;
  readonly defaultRunsDir: string;
  readonly platform: HostPlatform;
  readonly events: ApiEventBus;
  readonly active: ActiveRunRegistry;
  readonly datasets: DatasetImports;
  readonly predictions: Predictions;
  readonly urls: FileUrls;
  readonly settings: SettingsStore;
  /** The run store of the current runs folder (the folder can change in Settings). */
  store(): RunStore;
  host(): TrainerHost;
  setRunsDir(dir: string): void;
  /** The backend the most recent trainer of this process reported. */
  lastBackend(): BackendReport | null;
}
