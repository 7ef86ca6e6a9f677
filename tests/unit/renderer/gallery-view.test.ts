// The gallery: misclassified images first, filters by correctness and class, image URLs resolved
// against the run's gallery URL, a damaged index as an error state, and the detail view.
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import GalleryView from '../../../renderer/src/views/GalleryView.vue';
import { navigate } from '../../../renderer/src/router';
import { encodeRelativePath, sortEntries } from '../../../renderer/src/stores/gallery';
import { useRunsStore } from '../../../renderer/src/stores/runs';
import { galleryIndex } from './helpers/fixtures';
import { freshApp } from './helpers/setup';

let app: ReturnType<typeof freshApp>;
beforeEach(async () => {
  app = freshApp();
  await useRunsStore().start();
  navigate({ name: 'gallery', runId: 'run-1' });
});

async function mountView() {
  const wrapper = mount(GalleryView, { global: { plugins: [app.pinia] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const cardIds = (wrapper: Awaited<ReturnType<typeof mountView>>) => wrapper.findAll('.gallery-card').map((c) => c.attributes('data-entry-id'));

describe('Gallery view', () => {
  it('shows misclassified images first, most confidently wrong first', async () => {
    const wrapper = await mountView();
    expect(app.calls['runs.gallery']).toHaveBeenCalledWith({ id: 'run-1' });
    // 0002 (wrong, 0.6) and 0004 (wrong, 0.8) first, the most confident mistake on top; then right ones, least confident first.
    expect(cardIds(wrapper)).toEqual(['0004', '0002', '0003', '0001']);
    expect(wrapper.findAll('.gallery-card')[0].classes()).toContain('wrong');
    const image = wrapper.find('.gallery-card .main-image img');
    expect(image.attributes('src')).toBe('/files/runs/run-1/gallery/0004-model-cam.png');
    expect(wrapper.findAll('.gallery-card')[0].findAll('.expert')).toHaveLength(3);
    wrapper.unmount();
  });

  it('filters by correctness and by true class', async () => {
    const wrapper = await mountView();
    await wrapper.findAll('.segmented button').find((b) => b.text().startsWith('Correct'))!.trigger('click');
    expect(cardIds(wrapper)).toEqual(['0003', '0001']);
    await wrapper.findAll('.segmented button').find((b) => b.text().startsWith('Misclassified'))!.trigger('click');
    expect(cardIds(wrapper)).toEqual(['0004', '0002']);
    await wrapper.findAll('.segmented button').find((b) => b.text().startsWith('All'))!.trigger('click');
    await wrapper.find('#gallery-class').setValue('0');
    expect(cardIds(wrapper)).toEqual(['0004', '0001']);
    wrapper.unmount();
  });

  it('opens the detail view, steps through images and sets the heat map opacity', async () => {
    const wrapper = await mountView();
    await wrapper.find('.gallery-card[data-entry-id="0002"]').trigger('click');
    const dialog = wrapper.find('dialog');
    expect(dialog.text()).toContain('sparrow');
    expect(dialog.text()).toContain('predicted as wren');
    expect(dialog.text()).toContain('2 of 4');
    await dialog.find('input[type="range"]').setValue('25');
    expect(dialog.find('.hero .overlay').attributes('style')).toContain('opacity: 0.25');
    await dialog.find('button[aria-label="Next image"]').trigger('click');
    expect(wrapper.find('dialog').text()).toContain('3 of 4');
    await wrapper.find('dialog button[aria-label="Close"]').trigger('click');
    expect(wrapper.find('dialog').text()).toBe('');
    wrapper.unmount();
  });

  it('says so when the run has no gallery, and when its index is damaged', async () => {
    app.calls['runs.gallery'].mockResolvedValue({ ok: true, value: { id: 'run-1', index: null, baseUrl: '/g/', runUrl: '/r/' } });
    let wrapper = await mountView();
    expect(wrapper.text()).toContain('This run has no gallery');
    wrapper.unmount();
    app.calls['runs.gallery'].mockResolvedValue({ ok: true, value: { id: 'run-1', index: { format: 'something else' } as never, baseUrl: '/g/', runUrl: '/r/' } });
    wrapper = await mountView();
    expect(wrapper.find('[role="alert"]').text()).toContain('gallery/index.json does not match the gallery format');
    wrapper.unmount();
  });

  it('encodes each path segment of an image and orders entries', () => {
    expect(encodeRelativePath('epoch-0003/a b#1.png')).toBe('epoch-0003/a%20b%231.png');
    expect(sortEntries(galleryIndex().entries, 'gallery-order').map((e) => e.id)).toEqual(['0001', '0002', '0003', '0004']);
    expect(sortEntries(galleryIndex().entries, 'least-confident').map((e) => e.id)).toEqual(['0002', '0003', '0004', '0001']);
  });
});
