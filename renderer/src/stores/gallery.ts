// A run's CAM gallery: gallery/index.json (validated with the shared schema, so a damaged file is an error
// state, not a broken page), the grid's filters (correct/incorrect, truth class) with misclassified
// images first, the selected entry and the overlay opacity of the detail view.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { galleryIndexSchema, type GalleryEntry, type GalleryIndex } from '../../../shared/gallery';
import type { AppError } from '../../../shared/result';
import { api } from '../api';

export type CorrectnessFilter = 'all' | 'incorrect' | 'correct';
export type GallerySort = 'misclassified-first' | 'least-confident' | 'gallery-order';

/** Encodes each segment of a gallery-relative path, keeping "/" as the separator. */
export function encodeRelativePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

export function sortEntries(entries: GalleryEntry[], sort: GallerySort): GalleryEntry[] {
  const sorted = [...entries];
  if (sort === 'misclassified-first') sorted.sort((a, b) => Number(a.correct) - Number(b.correct) || (a.correct ? a.confidence - b.confidence : b.confidence - a.confidence));
  else if (sort === 'least-confident') sorted.sort((a, b) => a.confidence - b.confidence);
  return sorted;
}

export const useGalleryStore = defineStore('gallery', () => {
  const runId = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<AppError | null>(null);
  const index = ref<GalleryIndex | null>(null);
  /** The run has no gallery (yet): it is written when training ends. */
  const missing = ref(false);
  const baseUrl = ref('');
  const correctness = ref<CorrectnessFilter>('all');
  const classIndex = ref<number | 'all'>('all');
  const sort = ref<GallerySort>('misclassified-first');
  const selectedId = ref<string | null>(null);
  /** How much of the heat map shows over the image in the detail view (0 = image only). */
  const opacity = ref(1);

  const entries = computed(() => {
    const all = index.value?.entries ?? [];
    const filtered = all.filter(
      (e) => (correctness.value === 'all' || (correctness.value === 'correct') === e.correct) && (classIndex.value === 'all' || e.truth.index === classIndex.value),
    );
    return sortEntries(filtered, sort.value);
  });
  const counts = computed(() => {
    const all = index.value?.entries ?? [];
    const correct = all.filter((e) => e.correct).length;
    return { all: all.length, correct, incorrect: all.length - correct };
  });
  const selected = computed(() => entries.value.find((e) => e.id === selectedId.value) ?? index.value?.entries.find((e) => e.id === selectedId.value) ?? null);
  /** Names of the networks of the entries ("expert1".."expert3" or "backbone"). */
  const viewNames = computed(() => index.value?.entries[0]?.views.map((v) => v.name) ?? []);

  function urlOf(relative: string | null): string | null {
    return relative ? `${baseUrl.value}${encodeRelativePath(relative)}` : null;
  }

  async function load(id: string): Promise<void> {
    if (runId.value !== id) {
      index.value = null;
      selectedId.value = null;
      classIndex.value = 'all';
      correctness.value = 'all';
    }
    runId.value = id;
    loading.value = true;
    error.value = null;
    missing.value = false;
    const result = await api['runs.gallery']({ id });
    loading.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    baseUrl.value = result.value.baseUrl;
    if (result.value.index === null) {
      missing.value = true;
      index.value = null;
      return;
    }
    const parsed = galleryIndexSchema.safeParse(result.value.index);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      error.value = { code: 'damaged', message: `gallery/index.json does not match the gallery format (${issue.path.join('.') || 'root'}: ${issue.message}).` };
      return;
    }
    index.value = parsed.data;
    opacity.value = 1;
  }

  /** Moves the selection by `step` within the filtered, sorted entries (detail view arrows). */
  function step(offset: number): void {
    const list = entries.value;
    if (list.length === 0) return;
    const at = list.findIndex((e) => e.id === selectedId.value);
    const next = at === -1 ? 0 : (at + offset + list.length) % list.length;
    selectedId.value = list[next].id;
  }

  return { runId, loading, error, index, missing, baseUrl, correctness, classIndex, sort, selectedId, opacity, entries, counts, selected, viewNames, urlOf, load, step };
});
