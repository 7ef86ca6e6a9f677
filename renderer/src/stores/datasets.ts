// Dataset import: inspect a folder (dropped, chosen, or typed), keep its report, and remember recently
// inspected datasets so that New run can offer them.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DatasetReport } from '../../../shared/datasets';
import type { AppError } from '../../../shared/result';
import { api } from '../api';
import { loadJson, saveJson } from '../lib/storage';

export interface RecentDataset {
  path: string;
  formatLabel: string;
  classes: number;
  images: number;
  problems: number;
  inspectedAt: string;
}

const RECENT_KEY = 'mge.recentDatasets';
const MAX_RECENT = 8;
const THUMBNAILS_PER_CLASS = 3;

export const useDatasetsStore = defineStore('datasets', () => {
  const path = ref('');
  const deepCheck = ref(false);
  const inspecting = ref(false);
  const report = ref<DatasetReport | null>(null);
  /** The folder the shown report belongs to (the user's path; report.root may be a child of it). */
  const reportPath = ref<string | null>(null);
  const error = ref<AppError | null>(null);
  const recent = ref<RecentDataset[]>(loadJson<RecentDataset[]>(RECENT_KEY, []));
  /** A few thumbnail URLs per class of the shown report (empty when the host serves none). */
  const thumbnails = ref<string[][]>([]);

  function remember(folder: string, value: DatasetReport): void {
    const images = Object.values(value.splits).reduce((sum, n) => sum + (n ?? 0), 0);
    const entry: RecentDataset = { path: folder, formatLabel: value.formatLabel, classes: value.classes.length, images, problems: value.problems.length, inspectedAt: new Date().toISOString() };
    recent.value = [entry, ...recent.value.filter((r) => r.path !== folder)].slice(0, MAX_RECENT);
    saveJson(RECENT_KEY, recent.value);
  }

  async function inspect(folder = path.value): Promise<boolean> {
    const target = folder.trim();
    path.value = target;
    if (!target) {
      error.value = { code: 'invalid-input', message: 'Type or drop the path of a dataset folder first.' };
      return false;
    }
    inspecting.value = true;
    error.value = null;
    const result = await api['datasets.inspect']({ path: target, deepCheck: deepCheck.value || undefined });
    inspecting.value = false;
    if (!result.ok) {
      error.value = result.error;
      return false;
    }
    report.value = result.value;
    reportPath.value = target;
    thumbnails.value = [];
    remember(target, result.value);
    void loadThumbnails(target, result.value.classes.length);
    return true;
  }

  async function loadThumbnails(folder: string, classCount: number): Promise<void> {
    const page = await api['datasets.samples']({ path: folder, perClass: THUMBNAILS_PER_CLASS, limit: Math.min(1000, classCount * THUMBNAILS_PER_CLASS) });
    // Thumbnails are a nicety: without them the class browser still shows names and counts.
    if (!page.ok || reportPath.value !== folder) return;
    const byClass: string[][] = Array.from({ length: classCount }, () => []);
    for (const sample of page.value.samples) byClass[sample.label]?.push(sample.thumbnailUrl);
    thumbnails.value = byClass;
  }

  function forget(folder: string): void {
    recent.value = recent.value.filter((r) => r.path !== folder);
    saveJson(RECENT_KEY, recent.value);
  }

  function clear(): void {
    report.value = null;
    reportPath.value = null;
    thumbnails.value = [];
    error.value = null;
  }

  return { path, deepCheck, inspecting, report, reportPath, error, recent, thumbnails, inspect, forget, clear };
});
