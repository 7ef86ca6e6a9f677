// Per-test wiring: a fresh Pinia and a fake API installed as the renderer's transport.
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { vi } from 'vitest';
import { installApi } from '../../../../renderer/src/api';
import { createFakeApi, type FakeApi } from './fake-api';

export function freshApp(): FakeApi & { pinia: Pinia } {
  // Files (run logs) come through the host's file route: none here unless a test serves some.
  vi.stubGlobal('fetch', vi.fn(async () => new Response('not found', { status: 404 })));
  const fake = createFakeApi();
  installApi(fake.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  return { ...fake, pinia };
}

/** Lets pending promise callbacks (API calls, watchers) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
