// Predict, Compare, Settings and the app shell (navigation, menu commands, connection banner).
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PredictImagesDto } from '../../../shared/api';
import { epochMetrics, runRecord, runSummary } from './helpers/fixtures';
import { freshApp } from './helpers/setup';

vi.mock('chart.js', () => import('./helpers/chart-mock'));

const { default: PredictView } = await import('../../../renderer/src/views/PredictView.vue');
const { default: CompareView } = await import('../../../renderer/src/views/CompareView.vue');
const { default: SettingsView } = await import('../../../renderer/src/views/SettingsView.vue');
const { default: App } = await import('../../../renderer/src/App.vue');
const { navigate, currentRoute } = await import('../../../renderer/src/router');
const { parsePaths } = await import('../../../renderer/src/stores/predict');
const { useRunsStore } = await import('../../../renderer/src/stores/runs');
const { installApi } = await import('../../../renderer/src/api');

let app: ReturnType<typeof freshApp>;
beforeEach(() => {
  app = freshApp();
});

const mountView = async (component: object) => {
  const wrapper = mount(component, { global: { plugins: [app.pinia] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
};

describe('Predict view', () => {
  const prediction: PredictImagesDto = {
    runId: 'run-1',
    epoch: 5,
    backend: 'wasm',
    predictions: [
      {
        path: '/photos/bird.jpg',
        top: [
          { index: 1, name: 'sparrow', probability: 0.8 },
          { index: 0, name: 'finch', probability: 0.2 },
        ],
        gateWeights: [0.5, 0.3, 0.2],
        boxes: [],
        views: [1, 2, 3].map((t) => ({ name: `expert${t}`, prediction: { index: 1, name: 'sparrow', probability: 0.7 } })),
        imageUrl: '/files/predict/1/bird.jpg',
        camUrls: { model: '/files/predict/1/model.png', views: { expert1: '/e1.png', expert2: '/e2.png', expert3: '/e3.png' } },
      },
      { path: '/photos/notes.txt', error: 'not an image' },
    ],
  };

  it('classifies the listed paths with the chosen run and shows top-k, maps and failures', async () => {
    app.calls['predict.images'].mockResolvedValue({ ok: true, value: prediction });
    await useRunsStore().start();
    const wrapper = await mountView(PredictView);
    await wrapper.find('#predict-paths').setValue('"/photos/bird.jpg"\n\n/photos/notes.txt\n');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(app.calls['predict.images']).toHaveBeenCalledWith({ runId: 'run-1', paths: ['/photos/bird.jpg', '/photos/notes.txt'], top: 5, cam: true, camMethod: 'gradcam' });
    const card = wrapper.find('.prediction-card');
    expect(card.find('h3').text()).toContain('sparrow');
    expect(card.findAll('.top-list li')).toHaveLength(2);
    expect(card.findAll('.maps figure')).toHaveLength(4);
    expect(wrapper.find('.failures').text()).toContain('not an image');
    expect(wrapper.text()).toContain('model of epoch 5 on wasm');
    wrapper.unmount();
  });

  it('asks for paths before calling main, and offers training when no run is complete', async () => {
    await useRunsStore().start();
    let wrapper = await mountView(PredictView);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(app.calls['predict.images']).not.toHaveBeenCalled();
    expect(wrapper.find('[role="alert"]').text()).toContain('Add at least one image');
    wrapper.unmount();

    app.calls['runs.list'].mockResolvedValue({ ok: true, value: [] });
    await useRunsStore().refresh();
    wrapper = await mountView(PredictView);
    expect(wrapper.text()).toContain('No trained model yet');
    wrapper.unmount();
  });

  it('reads one path per line', () => {
    expect(parsePaths(" /a.jpg \n'/b c.png'\n\n/a.jpg\r\n")).toEqual(['/a.jpg', '/b c.png']);
  });
});

describe('Compare view', () => {
  it('puts the chosen runs on one chart and highlights the settings that differ', async () => {
    const records = { a: runRecord('a', { name: 'A', config: { model: 'mgecnn' } }), b: runRecord('b', { name: 'B', config: { model: 'baseline' } }) };
    app.calls['runs.get'].mockImplementation(async (input) => {
      const id = (input as { id: 'a' | 'b' }).id;
      return { ok: true, value: { record: records[id], metrics: [epochMetrics(1), epochMetrics(2)], summary: runSummary(), warnings: [] } };
    });
    navigate({ name: 'compare', runIds: ['a', 'b'] });
    const wrapper = await mountView(CompareView);
    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual(['Setting', 'A', 'B']);
    const differing = wrapper.findAll('tr.differs th').map((th) => th.text());
    expect(differing).toEqual(['Model']);
    expect(wrapper.findAll('#compare-metric option').map((o) => o.text())).toContain('Test accuracy — Gate (final)');
    wrapper.unmount();
  });
});

describe('Settings view', () => {
  it('shows the backend in use, changes the runs folder, and keeps W&B for later', async () => {
    app.calls['app.info'].mockResolvedValue({ ok: true, value: { version: '0.1.0', runsDir: '/runs', lastBackend: { name: 'tensorflow', tfjsVersion: '4.22.0', device: 'NVIDIA H200', gpu: true, threads: 16, notes: ['CUDA 12'] }, mode: 'browser', capabilities: { chooseFolder: false, openFolder: false, dropPaths: false }, platform: 'linux-x64', node: '20' } });
    app.calls['settings.set'].mockResolvedValue({ ok: true, value: { runsDir: '/other', defaultRunsDir: '/runs', persisted: false } });
    const wrapper = await mountView(SettingsView);
    expect(wrapper.find('.facts').text()).toContain('tensorflow');
    expect(wrapper.find('.facts').text()).toContain('NVIDIA H200');
    expect(wrapper.find('.facts').text()).toContain('GPU');
    expect(wrapper.find('#settings-wandb').attributes('disabled')).toBeDefined();
    await wrapper.find('#settings-runs-dir').setValue('/other');
    await wrapper.find('form.row').trigger('submit');
    await flushPromises();
    expect(app.calls['settings.set']).toHaveBeenCalledWith({ runsDir: '/other' });
    expect(app.calls['runs.list']).toHaveBeenCalled();
    wrapper.unmount();
  });

  it('shows the reason a runs folder is refused next to the field', async () => {
    app.calls['settings.set'].mockResolvedValue({ ok: false, error: { code: 'io-error', message: 'cannot create /root/x: permission denied' } });
    const wrapper = await mountView(SettingsView);
    await wrapper.find('#settings-runs-dir').setValue('/root/x');
    await wrapper.find('form.row').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-field="settings-runs-dir"] .error').text()).toContain('permission denied');
    wrapper.unmount();
  });
});

describe('App shell', () => {
  it('navigates from the left bar, follows menu commands and shows toasts', async () => {
    navigate({ name: 'runs' });
    const wrapper = await mountView(App);
    expect(wrapper.find('nav a[aria-current="page"]').text()).toBe('Runs');
    expect(wrapper.find('h1').text()).toBe('Runs');
    app.emit('app.command', { command: 'show-settings' });
    await flushPromises();
    expect(currentRoute.value).toEqual({ name: 'settings' });
    expect(wrapper.find('h1').text()).toBe('Settings');
    expect(wrapper.find('nav a[aria-current="page"]').text()).toBe('Settings');
    wrapper.unmount();
  });

  it('tells the user when the connection to mge serve is lost', async () => {
    const listeners = new Set<(state: 'connected' | 'reconnecting') => void>();
    const connection = {
      state: 'connected' as 'connected' | 'reconnecting',
      onChange: (listener: (state: 'connected' | 'reconnecting') => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const change = (state: 'connected' | 'reconnecting') => {
      connection.state = state;
      for (const listener of listeners) listener(state);
    };
    installApi(app.api, { connection });
    const wrapper = await mountView(App);
    expect(wrapper.text()).not.toContain('Reconnecting');
    change('reconnecting');
    await flushPromises();
    expect(wrapper.find('.connection-banner').text()).toContain('Reconnecting');
    change('connected');
    await flushPromises();
    expect(wrapper.find('.connection-banner').exists()).toBe(false);
    // A reconnection rebuilds the live runs from main's history.
    expect(app.calls['training.active']).toHaveBeenCalledTimes(2);
    wrapper.unmount();
  });
});
