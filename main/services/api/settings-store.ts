// Where the app's own settings live: a JSON file in the desktop app's user-data folder, or memory for
// `mge serve` (whose --runs-dir decides). A damaged settings file falls back to defaults, never blocks
// the app from starting; the next save replaces it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../../common/atomic-file';

const storedSettingsSchema = z.object({ runsDir: z.string().min(1).optional() });
export type StoredSettings = z.infer<typeof storedSettingsSchema>;

export interface SettingsStore {
  /** Whether saved settings survive a restart. */
  readonly persisted: boolean;
  load(): Promise<StoredSettings>;
  save(settings: StoredSettings): Promise<void>;
}

export function createMemorySettingsStore(initial: StoredSettings = {}): SettingsStore {
  let current = { ...initial };
  return {
    persisted: false,
    load: async () => ({ ...current }),
    save: async (settings) => {
      current = { ...settings };
    },
  };
}

export function createJsonSettingsStore(file: string, onProblem: (message: string) => void = () => undefined): SettingsStore {
  return {
    persisted: true,
    async load() {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onProblem(`cannot read ${file}: ${(error as Error).message}; using defaults`);
        return {};
      }
      try {
        const parsed = storedSettingsSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
        onProblem(`${file} is not valid settings (${parsed.error.issues[0]?.message}); using defaults`);
      } catch (error) {
        onProblem(`${file} is not valid JSON (${(error as Error).message}); using defaults`);
      }
      return {};
    },
    async save(settings) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await writeJsonAtomic(file, storedSettingsSchema.parse(settings));
    },
  };
}
