// The renderer's Content-Security-Policy and the session's permission policy: scripts only from the
// app itself, no eval, no plugins, no framing, no network beyond the app (and the dev server in
// development); every browser permission denied except writing to the clipboard (copy a path).
import type { Session } from 'electron';
import { APP_SCHEME, type RendererSource } from './app-origin';

export function contentSecurityPolicy(source: RendererSource): string {
  const dev = source.devServerOrigin;
  const devSocket = dev ? dev.replace(/^http/, 'ws') : null;
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Vue and Chart.js set inline style attributes; inline scripts stay forbidden.
    "style-src 'self' 'unsafe-inline'",
    // In development the page's 'self' is the dev server, so run images come from the app scheme.
    `img-src 'self' data: blob:${dev ? ` ${APP_SCHEME}:` : ''}`,
    "font-src 'self' data:",
    `connect-src 'self'${devSocket ? ` ${devSocket}` : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** Adds the CSP to every response of the session (the dev server's pages too) and denies permissions. */
export function secureSession(session: Session, source: RendererSource): void {
  const policy = contentSecurityPolicy(source);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  session.setPermissionRequestHandler((_webContents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_webContents, permission) => ALLOWED_PERMISSIONS.has(permission));
}
