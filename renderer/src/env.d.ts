/// <reference types="vite/client" />
import type { MgeApi } from '../../shared/api';

declare global {
  interface Window {
    /** Present in Electron (exposed by the preload, with getPathForFile); absent in browser mode. */
    api?: MgeApi;
  }
}
