// Live training: every run the app is hosting, rebuilt from the trainer's event stream. On start (and
// after a reconnect) it asks main for the active runs and replays each one's history, so a reloaded
// window shows the whole run so far. Chart data lives in plain (non-reactive) arrays that only grow;
// `revision` tells the charts to append what is new instead of redrawing everything.
import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref } from 'vue';
import type { ActiveRun } from '../../../shared/api';
import type { AppError, Result } from '../../../shared/result';
import type { EpochMetrics, RunSummary } from '../../../shared/runs';
import type { BackendReport, TrainerEvent } from '../../../shared/trainer-protocol';
import { api, connection } from '../api';
import type { SeriesPoint } from '../lib/metric-series';

export type LiveStatus = ActiveRun['state'] | 'completed' | 'stopped' | 'failed';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface LiveRun {
  id: string;
  status: LiveStatus;
  /** True while main hosts the run (it can be paused or stopped). */
  active: boolean;
  backend: BackendReport | null;
  /** Per-epoch metrics, in order (append-only). */
  epochs: EpochMetrics[];
  /** Training loss of every batch; x = fractional epoch (append-only). */
  batchLoss: SeriesPoint[];
  progress: { epoch: number; batch: number; batches: number } | null;
  samplesPerSec: number | null;
  etaSeconds: number | null;
  lastCheckpointEpoch: number | null;
  logs: LogLine[];
  summary: RunSummary | null;
  failure: string | null;
  /** Bumped on every applied event: watchers redraw from it. */
  revision: number;
}

const MAX_LOG_LINES = 400;

function emptyRun(id: string, status: LiveStatus, active: boolean): LiveRun {
  return reactive({
    id,
    status,
    active,
    backend: null,
    epochs: markRaw([] as EpochMetrics[]),
    batchLoss: markRaw([] as SeriesPoint[]),
    progress: null,
    samplesPerSec: null,
    etaSeconds: null,
    lastCheckpointEpoch: null,
    logs: markRaw([] as LogLine[]),
    summary: null,
    failure: null,
    revision: 0,
  }) as LiveRun;
}

/** Applies one trainer event to a run's live state. */
export function applyTrainerEvent(run: LiveRun, event: TrainerEvent): void {
  switch (event.type) {
    case 'ready':
      run.backend = event.backend;
      if (run.status === 'starting') run.status = 'running';
      break;
    case 'log':
      run.logs.push({ level: event.level, message: event.message });
      if (run.logs.length > MAX_LOG_LINES) run.logs.splice(0, run.logs.length - MAX_LOG_LINES);
      break;
    case 'batch':
      run.progress = { epoch: event.epoch, batch: event.batch, batches: event.batches };
      run.samplesPerSec = event.samplesPerSec;
      run.etaSeconds = event.etaSeconds;
      if (Number.isFinite(event.loss)) run.batchLoss.push({ x: event.epoch - 1 + event.batch / Math.max(event.batches, 1), y: event.loss });
      if (run.status === 'starting') run.status = 'running';
      break;
    case 'epoch':
      run.epochs.push(event.metrics);
      run.etaSeconds = event.metrics.etaSeconds;
      run.samplesPerSec = event.metrics.samplesPerSec;
      if (run.progress) run.progress = { ...run.progress, epoch: event.metrics.epoch, batch: run.progress.batches };
      break;
    case 'checkpoint':
      run.lastCheckpointEpoch = event.epoch;
      break;
    case 'state':
      if (run.active && run.status !== 'stopping') run.status = event.state;
      break;
    case 'completed':
      run.summary = event.summary;
      run.status = 'completed';
      run.active = false;
      run.etaSeconds = 0;
      break;
    case 'stopped':
      run.status = 'stopped';
      run.active = false;
      break;
    case 'failed':
      run.status = 'failed';
      run.active = false;
      run.failure = event.message;
      break;
  }
  run.revision++;
}

export const useTrainingStore = defineStore('training', () => {
  const runs = ref<Record<string, LiveRun>>({});
  /** The run most recently started or seen active: what "Live run" in the navigation opens. */
  const latestActiveId = ref<string | null>(null);
  const syncError = ref<AppError | null>(null);
  let unsubscribers: Array<() => void> = [];
  /** The seq of the last event applied per run: events already in a replayed history are skipped. */
  const lastSeq = new Map<string, number>();

  function ensureRun(id: string): LiveRun {
    let run = runs.value[id];
    if (!run) {
      runs.value[id] = emptyRun(id, 'starting', true);
      run = runs.value[id];
    }
    return run;
  }

  /** Events that arrive while a sync is in flight, applied after its replayed history (when newer). */
  const buffers = new Set<Array<{ id: string; event: TrainerEvent; seq?: number }>>();

  function receive(payload: { id: string; event: TrainerEvent; seq?: number }): void {
    for (const buffer of buffers) buffer.push(payload);
    apply(payload);
  }

  function apply({ id, event, seq }: { id: string; event: TrainerEvent; seq?: number }): void {
    if (seq !== undefined) {
      if (seq <= (lastSeq.get(id) ?? 0)) return;
      lastSeq.set(id, seq);
    }
    const run = ensureRun(id);
    if (!run.active && run.status !== 'starting' && event.type === 'ready') run.active = true;
    applyTrainerEvent(run, event);
    if (run.active) latestActiveId.value = id;
  }

  /** Rebuilds the active runs from main's history (first start, and after a reconnect). */
  async function sync(): Promise<void> {
    const arrived: Array<{ id: string; event: TrainerEvent; seq?: number }> = [];
    buffers.add(arrived);
    const result = await api['training.active']({});
    buffers.delete(arrived);
    if (!result.ok) {
      syncError.value = result.error;
      return;
    }
    syncError.value = null;
    const activeIds = new Set(result.value.map((r) => r.id));
    // A run that stopped being active while we were disconnected: keep what we have, but not as active.
    for (const run of Object.values(runs.value)) if (run.active && !activeIds.has(run.id)) run.active = false;
    for (const active of result.value) {
      const run = emptyRun(active.id, active.state, true);
      for (const event of active.history) applyTrainerEvent(run, event);
      run.status = active.state === 'starting' && run.status !== 'starting' ? run.status : active.state;
      runs.value[active.id] = run;
      lastSeq.set(active.id, active.lastSeq);
    }
    if (result.value.length > 0) latestActiveId.value = result.value[result.value.length - 1].id;
    // Replaying replaced those runs' state: put back what came in meanwhile and is not in the history.
    for (const payload of arrived) if (activeIds.has(payload.id)) apply(payload);
  }

  function start(): Promise<void> {
    if (unsubscribers.length === 0) {
      unsubscribers.push(api.on('training.event', receive));
      let previous = connection.state;
      unsubscribers.push(
        connection.onChange((state) => {
          // The first connection answers start()'s own sync; only a reconnection needs another.
          if (state === 'connected' && previous === 'reconnecting') void sync();
          previous = state;
        }),
      );
    }
    return sync();
  }

  function stop(): void {
    for (const unsubscribe of unsubscribers) unsubscribe();
    unsubscribers = [];
  }

  /** Shows a finished (or not hosted) run from its recorded files: same charts, no live controls. */
  async function loadRecorded(id: string): Promise<Result<LiveRun>> {
    const existing = runs.value[id];
    // What the event stream saw is newer than the run's files (the host writes them after the events).
    if (existing && (existing.active || existing.status === 'completed' || existing.status === 'failed' || existing.status === 'stopped')) return { ok: true, value: existing };
    const revisionBefore = existing?.revision;
    const result = await api['runs.get']({ id });
    if (!result.ok) return result;
    const { record, metrics, summary } = result.value;
    const run = emptyRun(id, record.status === 'running' || record.status === 'queued' ? 'starting' : record.status, false);
    run.epochs.push(...metrics);
    const last = metrics[metrics.length - 1];
    if (last) run.samplesPerSec = last.samplesPerSec;
    run.summary = summary;
    run.failure = record.failure?.reason ?? null;
    if (record.failure) run.logs.push(...record.failure.lastLogLines.map((message) => ({ level: 'info' as const, message })));
    run.lastCheckpointEpoch = record.checkpointEpoch ?? null;
    run.etaSeconds = record.status === 'completed' ? 0 : null;
    if (record.versions.backend) run.backend = { name: record.versions.backend, tfjsVersion: record.versions.tfjs ?? '', device: record.versions.device ?? '', gpu: false, threads: record.versions.threads ?? 0, notes: [] };
    run.revision++;
    // The stream may have started (or finished) the run while we were reading: its entry wins.
    const current = runs.value[id];
    if (!current || (current === existing && current.revision === revisionBefore)) runs.value[id] = run;
    return { ok: true, value: runs.value[id] };
  }

  async function control(id: string, action: 'pause' | 'continue' | 'stop'): Promise<Result<{ id: string }>> {
    const run = runs.value[id];
    const result = await api[`training.${action}`]({ id });
    if (result.ok && run) {
      if (action === 'stop') run.status = 'stopping';
      else if (action === 'pause') run.status = 'paused';
      else run.status = 'running';
      run.revision++;
    }
    return result;
  }

  /** Starts a new run with the exact config of run `id`. */
  async function rerun(id: string): Promise<Result<{ id: string }>> {
    const result = await api['training.rerun']({ id });
    if (result.ok) markStarted(result.value.id);
    return result;
  }

  /** Continues a stopped or failed run from its last checkpoint. */
  async function resume(id: string): Promise<Result<{ id: string }>> {
    const result = await api['training.resume']({ id });
    if (result.ok) {
      const run = markStarted(result.value.id);
      run.active = true;
      run.status = 'starting';
      run.failure = null;
      run.revision++;
    }
    return result;
  }

  /** The run to show under "Live run": the most recently started one that is still training. */
  const activeRunId = computed<string | null>(() => {
    const latest = latestActiveId.value;
    if (latest && runs.value[latest]?.active) return latest;
    return Object.values(runs.value).find((run) => run.active)?.id ?? null;
  });

  /** Drops a deleted run. */
  function forget(id: string): void {
    delete runs.value[id];
    lastSeq.delete(id);
    if (latestActiveId.value === id) latestActiveId.value = null;
  }

  function markStarted(id: string): LiveRun {
    const run = ensureRun(id);
    latestActiveId.value = id;
    return run;
  }

  return { runs, latestActiveId, activeRunId, syncError, forget, start, stop, sync, receive, loadRecorded, control, rerun, resume, markStarted };
});
