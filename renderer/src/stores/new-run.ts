// The New run form: a preset, every field's text, validation by the shared schema on every change, and
// starting the run. Errors are kept per field so that the view shows each one next to its input.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { CONFIG_PRESETS, parseRunConfig, type PresetName, type RunConfig } from '../../../shared/config';
import type { AppError } from '../../../shared/result';
import { api } from '../api';
import { formValuesFrom, toConfigInput, type FormValues } from '../lib/run-form';

export const useNewRunStore = defineStore('newRun', () => {
  const preset = ref<PresetName>('quick-cpu');
  const name = ref('');
  const values = ref<FormValues>(formValuesFrom(CONFIG_PRESETS['quick-cpu']));
  /** Fields the user has edited or left: their errors show at once; the others after a start attempt. */
  const touched = ref<Set<string>>(new Set());
  const submitted = ref(false);
  const starting = ref(false);
  /** Errors that came back from main (e.g. the dataset folder does not exist). */
  const serverErrors = ref<Record<string, string>>({});
  const startError = ref<AppError | null>(null);
  /** Set when the form was filled from an earlier run ("Re-run"). */
  const basedOnRunId = ref<string | null>(null);

  const validation = computed(() => {
    const input = toConfigInput(values.value);
    const result = parseRunConfig(input, preset.value);
    const errors: Record<string, string> = {};
    if (!result.ok) for (const e of result.errors) errors[e.field] ??= e.message;
    if (!input.dataset) errors.dataset = 'Choose a dataset folder, or type synthetic for the built-in demo dataset.';
    return { errors, config: result.ok ? result.config : null };
  });

  const allErrors = computed<Record<string, string>>(() => ({ ...validation.value.errors, ...serverErrors.value }));
  const isValid = computed(() => Object.keys(allErrors.value).length === 0);

  /** The error to show next to a field now (null if none, or not yet worth showing). */
  function errorFor(field: string): string | null {
    const message = allErrors.value[field];
    if (!message) return null;
    return submitted.value || touched.value.has(field) || field in serverErrors.value ? message : null;
  }

  function setValue(field: string, value: string): void {
    values.value = { ...values.value, [field]: value };
    touched.value = new Set(touched.value).add(field);
    if (field in serverErrors.value) {
      const { [field]: _removed, ...rest } = serverErrors.value;
      serverErrors.value = rest;
    }
  }

  function applyPreset(next: PresetName): void {
    preset.value = next;
    values.value = formValuesFrom(CONFIG_PRESETS[next], values.value.dataset);
    serverErrors.value = {};
    basedOnRunId.value = null;
  }

  function setDataset(path: string): void {
    setValue('dataset', path);
  }

  /** Fills the form with an earlier run's exact config ("Re-run"). */
  function prefillFrom(run: { id: string; name: string; config: RunConfig }): void {
    values.value = formValuesFrom(run.config, run.config.dataset);
    name.value = `${run.name} (re-run)`.slice(0, 200);
    basedOnRunId.value = run.id;
    touched.value = new Set();
    submitted.value = false;
    serverErrors.value = {};
    startError.value = null;
  }

  /** Validates and starts the run; resolves to its id, or null with the errors set. */
  async function start(): Promise<string | null> {
    submitted.value = true;
    startError.value = null;
    if (!isValid.value) return null;
    starting.value = true;
    const result = await api['training.start']({ config: toConfigInput(values.value), name: name.value.trim() || undefined, preset: preset.value });
    starting.value = false;
    if (result.ok) {
      submitted.value = false;
      touched.value = new Set();
      return result.value.id;
    }
    const fieldErrors: Record<string, string> = {};
    for (const detail of result.error.details ?? []) {
      // The service names fields of the config ("epochs") or of the call ("config.epochs").
      const field = detail.field.replace(/^config\./, '');
      if (field in values.value) fieldErrors[field] = detail.message;
    }
    serverErrors.value = fieldErrors;
    if (Object.keys(fieldErrors).length === 0) startError.value = result.error;
    return null;
  }

  return { preset, name, values, touched, submitted, starting, serverErrors, startError, basedOnRunId, validation, allErrors, isValid, errorFor, setValue, applyPreset, setDataset, prefillFrom, start };
});
