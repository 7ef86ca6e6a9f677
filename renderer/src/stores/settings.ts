// App settings and facts: version, runs folder, the backend the trainer used, and the theme.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { AppInfo, AppSettings } from '../../../shared/api';
import type { AppError } from '../../../shared/result';
import { api } from '../api';
import { loadJson, saveJson } from '../lib/storage';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEME_KEY = 'mge.theme';

export const useSettingsStore = defineStore('settings', () => {
  const info = ref<AppInfo | null>(null);
  const settings = ref<AppSettings | null>(null);
  const saving = ref(false);
  const loading = ref(false);
  const error = ref<AppError | null>(null);
  const theme = ref<ThemeChoice>(loadJson<ThemeChoice>(THEME_KEY, 'system'));

  function applyTheme(choice: ThemeChoice): void {
    if (typeof document === 'undefined') return;
    if (choice === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = choice;
  }
  /** Bumped whenever the colours in effect change (choice or system theme): charts redraw with them. */
  const themeRevision = ref(0);
  applyTheme(theme.value);
  watch(theme, (choice) => {
    applyTheme(choice);
    saveJson(THEME_KEY, choice);
    themeRevision.value++;
  });
  if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
      if (theme.value === 'system') themeRevision.value++;
    });
  }

  async function load(): Promise<void> {
    loading.value = true;
    const [infoResult, settingsResult] = await Promise.all([api['app.info']({}), api['settings.get']({})]);
    loading.value = false;
    if (infoResult.ok) info.value = infoResult.value;
    if (settingsResult.ok) settings.value = settingsResult.value;
    error.value = !infoResult.ok ? infoResult.error : !settingsResult.ok ? settingsResult.error : null;
  }

  /** Moves new runs to another folder (runs training now finish where they are). */
  async function setRunsDir(runsDir: string): Promise<AppError | null> {
    saving.value = true;
    const result = await api['settings.set']({ runsDir });
    saving.value = false;
    if (!result.ok) return result.error;
    settings.value = result.value;
    if (info.value) info.value = { ...info.value, runsDir: result.value.runsDir };
    return null;
  }

  /** The native folder dialog where the host has one (desktop); null when cancelled or unavailable. */
  async function chooseFolder(title: string): Promise<string | null> {
    if (!info.value?.capabilities.chooseFolder) return null;
    const result = await api['app.chooseFolder']({ title });
    return result.ok ? result.value.path : null;
  }

  return { info, settings, loading, saving, error, theme, themeRevision, load, setRunsDir, chooseFolder };
});
