// The run history: the list (refreshed when main says runs changed), the table's query, the compare
// selection, run details on demand, and the run actions (rename, delete, resume).
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { RunDetailsDto } from '../../../shared/api';
import type { AppError, Result } from '../../../shared/result';
import type { RunListEntry } from '../../../shared/runs';
import { api } from '../api';
import { DEFAULT_QUERY, applyRunQuery, toRunRow, type RunQuery, type RunRow } from '../lib/run-rows';
import { useTrainingStore } from './training';

export const MAX_COMPARED_RUNS = 5;

export const useRunsStore = defineStore('runs', () => {
  const entries = shallowRef<RunListEntry[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<AppError | null>(null);
  const query = ref<RunQuery>({ ...DEFAULT_QUERY });
  const selectedIds = ref<string[]>([]);
  const details = ref<Record<string, RunDetailsDto>>({});
  let unsubscribe: (() => void) | null = null;
  let refreshQueued: ReturnType<typeof setTimeout> | null = null;

  const rows = computed<RunRow[]>(() => entries.value.map(toRunRow));
  const visibleRows = computed(() => applyRunQuery(rows.value, query.value));
  const models = computed(() => [...new Set(rows.value.filter((r) => r.status !== 'damaged').map((r) => r.model))].sort());
  const canCompare = computed(() => selectedIds.value.length >= 2 && selectedIds.value.length <= MAX_COMPARED_RUNS);

  async function refresh(): Promise<void> {
    loading.value = true;
    const result = await api['runs.list']({});
    loading.value = false;
    loaded.value = true;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    error.value = null;
    entries.value = result.value;
    const known = new Set(result.value.map((entry) => entry.id));
    selectedIds.value = selectedIds.value.filter((id) => known.has(id));
    for (const id of Object.keys(details.value)) if (!known.has(id)) delete details.value[id];
  }

  /** Subscribes to runs.changed (once) and loads the list. */
  function start(): Promise<void> {
    if (!unsubscribe) {
      unsubscribe = api.on('runs.changed', ({ id }) => {
        if (id) delete details.value[id];
        // A training run changes its folder every epoch; coalesce bursts into one reload.
        if (refreshQueued) return;
        refreshQueued = setTimeout(() => {
          refreshQueued = null;
          void refresh();
        }, 150);
      });
    }
    return refresh();
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
    if (refreshQueued) clearTimeout(refreshQueued);
    refreshQueued = null;
  }

  function toggleSelected(id: string): void {
    if (selectedIds.value.includes(id)) selectedIds.value = selectedIds.value.filter((x) => x !== id);
    else if (selectedIds.value.length < MAX_COMPARED_RUNS) selectedIds.value = [...selectedIds.value, id];
  }

  function sortBy(key: RunQuery['sortKey']): void {
    const current = query.value;
    const sortDirection = current.sortKey === key ? (current.sortDirection === 'asc' ? 'desc' : 'asc') : key === 'name' || key === 'dataset' || key === 'model' || key === 'status' ? 'asc' : 'desc';
    query.value = { ...current, sortKey: key, sortDirection };
  }

  async function loadDetails(id: string, force = false): Promise<Result<RunDetailsDto>> {
    const cached = details.value[id];
    if (cached && !force) return { ok: true, value: cached };
    const result = await api['runs.get']({ id });
    if (result.ok) details.value[id] = result.value;
    return result;
  }

  async function remove(id: string): Promise<Result<{ id: string }>> {
    const result = await api['runs.delete']({ id });
    if (result.ok) {
      useTrainingStore().forget(id);
      entries.value = entries.value.filter((entry) => entry.id !== id);
      selectedIds.value = selectedIds.value.filter((x) => x !== id);
      delete details.value[id];
    }
    return result;
  }

  async function rename(id: string, name: string) {
    const result = await api['runs.rename']({ id, name });
    if (result.ok) {
      entries.value = entries.value.map((entry) => (entry.id === id && !entry.damaged ? { ...entry, record: result.value } : entry));
      delete details.value[id];
    }
    return result;
  }

  /** Opens the run folder in the file manager (desktop); in a browser this only answers its path. */
  function openFolder(id: string) {
    return api['runs.openFolder']({ id });
  }

  /** The last lines of a run's train.log, read through the host's file route (finished runs). */
  async function readLogTail(id: string, lines = 80): Promise<string[] | null> {
    const location = await api['runs.gallery']({ id });
    if (!location.ok) return null;
    try {
      const response = await fetch(`${location.value.runUrl}train.log`);
      if (!response.ok) return null;
      return (await response.text()).split('\n').filter((line) => line.length > 0).slice(-lines);
    } catch {
      return null;
    }
  }

  function rowById(id: string): RunRow | undefined {
    return rows.value.find((row) => row.id === id);
  }

  return { entries, loaded, loading, error, query, selectedIds, details, rows, visibleRows, models, canCompare, refresh, start, stop, toggleSelected, sortBy, loadDetails, remove, rename, openFolder, readLogTail, rowById };
});
