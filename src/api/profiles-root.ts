/**
 * The service's profiles root: profile folders (holding `plan.yaml`) directly under one directory, addressed
 * by folder name. A name is one path segment of plain characters, and a folder (or a file in it) that is a
 * symbolic link leading out of the root is neither listed nor read nor written, so no request can reach
 * outside the root.
 */
import { access, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DoppelError } from '../shared/errors.js';
import { PROFILE_MARKER } from '../shared/state-dir.js';
import { leavesRoot } from './contained-path.js';
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

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** True when a folder (or anything else) named `name` exists under `root`. */
export async function profileNameTaken(root: string, name: string): Promise<boolean> {
  return exists(resolveProfileName(root, name));
}

/** The folder of profile `name`, which must exist, hold a plan.yaml and stay inside the root. */
export async function findProfileDir(root: string, name: string): Promise<string> {
  const dir = resolveProfileName(root, name);
  if (!(await exists(join(dir, PROFILE_MARKER))))
    throw new NotFoundError(`There is no profile "${name}" under the profiles root.`);
  if (await leavesRoot(root, dir))
    throw new DoppelError(
      'usage',
      `The profile "${name}" leads out of the profiles root through a symbolic link.`,
    );
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
    const dir = join(resolve(root), entry.name);
    if ((await exists(join(dir, PROFILE_MARKER))) && !(await leavesRoot(root, dir))) names.push(entry.name);
  }
  return names.sort();
}
