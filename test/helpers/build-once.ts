/**
 * vitest global setup: rebuilds `dist/` (what `bin/doppel.js` runs) when any file in `src/` is newer than
 * the build, so `runBuiltCli` tests current code. A build with type errors still emits; `npm run typecheck`
 * is where type errors fail the run.
 */
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILT_ENTRY = join(REPO_ROOT, 'dist/cli/main.js');

/** Builds `dist/` if it is missing or older than `src/`. */
export default async function buildOnce(): Promise<void> {
  const built = await stat(BUILT_ENTRY).then(
    (info) => info.mtimeMs,
    () => 0,
  );
  if (built >= (await newestMtime(join(REPO_ROOT, 'src')))) return;
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT });
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? '';
    process.stderr.write(`build-once: tsc reported errors (dist/ was still written):\n${output}\n`);
  }
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const info = await stat(join(entry.parentPath, entry.name));
    newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}
