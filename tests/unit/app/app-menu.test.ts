// The app menu: view commands go to the renderer, developer tools only in development, Settings where
// each platform expects it.
import { describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./fixtures/electron-mock')).electron);
import type { MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate } from '../../../main/app/app-menu';

type Item = MenuItemConstructorOptions;
const items = (template: Item[]): Item[] => template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu as Item[]) : [])]);

describe('app menu', () => {
  it('forwards view commands and opens the runs folder', () => {
    const actions = { command: vi.fn(), openRunsFolder: vi.fn() };
    const all = items(appMenuTemplate(actions, { platform: 'linux', packaged: true }));
    const click = (label: string) => (all.find((i) => i.label === label)!.click as () => void)();
    click('New Run…');
    click('Import Dataset…');
    click('Runs');
    click('Settings…');
    click('Open Runs Folder');
    expect(actions.command.mock.calls.map(([c]) => c)).toEqual(['new-run', 'import-dataset', 'show-runs', 'show-settings']);
    expect(actions.openRunsFolder).toHaveBeenCalled();
  });

  it('offers developer tools only in development', () => {
    const roles = (packaged: boolean) => items(appMenuTemplate({ command: vi.fn(), openRunsFolder: vi.fn() }, { platform: 'linux', packaged })).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('puts Settings in the application menu on macOS', () => {
    const template = appMenuTemplate({ command: vi.fn(), openRunsFolder: vi.fn() }, { platform: 'darwin', packaged: true });
    expect(template[0].label).toBe('MGE Studio');
    expect(items([template[0]]).some((i) => i.label === 'Settings…')).toBe(true);
    expect(items([template.find((m) => m.label === 'File')!]).some((i) => i.label === 'Settings…')).toBe(false);
  });
});
