// The New run form: every field validated by the shared schema with the error next to its field, no
// call to main while anything is invalid, presets, server-side field errors, and starting a run.
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_PRESETS } from '../../../shared/config';
import NewRunView from '../../../renderer/src/views/NewRunView.vue';
import { currentRoute } from '../../../renderer/src/router';
import { useNewRunStore } from '../../../renderer/src/stores/new-run';
import { runConfig } from './helpers/fixtures';
import { freshApp } from './helpers/setup';

let app: ReturnType<typeof freshApp>;
beforeEach(() => {
  app = freshApp();
});

function mountForm() {
  return mount(NewRunView, { global: { plugins: [app.pinia] }, attachTo: document.body });
}

const fieldError = (wrapper: ReturnType<typeof mountForm>, id: string) => wrapper.find(`[data-field="${id}"] .error`);

describe('New run view', () => {
  it('shows each validation error next to its field as the user types', async () => {
    const wrapper = mountForm();
    await wrapper.find('#run-epochs').setValue('0');
    await wrapper.find('#run-momentum').setValue('1.5');
    await wrapper.find('#run-lr').setValue('fast');
    expect(fieldError(wrapper, 'run-epochs').text()).toBe('epochs must be at least 1');
    expect(fieldError(wrapper, 'run-momentum').text()).toBe('momentum must be below 1');
    expect(fieldError(wrapper, 'run-lr').text()).toBe('lr must be a number');
    expect(wrapper.find('#run-epochs').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#run-epochs').attributes('aria-describedby')).toBe('run-epochs-error');
    // Fields the user has not touched stay quiet until a start attempt.
    expect(fieldError(wrapper, 'run-dataset').exists()).toBe(false);
    wrapper.unmount();
  });

  it('starts nothing while a field is invalid, and then names every problem', async () => {
    const wrapper = mountForm();
    await wrapper.find('#run-batchSize').setValue('-2');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(app.calls['training.start']).not.toHaveBeenCalled();
    expect(fieldError(wrapper, 'run-dataset').text()).toContain('Choose a dataset folder');
    expect(fieldError(wrapper, 'run-batchSize').text()).toBe('batchSize must be at least 1');
    expect(wrapper.text()).toContain('2 fields need attention');
    wrapper.unmount();
  });

  it('fills the fields from a preset', async () => {
    const wrapper = mountForm();
    await wrapper.find('input[value="paper"]').setValue(true);
    expect((wrapper.find('#run-imgSize').element as HTMLInputElement).value).toBe(String(CONFIG_PRESETS.paper.imgSize));
    expect((wrapper.find('#run-backbone').element as HTMLSelectElement).value).toBe('resnet50');
    await wrapper.find('input[value="quick-cpu"]').setValue(true);
    expect((wrapper.find('#run-imgSize').element as HTMLInputElement).value).toBe(String(CONFIG_PRESETS['quick-cpu'].imgSize));
    wrapper.unmount();
  });

  it('starts a valid run with numbers where the schema wants numbers, and opens it', async () => {
    const wrapper = mountForm();
    await wrapper.find('#run-dataset').setValue('/data/birds');
    await wrapper.find('#run-name').setValue('Birds');
    await wrapper.find('#run-epochs').setValue('2');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(app.calls['training.start']).toHaveBeenCalledOnce();
    const input = app.calls['training.start'].mock.calls[0][0] as { config: Record<string, unknown>; name: string; preset: string };
    expect(input.name).toBe('Birds');
    expect(input.preset).toBe('quick-cpu');
    expect(input.config).toMatchObject({ dataset: '/data/birds', epochs: 2, batchSize: CONFIG_PRESETS['quick-cpu'].batchSize, model: 'mgecnn', split: { testFraction: 0.2 } });
    expect(currentRoute.value).toEqual({ name: 'run', runId: 'run-new' });
    wrapper.unmount();
  });

  it('shows the errors main finds (e.g. a folder that does not exist) next to their fields', async () => {
    app.calls['training.start'].mockResolvedValue({ ok: false, error: { code: 'invalid-input', message: 'dataset: no such folder', details: [{ field: 'dataset', message: 'no dataset folder at /nope' }] } });
    const wrapper = mountForm();
    await wrapper.find('#run-dataset').setValue('/nope');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fieldError(wrapper, 'run-dataset').text()).toBe('no dataset folder at /nope');
    // Editing the field clears main's verdict until the next attempt.
    await wrapper.find('#run-dataset').setValue('/data/birds');
    expect(fieldError(wrapper, 'run-dataset').exists()).toBe(false);
    wrapper.unmount();
  });

  it('re-run fills the exact config of an earlier run', () => {
    const store = useNewRunStore();
    const config = runConfig({ ...CONFIG_PRESETS.paper, dataset: '/d', gpuIds: '7,6', split: { testFraction: 0.3, aircraftLevel: 'family' } });
    store.prefillFrom({ id: 'old', name: 'Old', config });
    expect(store.values).toMatchObject({ dataset: '/d', gpuIds: '6,7', 'split.testFraction': '0.3', 'split.aircraftLevel': 'family', imgSize: '448' });
    expect(store.name).toBe('Old (re-run)');
    expect(store.isValid).toBe(true);
  });
});
