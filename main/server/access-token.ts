// The per-start secret of the browser-mode host. Every HTTP request and WebSocket connection must carry
// it, in the query (?token=, as in the printed URL) or in the cookie the first page load sets, so that
// other local users and web pages cannot drive the API or read run files.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Per port: two servers on one machine (same cookie jar for 127.0.0.1) keep their own tokens. */
export function tokenCookieName(port: number): string {
  return `mge_token_${port}`;
}

export interface PresentedToken {
  token: string | null;
  /** Where it came from: the first page load moves a query token into the cookie. */
  source: 'query' | 'cookie' | null;
}

export function presentedToken(request: IncomingMessage, url: URL, port: number): PresentedToken {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return { token: fromQuery, source: 'query' };
  const fromCookie = readCookie(request.headers.cookie, tokenCookieName(port));
  return fromCookie ? { token: fromCookie, source: 'cookie' } : { token: null, source: null };
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function tokenCookie(port: number, token: string): string {
  // HttpOnly: page scripts never see it; SameSite=Strict: no other site's page can make the browser send it.
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
