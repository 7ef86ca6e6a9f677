// Where the desktop renderer comes from. In the built app it is served by our own privileged scheme
// (mge-app://renderer/…), so it has a real origin that CSP 'self' and the IPC sender check can name;
// in development (`electron-vite dev`) it comes from the Vite dev server, trusted only then.
export const APP_SCHEME = 'mge-app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** The file route of the API service, on the app's own origin (so CSP img-src 'self' covers it). */
export const APP_FILES_BASE = `${APP_ORIGIN}/files/`;

export interface RendererSource {
  /** What the main window loads. */
  entryUrl: string;
  /** The Vite dev server's origin (http://localhost:5173) in development, else null. */
  devServerOrigin: string | null;
}

/** Uses the dev server only in an unpackaged app that electron-vite started with ELECTRON_RENDERER_URL. */
export function rendererSource(packaged: boolean, env: NodeJS.ProcessEnv): RendererSource {
  const devUrl = packaged ? undefined : env.ELECTRON_RENDERER_URL;
  if (devUrl) {
    const url = new URL(devUrl);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
      return { entryUrl: devUrl, devServerOrigin: url.origin };
    }
  }
  return { entryUrl: APP_ENTRY_URL, devServerOrigin: null };
}

/** Whether a URL is a page of the app itself (used for IPC senders and navigation). */
export function isAppUrl(raw: string, source: RendererSource): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Non-special schemes have an opaque origin ("null") in WHATWG URL, so compare scheme and host.
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  return source.devServerOrigin !== null && url.origin === source.devServerOrigin;
}
