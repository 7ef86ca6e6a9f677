// training.* over the real trainer host and a scripted trainer child: events stream with their seq,
// the active registry follows each run, pause/continue/stop/resume/re-run work, shutdown saves.
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../main/services/runs';
import { makeFolderFixture } from '../../helpers/dataset-fixtures';
import { newRun } from '../../helpers/run-fixtures';
import { useTempDir } from '../../helpers/temp-dir';
import { isTrainerEvent, makeServiceFixture, type RecordedEvent, type ServiceFixture } from './fixtures/service-fixture';

const tempDir = useTempDir('mge-api-training-');
let dataset: string;

beforeAll(async () => {
  dataset = (await makeFolderFixture(tempDir(), { classes: 2, splits: { train: 3, test: 2 }, clutter: false })).root;
});

const config = () => ({ dataset, backbone: 'resnet-tiny', imgSize: 32, epochs: 2 });
const runChanged = (id: string) => (e: RecordedEvent) => e.name === 'runs.changed' && e.payload.id === id;

async function untilInactive(fx: ServiceFixture, id: string): Promise<void> {
  for (let i = 0; i < 400 && fx.service.activeRunIds().includes(id); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('training.*', () => {
  it('trains a run to completion, streaming numbered events, and then lists it completed', async () => {
    const fx = await makeServiceFixture(tempDir());
    const { id } = await fx.value('training.start', { config: config(), name: 'first', preset: 'quick-cpu' });
    expect(fx.events[0]).toEqual({ name: 'runs.changed', payload: { id } });
    await fx.waitForEvent(isTrainerEvent(id, 'completed'));
    await untilInactive(fx, id);

    const trainingEvents = fx.events.filter((e): e is Extract<RecordedEvent, { name: 'training.event' }> => e.name === 'training.event');
    expect(trainingEvents.map((e) => e.payload.event.type)).toEqual(['ready', 'batch', 'epoch', 'checkpoint', 'batch', 'epoch', 'checkpoint', 'completed']);
    expect(trainingEvents.map((e) => e.payload.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await fx.value('training.active', {})).toEqual([]);

    const details = await fx.value('runs.get', { id });
    expect(details.record).toMatchObject({ name: 'first', status: 'completed', config: { imgSize: 32, epochs: 2, lr: 0.05 } });
    expect(details.metrics.map((m) => m.epoch)).toEqual([1, 2]);
    expect(details.summary?.testAccuracy).toBe(0.6);
    expect((await fx.value('app.info', {})).lastBackend).toMatchObject({ name: 'cpu', device: 'test CPU' });
    // The last runs.changed comes after the host's final write, so a list refresh sees the outcome.
    expect(fx.events[fx.events.length - 1]).toEqual({ name: 'runs.changed', payload: { id } });
  });

  it('names every bad field of a config', async () => {
    const fx = await makeServiceFixture(tempDir());
    const result = await fx.service.call('training.start', { config: { dataset, epochs: 0, backbone: 'resnet9000', bogus: 1 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.details?.map((d) => d.field).sort()).toEqual(['(config)', 'backbone', 'epochs']);
    expect(await fx.service.call('training.start', { config: { dataset: 'relative/folder' } })).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: 'dataset' }] } });
    expect(await fx.service.call('training.start', { config: { dataset: `${dataset}-missing` } })).toMatchObject({ ok: false, error: { code: 'not-a-dataset' } });
    expect(await fx.service.call('training.start', { config: config(), preset: 'turbo' as never })).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: 'preset' }] } });
  });

  it('pauses, continues and stops a long run, keeps its history for a reconnect, then resumes it', async () => {
    const fx = await makeServiceFixture(tempDir(), { trainerMode: 'hold' });
    const { id } = await fx.value('training.start', { config: config() });
    await fx.waitForEvent(isTrainerEvent(id, 'batch'));

    // A renderer that reloads now gets everything so far.
    const [active] = await fx.value('training.active', {});
    expect(active).toMatchObject({ id, state: 'running', lastSeq: 2 });
    expect(active.history.map((e) => e.type)).toEqual(['ready', 'batch']);

    await fx.value('training.pause', { id });
    await fx.waitForEvent((e) => isTrainerEvent(id, 'state')(e) && e.name === 'training.event' && e.payload.event.type === 'state' && e.payload.event.state === 'paused');
    expect((await fx.value('training.active', {}))[0].state).toBe('paused');
    await fx.value('training.continue', { id });
    await fx.waitForEvent((e) => e.name === 'training.event' && e.payload.event.type === 'state' && e.payload.event.state === 'running');

    expect(await fx.service.call('runs.delete', { id })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('stop it') } });
    expect(await fx.service.call('training.resume', { id })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await fx.value('training.stop', { id });
    expect((await fx.value('training.active', {}))[0].state).toBe('stopping');
    expect(await fx.service.call('training.pause', { id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await fx.waitForEvent(isTrainerEvent(id, 'stopped'));
    await untilInactive(fx, id);
    expect((await fx.value('runs.get', { id })).record).toMatchObject({ status: 'stopped', checkpointEpoch: 1 });
    expect(await fx.service.call('training.pause', { id })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('not training') } });

    const before = fx.events.length;
    expect(await fx.value('training.resume', { id })).toEqual({ id });
    await fx.waitForEvent((e) => fx.events.indexOf(e) >= before && isTrainerEvent(id, 'batch')(e));
    expect((await fx.value('training.active', {}))[0]).toMatchObject({ id, state: 'running', lastSeq: 2 });
    await fx.service.shutdown(10_000);
    expect((await fx.value('runs.get', { id })).record.status).toBe('stopped');
  });

  it('re-runs a run with its exact config, recording where it came from', async () => {
    const fx = await makeServiceFixture(tempDir());
    const { id: first } = await fx.value('training.start', { config: { ...config(), seed: 7, lr: 0.02 }, name: 'original' });
    await fx.waitForEvent(runChanged(first));
    await untilInactive(fx, first);
    const { id: second } = await fx.value('training.rerun', { id: first });
    await untilInactive(fx, second);
    const [a, b] = await Promise.all([fx.value('runs.get', { id: first }), fx.value('runs.get', { id: second })]);
    expect(b.record.config).toEqual(a.record.config);
    expect(b.record).toMatchObject({ name: 'original (re-run)', parentRunId: first, status: 'completed' });
    expect(await fx.service.call('training.rerun', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('marks a run whose trainer is gone as interrupted when asked to stop it', async () => {
    const fx = await makeServiceFixture(tempDir());
    const store = new RunStore(fx.runsDir);
    const orphan = await store.create(newRun({ status: 'running' }));
    await store.update(orphan.id, { checkpointEpoch: 3 });
    expect(await fx.value('training.stop', { id: orphan.id })).toEqual({ id: orphan.id });
    expect(await store.readRecord(orphan.id)).toMatchObject({ status: 'stopped', failure: { reason: expect.stringContaining('interrupted') } });
    const noCheckpoint = await store.create(newRun({ status: 'running' }));
    await fx.value('training.stop', { id: noCheckpoint.id });
    expect((await store.readRecord(noCheckpoint.id)).status).toBe('failed');
    expect(await fx.service.call('training.stop', { id: orphan.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('is stopped') } });
    expect(await fx.service.call('training.continue', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
