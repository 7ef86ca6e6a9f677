// Datasets: inspecting a folder shows the import report (classes with counts and thumbnails, problems
// by kind); a folder that is not a dataset shows the reason; inspected folders are offered again.
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import DatasetsView from '../../../renderer/src/views/DatasetsView.vue';
import { currentRoute } from '../../../renderer/src/router';
import { useNewRunStore } from '../../../renderer/src/stores/new-run';
import { DATASET_REPORT } from './helpers/fixtures';
import { freshApp } from './helpers/setup';

let app: ReturnType<typeof freshApp>;
beforeEach(() => {
  localStorage.clear();
  app = freshApp();
});

const mountView = () => mount(DatasetsView, { global: { plugins: [app.pinia] }, attachTo: document.body });

describe('Datasets view', () => {
  it('inspects a typed path and shows the report, classes and problems', async () => {
    app.calls['datasets.samples'].mockResolvedValue({
      ok: true,
      value: { root: '/data/birds', total: 2, offset: 0, samples: [0, 1].map((label) => ({ path: `${label}.png`, label, className: DATASET_REPORT.classes[label], split: 'train', url: `/files/datasets/k/${label}/x.png`, thumbnailUrl: `/files/datasets/k/${label}/x.png?size=thumb` })) },
    });
    const wrapper = mountView();
    await wrapper.find('#dataset-path').setValue('/data/birds');
    await wrapper.find('form.path-form').trigger('submit');
    await flushPromises();
    expect(app.calls['datasets.inspect']).toHaveBeenCalledWith({ path: '/data/birds', deepCheck: undefined });
    expect(wrapper.text()).toContain('Folder per class');
    const classRows = wrapper.findAll('.class-browser tbody tr');
    expect(classRows.map((r) => r.find('.class-name').text())).toEqual(['finch', 'sparrow', 'wren']);
    expect(classRows[0].findAll('td.numeric').map((td) => td.text())).toEqual(['1', '8', '2']);
    expect(classRows[0].find('.thumbs img').attributes('src')).toBe('/files/datasets/k/0/x.png?size=thumb');
    expect(wrapper.findAll('.problems-table tbody tr')).toHaveLength(2);
    // Problems filter by kind.
    await wrapper.findAll('.problems-table .chip').find((c) => c.text().startsWith('empty'))!.trigger('click');
    expect(wrapper.findAll('.problems-table tbody tr').map((r) => r.text())).toEqual([expect.stringContaining('wren/empty.png')]);
    // Class search.
    await wrapper.find('#class-search').setValue('spa');
    expect(wrapper.findAll('.class-browser tbody tr')).toHaveLength(1);
    wrapper.unmount();
  });

  it('explains a folder that is not a dataset', async () => {
    app.calls['datasets.inspect'].mockResolvedValue({ ok: false, error: { code: 'not-a-dataset', message: '/tmp has no class folders with images' } });
    const wrapper = mountView();
    await wrapper.find('#dataset-path').setValue('/tmp');
    await wrapper.find('form.path-form').trigger('submit');
    await flushPromises();
    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toContain('/tmp has no class folders with images');
    expect(alert.text()).toContain('not-a-dataset');
    wrapper.unmount();
  });

  it('remembers inspected folders and starts a new run with one', async () => {
    let wrapper = mountView();
    await wrapper.find('#dataset-path').setValue('/data/birds');
    await wrapper.find('form.path-form').trigger('submit');
    await flushPromises();
    await wrapper.findAll('button').find((b) => b.text() === 'New run with this dataset')!.trigger('click');
    expect(useNewRunStore().values.dataset).toBe('/data/birds');
    expect(currentRoute.value).toEqual({ name: 'new-run' });
    wrapper.unmount();

    // A fresh session (new stores) offers the folder under Recent datasets.
    app = freshApp();
    wrapper = mountView();
    expect(wrapper.find('.recent').text()).toContain('/data/birds');
    expect(wrapper.find('.recent').text()).toContain('3 classes');
    wrapper.unmount();
  });

  it('drops a folder in the desktop app (its path comes from the preload)', async () => {
    const { installApi } = await import('../../../renderer/src/api');
    installApi(app.api, { desktop: { getPathForFile: (file: File) => `/dropped/${file.name}` } });
    const wrapper = mountView();
    const file = new File(['x'], 'CUB_200_2011');
    const drop = new Event('drop', { bubbles: true }) as Event & { dataTransfer: unknown };
    drop.dataTransfer = { files: [file] };
    wrapper.find('.drop-zone').element.dispatchEvent(drop);
    await flushPromises();
    expect(app.calls['datasets.inspect']).toHaveBeenCalledWith({ path: '/dropped/CUB_200_2011', deepCheck: undefined });
    wrapper.unmount();
  });
});
