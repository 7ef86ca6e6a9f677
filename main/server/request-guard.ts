// Which requests may reach the host at all. The Host header must name the loopback address and our
// port (a DNS-rebinding page has its own host name there), and an Origin, when a browser sends one,
// must be this server's own (a cross-site page has its own origin there).
import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function allowedOrigins(port: number): string[] {
  return LOOPBACK_NAMES.map((name) => `http://${name}:${port}`);
}

export type GuardVerdict = { ok: true } | { ok: false; status: 403; reason: string };

export function checkHostAndOrigin(request: IncomingMessage, port: number): GuardVerdict {
  const host = request.headers.host?.toLowerCase();
  if (!host || !LOOPBACK_NAMES.some((name) => host === `${name}:${port}`)) {
    return { ok: false, status: 403, reason: `this server answers only to 127.0.0.1:${port} or localhost:${port}` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin.toLowerCase())) {
    return { ok: false, status: 403, reason: 'requests from other web pages are refused' };
  }
  return { ok: true };
}

/** Whether a --host value binds to this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}
