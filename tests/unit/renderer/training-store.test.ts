// Live training state: events build the run's progress, metrics and outcome; a (re)connect replays the
// active runs' history, and events already in that history are not applied twice.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActiveRun } from '../../../shared/api';
import type { TrainerEvent } from '../../../shared/trainer-protocol';
import { useTrainingStore } from '../../../renderer/src/stores/training';
import { epochMetrics, runRecord, runSummary } from './helpers/fixtures';
import { freshApp, settle } from './helpers/setup';

const backend = { name: 'wasm', tfjsVersion: '4.22.0', device: 'CPU', gpu: false, threads: 2, notes: [] };
const batch = (epoch: number, b: number, loss = 2): TrainerEvent => ({ type: 'batch', epoch, batch: b, batches: 4, loss, samplesPerSec: 30, etaSeconds: 60 });

let app: ReturnType<typeof freshApp>;
beforeEach(() => {
  app = freshApp();
});

describe('training store', () => {
  it('appends events of a live run: backend, batches, epochs, checkpoint, completion', async () => {
    const training = useTrainingStore();
    await training.start();
    let seq = 0;
    const send = (event: TrainerEvent) => app.emit('training.event', { id: 'r1', event, seq: ++seq });
    send({ type: 'ready', backend });
    send(batch(1, 1, 2.5));
    send(batch(1, 2, 2.3));
    const run = training.runs.r1;
    expect(run).toMatchObject({ status: 'running', active: true, backend, progress: { epoch: 1, batch: 2, batches: 4 }, samplesPerSec: 30 });
    expect(run.batchLoss).toEqual([
      { x: 0.25, y: 2.5 },
      { x: 0.5, y: 2.3 },
    ]);
    const batchArray = run.batchLoss;
    send({ type: 'epoch', metrics: epochMetrics(1) });
    send({ type: 'checkpoint', epoch: 1, batchesDone: 0, best: true });
    expect(run.epochs).toHaveLength(1);
    expect(run.lastCheckpointEpoch).toBe(1);
    // Append-only: the same arrays grow (charts append instead of rebuilding).
    send(batch(2, 1));
    expect(run.batchLoss).toBe(batchArray);
    expect(run.batchLoss).toHaveLength(3);
    const before = run.revision;
    send({ type: 'completed', summary: runSummary() });
    expect(run).toMatchObject({ status: 'completed', active: false, etaSeconds: 0 });
    expect(run.revision).toBe(before + 1);
    expect(training.latestActiveId).toBe('r1');
  });

  it('tracks pause, resume and failure', async () => {
    const training = useTrainingStore();
    await training.start();
    app.emit('training.event', { id: 'r2', event: { type: 'ready', backend }, seq: 1 });
    app.emit('training.event', { id: 'r2', event: { type: 'state', state: 'paused' }, seq: 2 });
    expect(training.runs.r2.status).toBe('paused');
    app.emit('training.event', { id: 'r2', event: { type: 'state', state: 'running' }, seq: 3 });
    expect(training.runs.r2.status).toBe('running');
    app.emit('training.event', { id: 'r2', event: { type: 'failed', message: 'out of memory' }, seq: 4 });
    expect(training.runs.r2).toMatchObject({ status: 'failed', active: false, failure: 'out of memory' });
  });

  it('replays the history of active runs on start and skips live events it already has', async () => {
    const history: TrainerEvent[] = [{ type: 'ready', backend }, batch(1, 1), batch(1, 2), { type: 'epoch', metrics: epochMetrics(1) }, batch(2, 1)];
    const active: ActiveRun = { id: 'r3', state: 'running', history, lastSeq: 5, startedAt: '2026-03-01T10:00:00Z' };
    app.calls['training.active'].mockResolvedValue({ ok: true, value: [active] });
    const training = useTrainingStore();
    await training.start();
    const run = training.runs.r3;
    expect(run.epochs).toHaveLength(1);
    expect(run.batchLoss).toHaveLength(3);
    expect(run.progress).toEqual({ epoch: 2, batch: 1, batches: 4 });
    // seq 5 is in the history already; seq 6 is new.
    app.emit('training.event', { id: 'r3', event: batch(2, 1), seq: 5 });
    app.emit('training.event', { id: 'r3', event: batch(2, 2), seq: 6 });
    expect(run.batchLoss).toHaveLength(4);
    expect(training.latestActiveId).toBe('r3');
  });

  it('keeps events that arrive while the history is being fetched', async () => {
    let answer: (value: unknown) => void = () => {};
    app.calls['training.active'].mockImplementation(() => new Promise((resolve) => (answer = resolve as (value: unknown) => void)));
    const training = useTrainingStore();
    const started = training.start();
    app.emit('training.event', { id: 'r4', event: batch(1, 3), seq: 3 });
    answer({ ok: true, value: [{ id: 'r4', state: 'running', history: [{ type: 'ready', backend }, batch(1, 1)], lastSeq: 2, startedAt: '' }] });
    await started;
    expect(training.runs.r4.batchLoss.map((p) => p.x)).toEqual([0.25, 0.75]);
  });

  it('shows a finished run from its recorded files', async () => {
    app.calls['runs.get'].mockResolvedValue({ ok: true, value: { record: runRecord('done'), metrics: [epochMetrics(1), epochMetrics(2)], summary: runSummary(), warnings: [] } });
    const training = useTrainingStore();
    const result = await training.loadRecorded('done');
    expect(result.ok).toBe(true);
    expect(training.runs.done).toMatchObject({ status: 'completed', active: false, summary: runSummary() });
    expect(training.runs.done.epochs).toHaveLength(2);
    expect(training.runs.done.backend?.name).toBe('wasm');
  });

  it('keeps what the stream saw when the run files still say running', async () => {
    const training = useTrainingStore();
    await training.start();
    app.emit('training.event', { id: 'r6', event: { type: 'ready', backend }, seq: 1 });
    app.emit('training.event', { id: 'r6', event: { type: 'completed', summary: runSummary() }, seq: 2 });
    // The host writes run.json after emitting the event: a read right now still says running.
    app.calls['runs.get'].mockResolvedValue({ ok: true, value: { record: runRecord('r6', { status: 'running' }), metrics: [], summary: null, warnings: [] } });
    const result = await training.loadRecorded('r6');
    expect(result.ok && result.value.status).toBe('completed');
    expect(training.runs.r6.summary).toEqual(runSummary());
  });

  it('sends pause, continue and stop, and re-runs', async () => {
    const training = useTrainingStore();
    await training.start();
    app.emit('training.event', { id: 'r5', event: { type: 'ready', backend }, seq: 1 });
    await training.control('r5', 'pause');
    expect(app.calls['training.pause']).toHaveBeenCalledWith({ id: 'r5' });
    await training.control('r5', 'stop');
    expect(training.runs.r5.status).toBe('stopping');
    const rerun = await training.rerun('r5');
    expect(rerun).toEqual({ ok: true, value: { id: 'run-rerun' } });
    expect(training.latestActiveId).toBe('run-rerun');
    await settle();
  });
});
