/**
 * The state directory: where doppel keeps what it needs between runs (tracked generated keys for cleanup,
 * run records, caches). `.doppel/` in the working directory by default, `DOPPEL_STATE_DIR` to move it. It
 * is never inside a profile folder, because profiles are copied out of production and reviewed in pull
 * requests, and state must not travel with them.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Environment } from './config.js';
import { DoppelError } from './errors.js';

export const STATE_DIR_NAME = '.doppel';
export const STATE_DIR_ENV = 'DOPPEL_STATE_DIR';
/** The file that marks a profile folder. */
export const PROFILE_MARKER = 'plan.yaml';

export interface StateDirOptions {
  readonly cwd?: string;
  readonly env?: Environment;
}

/** The absolute path of the state directory (not created): `DOPPEL_STATE_DIR`, else `<cwd>/.doppel`. */
export function resolveStateDir(options: StateDirOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const fromEnv = (options.env ?? process.env)[STATE_DIR_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? resolve(cwd, fromEnv) : resolve(cwd, STATE_DIR_NAME);
}

/** The nearest folder at or above `path` that holds a `plan.yaml` (a profile folder), or null. */
export function findEnclosingProfile(path: string): string | null {
  let current = resolve(path);
  for (;;) {
    if (existsSync(join(current, PROFILE_MARKER))) return current;
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/**
 * Resolves the state directory, refuses one inside a profile folder, creates it (and `subdir` inside it)
 * and returns the absolute path of what was asked for.
 */
export async function ensureStateDir(
  options: StateDirOptions & { readonly subdir?: string } = {},
): Promise<string> {
  const stateDir = resolveStateDir(options);
  const profile = findEnclosingProfile(stateDir);
  if (profile !== null) {
    throw new DoppelError(
      'usage',
      `The state directory ${stateDir} is inside the profile folder ${profile}; run doppel from another directory or set ${STATE_DIR_ENV} elsewhere.`,
    );
  }
  const target = options.subdir === undefined ? stateDir : join(stateDir, options.subdir);
  await mkdir(target, { recursive: true });
  return target;
}
