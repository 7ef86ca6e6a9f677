// Desktop settings persist as JSON in the user-data folder; a damaged file never blocks the app.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createJsonSettingsStore, createMemorySettingsStore } from '../../../main/services/api';
import { useTempDir } from '../../helpers/temp-dir';
import { makeServiceFixture } from './fixtures/service-fixture';

const tempDir = useTempDir('mge-settings-');

describe('settings stores', () => {
  it('saves and reloads JSON settings, creating the folder', async () => {
    const file = path.join(tempDir(), 'user-data', 'settings.json');
    const store = createJsonSettingsStore(file);
    expect(await store.load()).toEqual({});
    await store.save({ runsDir: '/data/runs' });
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual({ runsDir: '/data/runs' });
    expect(await createJsonSettingsStore(file).load()).toEqual({ runsDir: '/data/runs' });
  });

  it('falls back to defaults on a damaged file and says why', async () => {
    const file = path.join(tempDir(), 'settings.json');
    const problems = vi.fn();
    await fs.writeFile(file, '{"runsDir": ');
    expect(await createJsonSettingsStore(file, problems).load()).toEqual({});
    await fs.writeFile(file, '{"runsDir": 42}');
    expect(await createJsonSettingsStore(file, problems).load()).toEqual({});
    expect(problems.mock.calls.map(([m]) => m)).toEqual([expect.stringContaining('not valid JSON'), expect.stringContaining('not valid settings')]);
  });

  it('keeps memory settings for the life of the process only', async () => {
    const store = createMemorySettingsStore({ runsDir: '/a' });
    expect(store.persisted).toBe(false);
    await store.save({ runsDir: '/b' });
    expect(await store.load()).toEqual({ runsDir: '/b' });
  });

  it('starts the service in the saved runs folder and saves a change there', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    const saved = path.join(dir, 'chosen-runs');
    await createJsonSettingsStore(file).save({ runsDir: saved });
    const fx = await makeServiceFixture(dir, { settings: createJsonSettingsStore(file) });
    expect(await fx.value('settings.get', {})).toEqual({ runsDir: saved, defaultRunsDir: fx.runsDir, persisted: true });
    const next = path.join(dir, 'next-runs');
    await fx.value('settings.set', { runsDir: next });
    expect(await createJsonSettingsStore(file).load()).toEqual({ runsDir: next });
  });
});
