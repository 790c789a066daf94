/**
 * Where doppel keeps state between runs (run manifests for cleanup and --respect-existing, caches):
 * `$DOPPEL_STATE_DIR` when set, otherwise `.doppel/` under the working directory. It is never inside a
 * profile folder (one holding `plan.yaml`): profiles are copied out of production and reviewed in pull
 * requests, and state must not travel with them.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DoppelError } from './errors.js';

export const STATE_DIR_NAME = '.doppel';
export const STATE_DIR_ENV = 'DOPPEL_STATE_DIR';
/** The file that marks a profile folder. */
export const PROFILE_MARKER = 'plan.yaml';

type Environment = Readonly<Record<string, string | undefined>>;

/** The state directory for `env` and `cwd` (absolute; not created). */
export function resolveStateDir(env: Environment = process.env, cwd: string = process.cwd()): string {
  const configured = env[STATE_DIR_ENV]?.trim();
  return configured ? resolve(cwd, configured) : join(resolve(cwd), STATE_DIR_NAME);
}

/** The folder holding run manifests (`<state>/runs`). */
export function resolveRunsDir(stateDir: string = resolveStateDir()): string {
  return join(stateDir, 'runs');
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
 * and returns the absolute path of what was asked for. Call it before writing any state.
 */
export async function ensureStateDir(
  options: { readonly env?: Environment; readonly cwd?: string; readonly subdir?: string } = {},
): Promise<string> {
  const stateDir = resolveStateDir(options.env, options.cwd);
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
