// The image files named by the user: files as given (a file that is not an image is reported when it fails
// to decode), folders searched recursively for the image types sharp reads, in a stable order.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppFailure } from '../../../shared/result';

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif'] as const;

const isImageName = (name: string) => (IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());

export async function listImages(inputs: string[], cwd = process.cwd()): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const resolved = path.resolve(cwd, input);
    const stat = await fs.stat(resolved).catch(() => null);
    if (!stat) throw new AppFailure('not-found', `no such file or folder: ${input}`);
    if (stat.isFile()) {
      files.push(resolved);
      continue;
    }
    const found = (await fs.readdir(resolved, { recursive: true, encoding: 'utf8' }))
      .filter((name) => isImageName(name) && !name.split(path.sep).some((part) => part.startsWith('.')))
      .map((name) => path.join(resolved, name))
      .sort();
    if (found.length === 0) throw new AppFailure('not-found', `no images (${IMAGE_EXTENSIONS.join(', ')}) in ${input}`);
    files.push(...found);
  }
  return files;
}
