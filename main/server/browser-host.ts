// The browser-mode host behind `mge serve`: the built renderer and the API (WebSocket on /api, files
// on /files/) on the loopback interface only, every request checked for Host/Origin and the per-start
// token. It is how the app is used on a headless GPU server (through an SSH tunnel) and how the
// renderer is tested end to end.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AppFailure } from '../../shared/result';
import type { ApiService } from '../services/api';
import { createAccessToken, presentedToken, tokenCookie, tokenMatches } from './access-token';
import { FILES_PREFIX, serveFile } from './file-route';
import { checkHostAndOrigin, isLoopbackHost } from './request-guard';
import { setSecurityHeaders } from './security-headers';
import { DEFAULT_RENDERER_DIR, escapeHtml, serveRenderer } from './static-renderer';
import { WsApi } from './ws-api';

export const API_PATH = '/api';
/** Calls carry small JSON; a larger message is refused by the socket. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface BrowserHostOptions {
  service: ApiService;
  /** 0 picks a free port. */
  port: number;
  /** A loopback address; default 127.0.0.1. */
  host?: string;
  rendererDir?: string;
  /** Fixed token (tests); default a fresh random one. */
  token?: string;
}

export interface BrowserHost {
  port: number;
  token: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The URL to open: origin + /?token=… */
  url: string;
  rendererDir: string;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const requestedHost = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(requestedHost)) throw new AppFailure('invalid-input', `the browser-mode host listens on this machine only (127.0.0.1), not ${requestedHost}`);
  // "localhost" may resolve to ::1 or 127.0.0.1; binding the address itself keeps the printed URL right.
  const bindHost = requestedHost === 'localhost' ? '127.0.0.1' : requestedHost;
  const token = options.token ?? createAccessToken();
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const api = new WsApi(options.service);
  let port = options.port;

  const server = createServer((request, response) => {
    void handleHttp(request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`internal error: ${(error as Error).message}\n`);
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setSecurityHeaders(response, port);
    const guard = checkHostAndOrigin(request, port);
    if (!guard.ok) return void response.writeHead(guard.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${guard.reason}\n`);
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const presented = presentedToken(request, url, port);
    if (!tokenMatches(token, presented.token)) return void sendUnauthorized(response);
    if (presented.source === 'query') response.setHeader('Set-Cookie', tokenCookie(port, token));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return void response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('only GET and HEAD\n');
    }
    const headOnly = request.method === 'HEAD';
    if (url.pathname === API_PATH) return void response.writeHead(426, { Upgrade: 'websocket', 'Content-Type': 'text/plain; charset=utf-8' }).end('the API is a WebSocket\n');
    if (url.pathname.startsWith(FILES_PREFIX)) return serveFile(options.service, url, response, headOnly);
    return serveRenderer(rendererDir, url.pathname, response, headOnly);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
    };
    if (url.pathname !== API_PATH) return refuse(404, 'Not Found');
    const guard = checkHostAndOrigin(request, port);
    if (!guard.ok) return refuse(403, 'Forbidden');
    if (!tokenMatches(token, presentedToken(request, url, port).token)) return refuse(401, 'Unauthorized');
    sockets.handleUpgrade(request, socket, head, (ws) => api.attach(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new AppFailure('conflict', `port ${options.port} is in use (another mge serve?); choose another with --port, or --port 0 for any free port`));
      else if (error.code === 'EACCES') reject(new AppFailure('invalid-input', `port ${options.port} needs administrator rights; choose one above 1023`));
      else reject(error);
    });
    server.listen(options.port, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${bindHost === '::1' ? '[::1]' : '127.0.0.1'}:${port}`;

  return {
    port,
    token,
    origin,
    url: `${origin}/?token=${token}`,
    rendererDir,
    async close() {
      api.close();
      sockets.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function sendUnauthorized(response: ServerResponse): void {
  response.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(
    `<!doctype html><meta charset="utf-8"><title>MGE Studio: access token needed</title>` +
      `<h1>Access token needed</h1><p>${escapeHtml('Open the URL that "mge serve" printed (it ends with ?token=…). The token changes every time the server starts.')}</p>`,
  );
}
