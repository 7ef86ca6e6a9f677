// /files/…: run files and dataset images over HTTP, through the service's file access (which decides
// what is reachable). Errors map to HTTP statuses with the service's message.
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { AppFailure } from '../../shared/result';
import type { ApiService } from '../services/api';

export const FILES_PREFIX = '/files/';

export async function serveFile(service: ApiService, url: URL, response: ServerResponse, headOnly: boolean): Promise<void> {
  const routePath = url.pathname.slice(FILES_PREFIX.length);
  try {
    const body = await service.openFile(routePath, { thumbnail: url.searchParams.get('size') === 'thumb' });
    const length = body.kind === 'file' ? body.size : body.data.length;
    response.writeHead(200, { 'Content-Type': body.contentType, 'Content-Length': length, 'Cache-Control': 'private, no-cache' });
    if (headOnly) response.end();
    else if (body.kind === 'file') createReadStream(body.filePath).on('error', () => response.destroy()).pipe(response);
    else response.end(body.data);
  } catch (error) {
    const status = error instanceof AppFailure ? (error.code === 'not-found' ? 404 : error.code === 'invalid-input' ? 400 : 500) : 500;
    const message = error instanceof Error ? error.message : String(error);
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
  }
}
