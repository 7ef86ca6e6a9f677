// The runs this process is training right now. Each keeps its event history and state, owned here and
// not by any window, so a renderer that reloads or reconnects redraws its charts from training.active
// and then continues with live training.event messages (their seq tells which ones it already has).
import type { ActiveRun, ApiEvents } from '../../../shared/api';
import type { BackendReport, TrainerEvent } from '../../../shared/trainer-protocol';
import type { RunOutcome, TrainingHandle } from '../training/trainer-host';

/** Long runs emit one batch event per step: past this many, the kept ones are thinned evenly (every other one). */
const MAX_BATCH_EVENTS = 2000;
/** Log lines are kept newest-first up to this count. */
const MAX_LOG_EVENTS = 500;

interface Entry {
  handle: TrainingHandle;
  state: ActiveRun['state'];
  history: TrainerEvent[];
  batchEvents: number;
  logEvents: number;
  seq: number;
  startedAt: string;
}

export interface ActiveRunsEvents {
  trainingEvent(payload: ApiEvents['training.event']): void;
  /** The run's record changed on disk (started, backend known, finished). */
  runChanged(id: string): void;
  /** The trainer reported the backend it runs on. */
  backendReady(backend: BackendReport): void;
}

export class ActiveRunRegistry {
  private readonly runs = new Map<string, Entry>();

  constructor(private readonly events: ActiveRunsEvents) {}

  /** Starts following a freshly started or resumed run until its trainer ends. */
  track(handle: TrainingHandle): void {
    const entry: Entry = { handle, state: 'starting', history: [], batchEvents: 0, logEvents: 0, seq: 0, startedAt: new Date().toISOString() };
    this.runs.set(handle.runId, entry);
    handle.onEvent((event) => this.record(entry, event));
    void handle.done.then(
      (outcome: RunOutcome) => this.finish(entry, outcome),
      () => this.finish(entry, null),
    );
    this.events.runChanged(handle.runId);
  }

  has(id: string): boolean {
    return this.runs.has(id);
  }

  get(id: string): { handle: TrainingHandle; state: ActiveRun['state'] } | undefined {
    return this.runs.get(id);
  }

  /** Marks the run as stopping and asks its trainer to save and stop. */
  stop(id: string): void {
    const entry = this.runs.get(id);
    if (!entry) return;
    entry.state = 'stopping';
    entry.handle.stop();
  }

  list(): ActiveRun[] {
    return [...this.runs.values()].map((e) => ({ id: e.handle.runId, state: e.state, history: [...e.history], lastSeq: e.seq, startedAt: e.startedAt }));
  }

  ids(): string[] {
    return [...this.runs.keys()];
  }

  /**
   * Asks every trainer to save and stop, and waits for them; a trainer still running after
   * `timeoutMs` is killed (its last checkpoint stays, and it can be resumed from there).
   */
  async stopAll(timeoutMs: number): Promise<void> {
    const entries = [...this.runs.values()];
    for (const entry of entries) {
      entry.state = 'stopping';
      entry.handle.stop();
    }
    await Promise.all(
      entries.map(async (entry) => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
        const result = await Promise.race([entry.handle.done.then(() => 'done' as const, () => 'done' as const), timedOut]);
        clearTimeout(timer);
        if (result === 'timeout') {
          entry.handle.kill();
          await entry.handle.done.catch(() => undefined);
        }
      }),
    );
  }

  private record(entry: Entry, event: TrainerEvent): void {
    entry.seq += 1;
    switch (event.type) {
      case 'ready':
        if (entry.state === 'starting') entry.state = 'running';
        this.events.backendReady(event.backend);
        this.events.runChanged(entry.handle.runId);
        break;
      case 'state':
        if (entry.state !== 'stopping') entry.state = event.state;
        break;
      case 'batch':
      case 'epoch':
        if (entry.state === 'starting') entry.state = 'running';
        break;
      default:
        break;
    }
    this.remember(entry, event);
    this.events.trainingEvent({ id: entry.handle.runId, event, seq: entry.seq });
  }

  private remember(entry: Entry, event: TrainerEvent): void {
    entry.history.push(event);
    if (event.type === 'batch' && ++entry.batchEvents > MAX_BATCH_EVENTS) {
      // Keep every other batch event: the curve keeps its whole length at half the resolution.
      let index = 0;
      entry.history = entry.history.filter((e) => e.type !== 'batch' || index++ % 2 === 0 || e === event);
      entry.batchEvents = entry.history.filter((e) => e.type === 'batch').length;
    }
    if (event.type === 'log' && ++entry.logEvents > MAX_LOG_EVENTS * 1.5) {
      let surplus = entry.logEvents - MAX_LOG_EVENTS;
      entry.history = entry.history.filter((e) => e.type !== 'log' || surplus-- <= 0);
      entry.logEvents = MAX_LOG_EVENTS;
    }
  }

  private finish(entry: Entry, _outcome: RunOutcome | null): void {
    if (this.runs.get(entry.handle.runId) === entry) this.runs.delete(entry.handle.runId);
    // The host resolves `done` after its last write to the run folder, so the record is final now.
    this.events.runChanged(entry.handle.runId);
  }
}
