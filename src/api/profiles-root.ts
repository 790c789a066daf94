/**
 * The service's profiles root: profile folders (holding `plan.yaml`) directly under one directory, addressed
 * by folder name. A name is one path segment of plain characters, so no request can reach outside the root.
 */
import { access, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DoppelError } from '../shared/errors.js';
import { PROFILE_MARKER } from '../shared/state-dir.js';
import { NotFoundError } from './error-handler.js';

const PROFILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** The absolute folder of profile `name` under `root`; refuses names that are not one plain segment. */
export function resolveProfileName(root: string, name: string): string {
  if (!PROFILE_NAME.test(name) || name.includes('..'))
    throw new DoppelError(
      'usage',
      `The profile name "${name}" is not a folder name (letters, digits, ".", "_", "-"; no path).`,
    );
  return join(resolve(root), name);
}

/** The folder of profile `name`, which must exist and hold a plan.yaml. */
export async function findProfileDir(root: string, name: string): Promise<string> {
  const dir = resolveProfileName(root, name);
  const found = await access(join(dir, PROFILE_MARKER)).then(
    () => true,
    () => false,
  );
  if (!found) throw new NotFoundError(`There is no profile "${name}" under the profiles root.`);
  return dir;
}

/** Names of the profile folders directly under `root`, sorted (none when the root does not exist). */
export async function listProfileNames(root: string): Promise<string[]> {
  const entries = await readdir(resolve(root), { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const names: string[] = [];
  for (const entry of entries) {
    if (!(entry.isDirectory() || entry.isSymbolicLink()) || !PROFILE_NAME.test(entry.name)) continue;
    const marked = await access(join(resolve(root), entry.name, PROFILE_MARKER)).then(
      () => true,
      () => false,
    );
    if (marked) names.push(entry.name);
  }
  return names.sort();
}
