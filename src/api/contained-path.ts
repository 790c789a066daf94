/**
 * Paths a request names stay inside the root they belong to (the profiles root, the output root): relative
 * paths only, no `..` out of the root, and symbolic links are followed to their real place, which must be
 * inside the root's real place too. Messages name the path as the request gave it, never the server's.
 */
import { lstat, readdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DoppelError } from '../shared/errors.js';

/** True when `path` is `root` itself or below it (both absolute, normalised). */
export function isWithin(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside === '' || (!inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside));
}

async function realRoot(root: string, what: string): Promise<string> {
  try {
    return await realpath(root);
  } catch {
    throw new DoppelError('refused', `The ${what} of this service does not exist.`);
  }
}

/**
 * The real absolute path of `path` (relative to `root`), which need not exist yet; refuses a path that is
 * absolute, climbs out, or reaches out through a symbolic link. `what` names the root in messages.
 */
export async function resolveInside(root: string, path: string, what: string): Promise<string> {
  if (isAbsolute(path) || /^[a-z][a-z0-9+.-]*:/i.test(path))
    throw new DoppelError('usage', `"${path}" must be a path relative to the ${what}.`);
  const rootReal = await realRoot(root, what);
  const wanted = resolve(rootReal, path);
  if (!isWithin(rootReal, wanted)) throw new DoppelError('usage', `"${path}" leaves the ${what}.`);
  // Follow the deepest part that exists to its real place; the rest is created below it later.
  let existing = wanted;
  const rest: string[] = [];
  for (;;) {
    const found = await lstat(existing).then(
      () => true,
      () => false,
    );
    if (found) break;
    rest.unshift(existing.slice(existing.lastIndexOf(sep) + 1));
    existing = resolve(existing, '..');
  }
  const real = join(await realpath(existing), ...rest);
  if (!isWithin(rootReal, real))
    throw new DoppelError('usage', `"${path}" leads out of the ${what} through a symbolic link.`);
  return real;
}

/** True when `path` (inside `root`) is a symbolic link, or holds one, that leads out of `root`. */
export async function leavesRoot(root: string, path: string): Promise<boolean> {
  const rootReal = await realpath(root);
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined || !isWithin(rootReal, real)) return true;
  const entries = await readdir(real, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isSymbolicLink()) continue;
    const target = await realpath(join(real, entry.name)).catch(() => undefined);
    if (target === undefined || !isWithin(rootReal, target)) return true;
  }
  return false;
}
