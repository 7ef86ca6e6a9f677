// The chart wrapper grows incrementally: new points are pushed into the existing datasets and the chart
// is updated without animation; it is never rebuilt, and it is destroyed on unmount.
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { charts } from './helpers/chart-mock';

vi.mock('chart.js', () => import('./helpers/chart-mock'));

const { default: LineChart } = await import('../../../renderer/src/components/LineChart.vue');
const { useSettingsStore } = await import('../../../renderer/src/stores/settings');

beforeEach(() => {
  charts.length = 0;
  setActivePinia(createPinia());
});

describe('LineChart', () => {
  it('appends only new points and updates without redrawing, then destroys the chart', async () => {
    const loss = [{ x: 1, y: 3 }];
    const wrapper = mount(LineChart, { props: { series: [{ key: 'Total', label: 'Total', points: loss }], revision: 1, description: 'loss' } });
    expect(charts).toHaveLength(1);
    const chart = charts[0];
    const dataset = chart.data.datasets[0];
    expect(dataset.data).toEqual([{ x: 1, y: 3 }]);
    expect(dataset.data).not.toBe(loss); // the chart owns its copy

    loss.push({ x: 2, y: 2 }, { x: 3, y: 1.5 });
    await wrapper.setProps({ revision: 2 });
    await nextTick();
    expect(chart.data.datasets[0]).toBe(dataset); // same dataset object, grown in place
    expect(dataset.data).toEqual(loss);
    expect(chart.update).toHaveBeenLastCalledWith('none');

    // A new series is added next to the others.
    await wrapper.setProps({ series: [{ key: 'Total', label: 'Total', points: loss }, { key: 'Gate CE', label: 'Gate CE', points: [{ x: 3, y: 1 }] }], revision: 3 });
    expect(chart.data.datasets.map((d) => d.seriesKey)).toEqual(['Total', 'Gate CE']);
    expect(charts).toHaveLength(1);

    wrapper.unmount();
    expect(chart.destroy).toHaveBeenCalledOnce();
  });

  it('is made anew with the new colours when the theme changes', async () => {
    const wrapper = mount(LineChart, { props: { series: [{ key: 'a', label: 'A', points: [{ x: 1, y: 1 }] }], revision: 1, description: 'a' } });
    useSettingsStore().theme = 'dark';
    await nextTick();
    await nextTick();
    expect(charts).toHaveLength(2);
    expect(charts[0].destroy).toHaveBeenCalledOnce();
    expect(charts[1].data.datasets[0].data).toEqual([{ x: 1, y: 1 }]);
    wrapper.unmount();
  });
});
