// Reading the plain-text annotation files of CUB and FGVC-Aircraft: "<id> <rest>" per line, where
// rest may contain spaces (Aircraft names like "Cessna 172"). Malformed lines and repeated ids become
// bad-annotation problems instead of errors, so one bad line never loses a whole dataset.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetProblem } from '../../../shared/datasets';

export interface TextLine {
  /** 1-based line number. */
  number: number;
  text: string;
}

/** Non-blank lines of a text file (BOM and CR stripped, trailing spaces trimmed), or null if it cannot be read. */
export async function readTextLines(path: string): Promise<TextLine[] | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines: TextLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (line.trim().length > 0) lines.push({ number: i + 1, text: line });
  });
  return lines;
}

/** Splits "<id> <rest>" at the first run of whitespace; null when there is no rest. */
export function splitIdLine(text: string): { id: string; rest: string } | null {
  const match = /^\s*(\S+)\s+(.*\S)\s*$/.exec(text);
  return match ? { id: match[1], rest: match[2] } : null;
}

/** What a line parser returns for a value it cannot accept. */
export class LineError {
  constructor(readonly message: string) {}
}

export interface IdTable<T> {
  /** Values by id, in file order. */
  values: Map<string, T>;
  /** False when the file is absent or unreadable. */
  found: boolean;
}

/**
 * Reads an "<id> <rest>" table. `parse` turns the rest into a value or a LineError;
 * `normalizeId` validates/normalises the id (null = invalid). Problems name the file relative to the root.
 */
export async function readIdTable<T>(
  root: string,
  relFile: string,
  problems: DatasetProblem[],
  parse: (rest: string) => T | LineError,
  normalizeId: (id: string) => string | null = (id) => id,
): Promise<IdTable<T>> {
  const values = new Map<string, T>();
  const lines = await readTextLines(join(root, relFile));
  if (!lines) return { values, found: false };
  for (const line of lines) {
    const at = `line ${line.number}`;
    const parts = splitIdLine(line.text);
    const id = parts ? normalizeId(parts.id) : null;
    if (!parts || id === null) {
      problems.push({ path: relFile, kind: 'bad-annotation', message: `${at}: expected "<id> <value>", found "${clip(line.text)}"` });
      continue;
    }
    const value = parse(parts.rest);
    if (value instanceof LineError) {
      problems.push({ path: relFile, kind: 'bad-annotation', message: `${at}: ${value.message}` });
      continue;
    }
    if (values.has(id)) {
      problems.push({ path: relFile, kind: 'bad-annotation', message: `${at}: id ${id} appears more than once; the first entry is used` });
      continue;
    }
    values.set(id, value);
  }
  return { values, found: true };
}


/** Shortens quoted file content in messages. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Positive integer ids ("0001" and "1" are the same id). */
export function integerId(id: string): string | null {
  return /^\d+$/.test(id) ? String(Number(id)) : null;
}
