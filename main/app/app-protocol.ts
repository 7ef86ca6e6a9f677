// mge-app://renderer/…: the built renderer and the API's file route (run files, dataset images) on the
// app's own privileged origin, so pages have a stable origin for CSP 'self' and the IPC sender check,
// and images load without opening file:// to the page.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { protocol, type Session } from 'electron';
import { AppFailure } from '../../shared/result';
import { escapeHtml, RENDERER_CONTENT_TYPES, rendererIsBuilt, resolveRendererFile } from '../server/static-renderer';
import type { ApiService } from '../services/api';
import { APP_HOST, APP_SCHEME, type RendererSource } from './app-origin';
import { contentSecurityPolicy } from './content-security';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } }]);
}

export interface AppProtocolOptions {
  rendererDir: string;
  service: ApiService;
  source: RendererSource;
}

export function handleAppProtocol(session: Session, options: AppProtocolOptions): void {
  session.protocol.handle(APP_SCHEME, (request) => appProtocolResponse(request.url, request.method, options));
}

export async function appProtocolResponse(rawUrl: string, method: string, options: AppProtocolOptions): Promise<Response> {
  const url = new URL(rawUrl);
  if (url.host !== APP_HOST) return text(404, 'Not found');
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'only GET and HEAD');
  if (url.pathname.startsWith('/files/')) return fileResponse(url, options.service);
  if (!(await rendererIsBuilt(options.rendererDir))) {
    return new Response(
      `<!doctype html><meta charset="utf-8"><title>MGE Studio</title><h1>The interface is not built</h1><p>No index.html in <code>${escapeHtml(options.rendererDir)}</code>: run <code>npm run build</code> and start the app again.</p>`,
      { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': contentSecurityPolicy(options.source) } },
    );
  }
  const file = await resolveRendererFile(options.rendererDir, url.pathname);
  if (!file) return text(404, 'Not found');
  return new Response(await fs.readFile(file), {
    headers: {
      'Content-Type': RENDERER_CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy(options.source),
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

async function fileResponse(url: URL, service: ApiService): Promise<Response> {
  try {
    const body = await service.openFile(url.pathname.slice('/files/'.length), { thumbnail: url.searchParams.get('size') === 'thumb' });
    const data = body.kind === 'file' ? await fs.readFile(body.filePath) : body.data;
    return new Response(data, { headers: { 'Content-Type': body.contentType, 'X-Content-Type-Options': 'nosniff' } });
  } catch (error) {
    const status = error instanceof AppFailure ? (error.code === 'not-found' ? 404 : error.code === 'invalid-input' ? 400 : 500) : 500;
    return text(status, error instanceof Error ? error.message : String(error));
  }
}

function text(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
