// The active-run registry without processes: state follows the trainer's events, history survives for a
// reconnecting renderer (thinned, never unbounded), and a finished run leaves the registry.
import { describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../../shared/api';
import type { TrainerEvent } from '../../../shared/trainer-protocol';
import { ActiveRunRegistry } from '../../../main/services/api/active-runs';
import type { RunOutcome, TrainingHandle } from '../../../main/services/training/trainer-host';

function fakeHandle(runId: string) {
  let listener: (event: TrainerEvent) => void = () => undefined;
  let finish: (outcome: RunOutcome) => void = () => undefined;
  const calls: string[] = [];
  const handle: TrainingHandle = {
    runId,
    runDir: `/runs/${runId}`,
    onEvent(l) {
      listener = l;
      return () => undefined;
    },
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    stop: () => calls.push('stop'),
    kill: () => {
      calls.push('kill');
      finish({ status: 'failed', reason: 'killed', lastLogLines: [] });
    },
    done: new Promise((resolve) => (finish = resolve)),
  };
  return { handle, calls, emit: (e: TrainerEvent) => listener(e), finish: (o: RunOutcome) => finish(o) };
}

function registry() {
  const training: Array<ApiEvents['training.event']> = [];
  const changed: string[] = [];
  const reg = new ActiveRunRegistry({ trainingEvent: (p) => training.push(p), runChanged: (id) => changed.push(id), backendReady: () => undefined });
  return { reg, training, changed };
}

const batch = (n: number): TrainerEvent => ({ type: 'batch', epoch: 1, batch: n, batches: 100_000, loss: 1, samplesPerSec: 1, etaSeconds: 1 });

describe('active run registry', () => {
  it('follows the trainer state and numbers the events', async () => {
    const { reg, training, changed } = registry();
    const run = fakeHandle('r1');
    reg.track(run.handle);
    expect(reg.list()[0]).toMatchObject({ id: 'r1', state: 'starting', lastSeq: 0 });
    run.emit({ type: 'ready', backend: { name: 'cpu', tfjsVersion: '4.22.0', device: 'cpu', gpu: false, threads: 1, notes: [] } });
    expect(reg.get('r1')?.state).toBe('running');
    run.emit({ type: 'state', state: 'paused' });
    expect(reg.get('r1')?.state).toBe('paused');
    reg.stop('r1');
    expect(run.calls).toEqual(['stop']);
    run.emit({ type: 'state', state: 'running' });
    expect(reg.get('r1')?.state).toBe('stopping');
    expect(training.map((t) => t.seq)).toEqual([1, 2, 3]);
    expect(reg.list()[0].lastSeq).toBe(3);

    run.finish({ status: 'stopped', epoch: 1 });
    await run.handle.done;
    await Promise.resolve();
    expect(reg.has('r1')).toBe(false);
    expect(changed).toEqual(['r1', 'r1', 'r1']);
  });

  it('keeps the history bounded on long runs, thinning batches evenly and keeping every epoch', () => {
    const { reg } = registry();
    const run = fakeHandle('long');
    reg.track(run.handle);
    for (let i = 1; i <= 10_000; i++) {
      run.emit(batch(i));
      if (i % 1000 === 0) run.emit({ type: 'epoch', metrics: { epoch: i / 1000, losses: { total: 1 }, accuracy: { final: 0.5 }, lr: { head: 0.1, backbone: 0.1 }, samplesPerSec: 1, epochSeconds: 1, etaSeconds: 1, time: '' } });
      run.emit({ type: 'log', level: 'info', message: `line ${i}` });
    }
    const [active] = reg.list();
    const batches = active.history.filter((e) => e.type === 'batch') as Array<Extract<TrainerEvent, { type: 'batch' }>>;
    expect(batches.length).toBeLessThanOrEqual(2000);
    expect(batches.length).toBeGreaterThan(600);
    // The curve keeps its whole length: early and latest batches are both there, in order.
    expect(batches[0].batch).toBe(1);
    expect(batches[batches.length - 1].batch).toBe(10_000);
    expect(batches.every((b, i) => i === 0 || b.batch > batches[i - 1].batch)).toBe(true);
    expect(active.history.filter((e) => e.type === 'epoch')).toHaveLength(10);
    const logs = active.history.filter((e) => e.type === 'log');
    expect(logs.length).toBeLessThanOrEqual(750);
    expect(logs[logs.length - 1]).toMatchObject({ message: 'line 10000' });
    expect(active.lastSeq).toBe(20_010);
  });

  it('kills a trainer that does not stop in time on shutdown', async () => {
    const { reg } = registry();
    const stubborn = fakeHandle('stubborn');
    const polite = fakeHandle('polite');
    reg.track(stubborn.handle);
    reg.track(polite.handle);
    const stopping = reg.stopAll(50);
    polite.finish({ status: 'stopped', epoch: 2 });
    await stopping;
    expect(polite.calls).toEqual(['stop']);
    expect(stubborn.calls).toEqual(['stop', 'kill']);
  });

  it('returns copies of the history', () => {
    const { reg } = registry();
    const run = fakeHandle('copy');
    reg.track(run.handle);
    run.emit(batch(1));
    reg.list()[0].history.length = 0;
    expect(reg.list()[0].history).toHaveLength(1);
  });
});
