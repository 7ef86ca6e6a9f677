// Headers on every response of the browser-mode host: a strict Content-Security-Policy for the
// renderer (its own scripts only; the API socket on this port only), no referrer (the token is in the
// URL), no framing, no MIME sniffing, and resources that other sites cannot embed.
import type { ServerResponse } from 'node:http';

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Vue and Chart.js set inline style attributes; no inline <script> is ever allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export function setSecurityHeaders(response: ServerResponse, port: number): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy(port));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}
