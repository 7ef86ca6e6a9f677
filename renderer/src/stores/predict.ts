// Predict: classify image files (or folders) on the host with a completed run's best model, with each
// expert's class-activation map. Paths are typed, dropped (desktop) or chosen with the folder dialog.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { PredictImagesDto } from '../../../shared/api';
import type { CamMethodName } from '../../../shared/gallery';
import type { AppError } from '../../../shared/result';
import { api } from '../api';

export const MAX_PREDICT_PATHS = 100;

/** One path per line; blank lines and surrounding quotes (from "copy as path") are dropped. */
export function parsePaths(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim().replace(/^(["'])(.*)\1$/, '$2')).filter((line) => line.length > 0))];
}

export const usePredictStore = defineStore('predict', () => {
  const runId = ref<string | null>(null);
  const pathsText = ref('');
  const top = ref(5);
  const cam = ref(true);
  const camMethod = ref<CamMethodName>('gradcam');
  const running = ref(false);
  const error = ref<AppError | null>(null);
  const result = ref<PredictImagesDto | null>(null);

  const paths = computed(() => parsePaths(pathsText.value));

  function addPaths(added: string[]): void {
    pathsText.value = [...paths.value, ...added].join('\n');
  }

  async function predict(): Promise<boolean> {
    error.value = null;
    if (!runId.value) {
      error.value = { code: 'invalid-input', message: 'Choose a completed run whose model should predict.' };
      return false;
    }
    if (paths.value.length === 0) {
      error.value = { code: 'invalid-input', message: 'Add at least one image or folder path.' };
      return false;
    }
    running.value = true;
    const answer = await api['predict.images']({ runId: runId.value, paths: paths.value.slice(0, MAX_PREDICT_PATHS), top: top.value, cam: cam.value, camMethod: camMethod.value });
    running.value = false;
    if (!answer.ok) {
      error.value = answer.error;
      return false;
    }
    result.value = answer.value;
    return true;
  }

  return { runId, pathsText, top, cam, camMethod, running, error, result, paths, addPaths, predict };
});
