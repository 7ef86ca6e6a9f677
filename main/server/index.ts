export { API_PATH, startBrowserHost, type BrowserHost, type BrowserHostOptions } from './browser-host';
export { isLoopbackHost } from './request-guard';
export { DEFAULT_RENDERER_DIR, rendererIsBuilt } from './static-renderer';
