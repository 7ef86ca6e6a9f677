// Serves the built renderer (vite's output, out/renderer by default). Paths that are not files fall
// back to index.html so that the renderer's routes survive a reload; nothing outside the folder is
// reachable. When the renderer is not built, every page says how to build it.
import { createReadStream, promises as fs } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** out/renderer at the package root (this file is main/server/static-renderer.ts). */
export const DEFAULT_RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer');

export const RENDERER_CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export async function rendererIsBuilt(rendererDir: string): Promise<boolean> {
  return fs.stat(path.join(rendererDir, 'index.html')).then((s) => s.isFile(), () => false);
}

export async function serveRenderer(rendererDir: string, pathname: string, response: ServerResponse, headOnly: boolean): Promise<void> {
  if (!(await rendererIsBuilt(rendererDir))) return sendNotBuilt(rendererDir, response);
  const file = await resolveRendererFile(rendererDir, pathname);
  if (!file) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  const isIndex = path.basename(file) === 'index.html';
  response.writeHead(200, {
    'Content-Type': RENDERER_CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': (await fs.stat(file)).size,
    // index.html names the current hashed bundles, so it is never cached; the bundles are revalidated.
    'Cache-Control': isIndex ? 'no-store' : 'no-cache',
  });
  if (headOnly) response.end();
  else createReadStream(file).pipe(response);
}

/**
 * The file for a URL path, index.html for a client-side route, or null (missing asset, traversal).
 * Shared with the desktop app's mge-app:// protocol.
 */
export async function resolveRendererFile(rendererDir: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..')) return null;
  const root = await fs.realpath(rendererDir);
  const candidate = path.join(root, decoded === '/' ? 'index.html' : decoded);
  const real = await fs.realpath(candidate).catch(() => null);
  if (real && real.startsWith(root + path.sep)) {
    const info = await fs.stat(real);
    if (info.isFile()) return real;
    if (info.isDirectory()) return null;
  }
  // A path without an extension is a renderer route (e.g. /runs/abc); a missing asset is a 404.
  return path.extname(decoded) === '' ? path.join(root, 'index.html') : null;
}

function sendNotBuilt(rendererDir: string, response: ServerResponse): void {
  response.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(
    `<!doctype html><meta charset="utf-8"><title>MGE Studio: interface not built</title>` +
      `<h1>The MGE Studio interface is not built yet</h1>` +
      `<p>No <code>index.html</code> in <code>${escapeHtml(rendererDir)}</code>. Run <code>npm run build:renderer</code> in the project folder, then reload this page.</p>`,
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
