// Read-only helpers for looking at the user's folders: which entries count as images, which are
// system clutter to ignore, and relative paths that are the same on every OS.
import { readdir, stat, realpath } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { naturalCompare } from './natural-sort';

/** Extensions (lower case) of files treated as images; anything else is ignored silently. */
export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.gif', '.tif', '.tiff']);

/** Folders created by OSes and NAS boxes, never classes. */
const IGNORED_DIRS = new Set(['__MACOSX', '@eaDir', '$RECYCLE.BIN', 'System Volume Information']);

export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
}

/** Hidden files (".DS_Store", macOS "._x.jpg" resource forks) and OS clutter folders. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || IGNORED_DIRS.has(name);
}

/** Path of `path` relative to `root` with forward slashes, as used in reports and fingerprints. */
export function relPath(root: string, path: string): string {
  const rel = relative(root, path);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface DirEntries {
  /** Non-ignored sub-folder names (symlinks followed), natural order. */
  dirs: string[];
  /** Non-ignored names of everything else (files, broken links, pipes...), natural order. */
  files: string[];
}

/** Lists a folder, following symlinks; an unreadable folder lists as empty. */
export async function listDir(dir: string): Promise<DirEntries> {
  const dirs: string[] = [];
  const files: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return { dirs, files };
  }
  for (const entry of entries) {
    if (isIgnoredName(entry.name)) continue;
    let folder = entry.isDirectory();
    if (entry.isSymbolicLink()) folder = await isDirectory(join(dir, entry.name));
    (folder ? dirs : files).push(entry.name);
  }
  dirs.sort(naturalCompare);
  files.sort(naturalCompare);
  return { dirs, files };
}

/** True when a folder directly holds at least one file with an image extension. */
export async function hasDirectImages(dir: string): Promise<boolean> {
  const { files } = await listDir(dir);
  return files.some(isImageName);
}

const MAX_DEPTH = 16;

/**
 * Every file with an image extension under `dir`, recursively (like torchvision's ImageFolder),
 * skipping ignored names; symlinked folders are followed once (cycles are cut by real path).
 */
export async function walkImages(dir: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = async (folder: string, depth: number) => {
    let real: string;
    try {
      real = await realpath(folder);
    } catch {
      return;
    }
    if (seen.has(real) || depth > MAX_DEPTH) return;
    seen.add(real);
    const { dirs, files } = await listDir(folder);
    for (const name of files) if (isImageName(name)) out.push(join(folder, name));
    for (const name of dirs) await visit(join(folder, name), depth + 1);
  };
  await visit(dir, 0);
  return out;
}
