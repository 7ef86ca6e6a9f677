// Host/Origin checks (DNS rebinding, cross-site pages) and the token helpers of the browser-mode host.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { presentedToken, tokenCookieName, tokenMatches } from '../../../main/server/access-token';
import { checkHostAndOrigin, isLoopbackHost } from '../../../main/server/request-guard';
import { contentSecurityPolicy } from '../../../main/server/security-headers';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('Host and Origin checks', () => {
  it('accepts the loopback names on our port, with or without a same-origin Origin', () => {
    for (const host of ['127.0.0.1:8765', 'localhost:8765', 'LOCALHOST:8765', '[::1]:8765']) {
      expect(checkHostAndOrigin(request({ host }), 8765)).toEqual({ ok: true });
    }
    expect(checkHostAndOrigin(request({ host: '127.0.0.1:8765', origin: 'http://localhost:8765' }), 8765)).toEqual({ ok: true });
  });

  it('refuses rebound host names, other ports, a missing Host and foreign origins', () => {
    const refused = [
      { host: 'attacker.example:8765' },
      { host: '127.0.0.1.nip.io:8765' },
      { host: '127.0.0.1:9999' },
      { host: '127.0.0.1' },
      {},
      { host: '127.0.0.1:8765', origin: 'https://attacker.example' },
      { host: '127.0.0.1:8765', origin: 'null' },
      { host: '127.0.0.1:8765', origin: 'http://127.0.0.1:8766' },
      { host: '127.0.0.1:8765', origin: 'https://127.0.0.1:8765' },
    ];
    for (const headers of refused) expect(checkHostAndOrigin(request(headers as Record<string, string>), 8765).ok, JSON.stringify(headers)).toBe(false);
  });

  it('knows which --host values stay on this machine', () => {
    expect(['127.0.0.1', 'localhost', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.5', '::', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});

describe('access token', () => {
  it('is read from the query first, then from this port’s cookie', () => {
    const cookie = `other=1; ${tokenCookieName(8765)}=from-cookie; ${tokenCookieName(9000)}=other-server`;
    expect(presentedToken(request({ cookie }), new URL('http://x/?token=from-query'), 8765)).toEqual({ token: 'from-query', source: 'query' });
    expect(presentedToken(request({ cookie }), new URL('http://x/'), 8765)).toEqual({ token: 'from-cookie', source: 'cookie' });
    expect(presentedToken(request({}), new URL('http://x/'), 8765)).toEqual({ token: null, source: null });
  });

  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    for (const given of ['abd', 'ab', 'abcd', '', null]) expect(tokenMatches('abc', given)).toBe(false);
  });

  it('allows only this server as a source of scripts and sockets', () => {
    const csp = contentSecurityPolicy(8765);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain('connect-src \'self\' ws://127.0.0.1:8765 ws://localhost:8765');
  });
});

describe('server layering', () => {
  it('never imports Electron or the desktop shell (mge serve runs without Electron)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = path.resolve(__dirname, '../../../main/server');
    const offending = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from ['"](electron|\.\.\/app\/[^'"]*)['"]/.test(readFileSync(path.join(dir, f), 'utf8')));
    expect(offending).toEqual([]);
  });
});
