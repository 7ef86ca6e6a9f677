// The live run view: history replayed on open, progress/throughput/ETA from batch events, charts fed
// incrementally, pause/resume/stop (stop asks first), and the recorded view of a finished run.
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrainerEvent } from '../../../shared/trainer-protocol';
import { epochMetrics, runRecord, runSummary } from './helpers/fixtures';
import { freshApp } from './helpers/setup';
import { charts } from './helpers/chart-mock';

vi.mock('chart.js', () => import('./helpers/chart-mock'));

const { default: RunView } = await import('../../../renderer/src/views/RunView.vue');
const { navigate } = await import('../../../renderer/src/router');
const { useTrainingStore } = await import('../../../renderer/src/stores/training');

const backend = { name: 'wasm', tfjsVersion: '4.22.0', device: 'AMD EPYC (2 logical cores)', gpu: false, threads: 2, notes: [] };
const batch = (epoch: number, b: number): TrainerEvent => ({ type: 'batch', epoch, batch: b, batches: 4, loss: 3 - b * 0.1, samplesPerSec: 42.5, etaSeconds: 95 });

let app: ReturnType<typeof freshApp>;
beforeEach(() => {
  charts.length = 0;
  app = freshApp();
  app.calls['runs.get'].mockResolvedValue({ ok: true, value: { record: runRecord('live-1', { name: 'Live birds', status: 'running', config: { epochs: 3 } }), metrics: [], summary: null, warnings: [] } });
});

async function mountRun(runId: string | null) {
  navigate({ name: 'run', runId });
  const wrapper = mount(RunView, { global: { plugins: [app.pinia] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('Run view', () => {
  it('replays the history of a run in progress and keeps following it', async () => {
    app.calls['training.active'].mockResolvedValue({ ok: true, value: [{ id: 'live-1', state: 'running', history: [{ type: 'ready', backend }, batch(1, 1), batch(1, 2)], lastSeq: 3, startedAt: '' }] });
    await useTrainingStore().start();
    const wrapper = await mountRun(null); // "Live run": follows the run that is training
    expect(wrapper.find('h1').text()).toBe('Live birds');
    expect(wrapper.text()).toContain('Epoch 1 of 3 · batch 2 of 4');
    expect(wrapper.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('17');
    expect(wrapper.text()).toContain('42.5 img/s');
    expect(wrapper.text()).toContain('1m 35s');
    expect(wrapper.text()).toContain('wasm');

    const lossChart = charts[0];
    const batchSeries = () => lossChart.data.datasets.find((d) => d.label === 'Batch loss')!;
    expect(batchSeries().data).toHaveLength(2);
    app.emit('training.event', { id: 'live-1', event: batch(1, 3), seq: 4 });
    app.emit('training.event', { id: 'live-1', event: { type: 'epoch', metrics: epochMetrics(1) }, seq: 5 });
    await new Promise((resolve) => setTimeout(resolve, 250)); // charts redraw at most 5 times a second
    await flushPromises();
    expect(charts[0]).toBe(lossChart); // the same chart, grown — never rebuilt
    expect(batchSeries().data).toHaveLength(3);
    expect(lossChart.data.datasets.find((d) => d.label === 'Total')!.data).toEqual([{ x: 1, y: 11 }]);
    expect(lossChart.update).toHaveBeenLastCalledWith('none');
    const accuracyChart = charts.find((c) => c.data.datasets.some((d) => d.label === 'Gate (final)'))!;
    expect(accuracyChart.data.datasets.map((d) => d.label)).toEqual(['Gate (final)', 'Expert 1', 'Expert 2', 'Expert 3']);
    wrapper.unmount();
    expect(lossChart.destroy).toHaveBeenCalled();
  });

  it('pauses, resumes, and stops only after confirmation', async () => {
    await useTrainingStore().start();
    app.emit('training.event', { id: 'live-1', event: { type: 'ready', backend }, seq: 1 });
    const wrapper = await mountRun('live-1');
    const button = (label: string) => wrapper.findAll('.page-header button').find((b) => b.text() === label);
    await button('Pause')!.trigger('click');
    await flushPromises();
    expect(app.calls['training.pause']).toHaveBeenCalledWith({ id: 'live-1' });
    expect(button('Resume')).toBeDefined();
    await button('Resume')!.trigger('click');
    await flushPromises();
    expect(app.calls['training.continue']).toHaveBeenCalledWith({ id: 'live-1' });

    await button('Stop')!.trigger('click');
    expect(app.calls['training.stop']).not.toHaveBeenCalled();
    expect(wrapper.find('dialog').text()).toContain('a checkpoint is saved');
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(app.calls['training.stop']).toHaveBeenCalledWith({ id: 'live-1' });
    expect(wrapper.find('.status-badge').text()).toBe('Stopping');
    wrapper.unmount();
  });

  it('shows a finished run from its files with its results and its log', async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => new Response(url === '/files/runs/run-1/train.log' ? 'epoch 1: loss 11\nepoch 2: loss 10\n' : 'no', { status: url.endsWith('train.log') ? 200 : 404 })));
    app.calls['runs.get'].mockResolvedValue({ ok: true, value: { record: runRecord('done-1', { name: 'Done birds' }), metrics: [epochMetrics(1), epochMetrics(2)], summary: runSummary(), warnings: [] } });
    const wrapper = await mountRun('done-1');
    expect(wrapper.find('.status-badge').text()).toBe('Completed');
    expect(wrapper.text()).toContain('Results');
    expect(wrapper.text()).toContain('Expert 1');
    expect(wrapper.findAll('.page-header button').map((b) => b.text())).toEqual(expect.arrayContaining(['Re-run', 'Edit config…']));
    expect(charts[0].data.datasets.find((d) => d.label === 'Total')!.data).toHaveLength(2);
    expect(wrapper.find('pre.log').text()).toBe('epoch 1: loss 11\nepoch 2: loss 10');
    wrapper.unmount();
  });

  it('says when nothing is training, and when a run cannot be opened', async () => {
    await useTrainingStore().start();
    let wrapper = await mountRun(null);
    expect(wrapper.text()).toContain('Nothing is training right now');
    wrapper.unmount();
    app.calls['runs.get'].mockResolvedValue({ ok: false, error: { code: 'not-found', message: 'no run gone-1' } });
    wrapper = await mountRun('gone-1');
    expect(wrapper.find('[role="alert"]').text()).toContain('no run gone-1');
    wrapper.unmount();
  });
});
