// The Runs view: the table sorts by clicking headers and filters by search and status; runs are
// compared 2–5 at a time; deleting asks first; the list follows runs.changed.
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import RunsView from '../../../renderer/src/views/RunsView.vue';
import { currentRoute } from '../../../renderer/src/router';
import { useRunsStore } from '../../../renderer/src/stores/runs';
import { listEntry, runRecord, runSummary } from './helpers/fixtures';
import { freshApp } from './helpers/setup';

let app: ReturnType<typeof freshApp>;
beforeEach(async () => {
  app = freshApp();
  app.calls['runs.list'].mockResolvedValue({
    ok: true,
    value: [
      listEntry(runRecord('r-a', { name: 'Alpha', createdAt: '2026-03-01T10:00:00Z', config: { model: 'mgecnn' } }), runSummary(0.7, 300)),
      listEntry(runRecord('r-b', { name: 'Bravo cars', createdAt: '2026-03-02T10:00:00Z', config: { model: 'baseline' } }), runSummary(0.9, 100)),
      listEntry(runRecord('r-c', { name: 'Charlie', status: 'failed', createdAt: '2026-03-03T10:00:00Z' }), null),
    ],
  });
  await useRunsStore().start();
});

async function mountView() {
  const wrapper = mount(RunsView, { global: { plugins: [app.pinia] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const names = (wrapper: Awaited<ReturnType<typeof mountView>>) => wrapper.findAll('tbody tr .run-link').map((a) => a.text());
const header = (wrapper: Awaited<ReturnType<typeof mountView>>, label: string) => wrapper.findAll('th button.sort').find((b) => b.text().startsWith(label))!;

describe('Runs view', () => {
  it('lists runs newest first and sorts by a column on click, both ways', async () => {
    const wrapper = await mountView();
    expect(names(wrapper)).toEqual(['Charlie', 'Bravo cars', 'Alpha']);
    await header(wrapper, 'Best accuracy').trigger('click');
    expect(names(wrapper)).toEqual(['Bravo cars', 'Alpha', 'Charlie']);
    expect(wrapper.find('th[aria-sort="descending"]').text()).toContain('Best accuracy');
    await header(wrapper, 'Best accuracy').trigger('click');
    expect(names(wrapper)).toEqual(['Alpha', 'Bravo cars', 'Charlie']);
    await header(wrapper, 'Run').trigger('click');
    expect(names(wrapper)).toEqual(['Alpha', 'Bravo cars', 'Charlie']);
    wrapper.unmount();
  });

  it('filters by search text, status and model', async () => {
    const wrapper = await mountView();
    await wrapper.find('#runs-search').setValue('cars');
    expect(names(wrapper)).toEqual(['Bravo cars']);
    await wrapper.find('#runs-search').setValue('');
    await wrapper.find('#runs-status').setValue('failed');
    expect(names(wrapper)).toEqual(['Charlie']);
    await wrapper.find('#runs-status').setValue('all');
    await wrapper.find('#runs-model').setValue('baseline');
    expect(names(wrapper)).toEqual(['Bravo cars']);
    await wrapper.find('#runs-model').setValue('all');
    await wrapper.find('#runs-search').setValue('nothing like this');
    expect(wrapper.text()).toContain('No run matches these filters.');
    wrapper.unmount();
  });

  it('compares two to five selected runs', async () => {
    const wrapper = await mountView();
    const compare = () => wrapper.findAll('.page-header button').find((b) => b.text().startsWith('Compare'))!;
    expect(compare().attributes('disabled')).toBeDefined();
    await wrapper.find('tr[data-run-id="r-a"] input[type="checkbox"]').setValue(true);
    expect(wrapper.text()).toContain('Select at least one more run to compare.');
    await wrapper.find('tr[data-run-id="r-b"] input[type="checkbox"]').setValue(true);
    expect(compare().text()).toBe('Compare (2)');
    await compare().trigger('click');
    expect(currentRoute.value).toEqual({ name: 'compare', runIds: ['r-a', 'r-b'] });
    wrapper.unmount();
  });

  it('deletes a run only after the confirmation', async () => {
    const wrapper = await mountView();
    await wrapper.find('button[aria-label="Delete Alpha"]').trigger('click');
    const dialog = wrapper.find('dialog');
    expect(dialog.text()).toContain('Alpha');
    expect(app.calls['runs.delete']).not.toHaveBeenCalled();
    await dialog.findAll('button').find((b) => b.text() === 'Cancel')!.trigger('click');
    expect(app.calls['runs.delete']).not.toHaveBeenCalled();

    await wrapper.find('button[aria-label="Delete Alpha"]').trigger('click');
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(app.calls['runs.delete']).toHaveBeenCalledWith({ id: 'r-a' });
    expect(names(wrapper)).toEqual(['Charlie', 'Bravo cars']);
    wrapper.unmount();
  });

  it('re-runs with the same config and opens the new run', async () => {
    const wrapper = await mountView();
    await wrapper.find('button[aria-label="Re-run Alpha"]').trigger('click');
    await flushPromises();
    expect(app.calls['training.rerun']).toHaveBeenCalledWith({ id: 'r-a' });
    expect(currentRoute.value).toEqual({ name: 'run', runId: 'run-rerun' });
    wrapper.unmount();
  });

  it('reloads the list when main says runs changed', async () => {
    vi.useFakeTimers();
    try {
      const wrapper = await mountView();
      app.calls['runs.list'].mockResolvedValue({ ok: true, value: [listEntry(runRecord('r-d', { name: 'Delta' }))] });
      app.emit('runs.changed', { id: 'r-d' });
      app.emit('runs.changed', { id: 'r-d' });
      await vi.advanceTimersByTimeAsync(200);
      expect(app.calls['runs.list']).toHaveBeenCalledTimes(2); // the first load + one coalesced reload
      expect(names(wrapper)).toEqual(['Delta']);
      wrapper.unmount();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows an empty state without runs and an error state when listing fails', async () => {
    app.calls['runs.list'].mockResolvedValue({ ok: true, value: [] });
    await useRunsStore().refresh();
    let wrapper = await mountView();
    expect(wrapper.text()).toContain('No runs yet');
    wrapper.unmount();
    app.calls['runs.list'].mockResolvedValue({ ok: false, error: { code: 'io-error', message: 'the runs folder is not readable' } });
    await useRunsStore().refresh();
    wrapper = await mountView();
    expect(wrapper.find('[role="alert"]').text()).toContain('the runs folder is not readable');
    wrapper.unmount();
  });
});
