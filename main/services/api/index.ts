export { createApiService, type ApiService, type ApiServiceOptions } from './api-service';
export type { FileBody } from './file-access';
export { createJsonSettingsStore, createMemorySettingsStore, type SettingsStore, type StoredSettings } from './settings-store';
export type { HostPlatform } from './types';
