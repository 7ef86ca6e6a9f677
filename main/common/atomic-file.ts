// Crash-safe file writes: a reader never sees half a JSON file, and appended JSON lines never interleave.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Writes to a temporary file beside the target, flushes it, then renames it over the target. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFileSynced(temp, data);
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Writes a file and flushes it to disk before returning (the first half of an atomic replace). */
export async function writeFileSynced(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`);
}

/** Appends one JSON object as one line with a single O_APPEND write, so concurrent appends stay whole lines. */
export async function appendJsonLine(target: string, value: unknown): Promise<void> {
  await fs.appendFile(target, `${JSON.stringify(value)}\n`, { flag: 'a' });
}

/**
 * Reads a JSON-lines file. A last line cut short by a crash is ignored; any other unparseable line
 * is reported through `onBadLine` and skipped, so one bad line never hides the rest.
 */
export async function readJsonLines<T>(target: string, onBadLine?: (lineNumber: number, text: string) => void): Promise<T[]> {
  let text: string;
  try {
    text = await fs.readFile(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  const values: T[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line) as T);
    } catch {
      const isTruncatedTail = index === lines.length - 1;
      if (!isTruncatedTail) onBadLine?.(index + 1, line);
    }
  });
  return values;
}

/** Reads and parses a JSON file; undefined when it does not exist. */
export async function readJsonFile(target: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(target, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
