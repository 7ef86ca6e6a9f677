// Writes a whole folder atomically: its files go into a temporary sibling folder, which is then renamed
// into place, so a crash never leaves a half-written folder behind.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Creates `target` (replacing any folder already there) with the files `fill` writes into the folder it is given. */
export async function writeFolderAtomically(target: string, fill: (temp: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(target);
  await fs.mkdir(parent, { recursive: true });
  const temp = path.join(parent, `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  await fs.mkdir(temp);
  try {
    await fill(temp);
    // rename() cannot replace a non-empty folder: move the old one aside first, then drop it.
    const old = `${temp}.old`;
    const hadOld = await fs.rename(target, old).then(() => true, () => false);
    await fs.rename(temp, target);
    if (hadOld) await fs.rm(old, { recursive: true, force: true });
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
}
