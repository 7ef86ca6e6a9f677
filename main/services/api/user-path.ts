// Paths typed or dropped by a user: "~" means their home folder; a relative path has no sensible base in
// an app (the server's working directory is not something a user can see), so it is refused clearly.
import os from 'node:os';
import path from 'node:path';
import { AppFailure } from '../../../shared/result';

export function resolveUserPath(given: string, field: string): string {
  const trimmed = given.trim();
  const expanded = trimmed === '~' ? os.homedir() : /^~[/\\]/.test(trimmed) ? path.join(os.homedir(), trimmed.slice(2)) : trimmed;
  if (!path.isAbsolute(expanded)) {
    const message = `"${given}" is a relative path; give the full path of the folder (e.g. ${process.platform === 'win32' ? 'C:\\data\\CUB_200_2011' : '/data/CUB_200_2011 or ~/data/CUB_200_2011'})`;
    throw new AppFailure('invalid-input', `${field}: ${message}`, [{ field, message }]);
  }
  return path.normalize(expanded);
}
