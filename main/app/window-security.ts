// Every web contents of the app (windows, and anything a page might try to create) gets the same
// guards: no navigation away from the app, no new windows (allowed external links go to the system
// browser instead), no <webview>.
import type { WebContents } from 'electron';
import { isAppUrl, type RendererSource } from './app-origin';
import { openExternalIfAllowed } from './external-links';

export function guardWebContents(contents: WebContents, source: RendererSource): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, source)) return;
    event.preventDefault();
    openExternalIfAllowed(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, source)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
