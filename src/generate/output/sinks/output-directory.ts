/**
 * The folder a file target writes into, made ready before any work starts: created one level at a time
 * (checking the AbortSignal between levels; Node's recursive mkdir can spin for ever on procfs), and refused
 * as the target refusing (exit 6), naming the path, when a part of it is a file, when it cannot be created
 * or written, or when it lies on a kernel file system (procfs, sysfs, ...) that holds no files of ours.
 */
import { constants } from 'node:fs';
import { access, mkdir, stat, statfs } from 'node:fs/promises';
import { dirname, parse, resolve, sep } from 'node:path';
import { DoppelError } from '../../../shared/errors.js';

/** `statfs` types of kernel file systems (linux/magic.h): never a place for generated files. */
const SPECIAL_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x6165676c, 'pstore'],
  [0x42494e4d, 'binfmt_misc'],
]);

function refuse(path: string, why: string, cause?: unknown): never {
  throw new DoppelError('refused', `The target ${path} ${why}.`, cause === undefined ? undefined : { cause });
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DoppelError('cancelled', 'Cancelled.');
}

/** The closest part of `path` that exists (itself, a parent, or the root). */
async function closestExisting(path: string, signal: AbortSignal | undefined): Promise<string> {
  let current = path;
  for (;;) {
    checkCancelled(signal);
    const found = await stat(current).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        if (error.code === 'ENOTDIR') return refuse(path, 'lies under a file, not a folder', error);
        return refuse(path, `cannot be read (${error.code ?? error.message})`, error);
      },
    );
    if (found || current === parse(current).root) return current;
    current = dirname(current);
  }
}

/** Creates `dir` (and missing parents) for a file target, or refuses it; returns it resolved. */
export async function prepareOutputDirectory(dir: string, signal?: AbortSignal): Promise<string> {
  const target = resolve(dir);
  const existing = await closestExisting(target, signal);
  const system = SPECIAL_FILE_SYSTEMS.get(Number((await statfs(existing)).type));
  if (system !== undefined) refuse(dir, `is on ${system}, a kernel file system; choose a folder on a disk`);
  if (!(await stat(existing)).isDirectory())
    refuse(dir, existing === target ? 'is a file, not a folder' : `lies under the file ${existing}`);
  const missing = target === existing ? [] : target.slice(existing.length).split(sep).filter(Boolean);
  let current = existing;
  for (const part of missing) {
    checkCancelled(signal);
    current = resolve(current, part);
    await mkdir(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') refuse(dir, `cannot be created (${error.code ?? error.message})`, error);
    });
  }
  checkCancelled(signal);
  await access(target, constants.W_OK).catch((error: NodeJS.ErrnoException) =>
    refuse(dir, `is not writable (${error.code ?? error.message})`, error),
  );
  return target;
}
