/**
 * PGlite (PostgreSQL compiled to WebAssembly) in-process, served on a free loopback port through
 * `@electric-sql/pglite-socket`, so that the same `pg` code path (extract, sample, COPY) works against it.
 * PGlite runs one backend: every connection shares it, so use one session at a time.
 */
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DoppelError } from '../../shared/errors.js';

export interface PgliteServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  close(): Promise<void>;
}

/** What marks a folder as a PostgreSQL data directory. */
const DATA_DIRECTORY_MARKER = 'PG_VERSION';

/**
 * Starts PGlite on `dir` (a data directory, created when missing) or in memory (`null`). A folder that
 * holds something other than a data directory is refused, and the data directory is kept private to its
 * owner (PGlite itself writes its files world-writable).
 */
export async function startPglite(options: { dir: string | null }): Promise<PgliteServer> {
  if (options.dir !== null) await prepareDataDirectory(options.dir);
  let db: PGlite;
  try {
    db = options.dir === null ? new PGlite() : new PGlite(options.dir);
    await db.waitReady;
  } catch (error) {
    throw new DoppelError(
      'connection',
      `Cannot open the embedded PostgreSQL (PGlite) ${options.dir === null ? 'in memory' : `in ${options.dir}`}.`,
      { cause: error },
    );
  }
  const port = await findFreePort();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 4 });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async close() {
      await server.stop();
      await db.close();
      if (options.dir !== null) await restrictPermissions(options.dir).catch(() => undefined);
    },
  };
}

/** Creates `dir` private to its owner, or checks that an existing one is empty or a data directory. */
async function prepareDataDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'ENOTDIR')
      throw new DoppelError('usage', `pglite:${dir} is a file, not a folder for an embedded database.`);
    throw new DoppelError('refused', `The folder pglite:${dir} cannot be read (${error.code ?? 'error'}).`);
  });
  if (entries === undefined) {
    await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      throw new DoppelError(
        'refused',
        `The folder pglite:${dir} cannot be created (${error.code ?? 'error'}).`,
      );
    });
    return;
  }
  if (entries.length > 0 && !entries.includes(DATA_DIRECTORY_MARKER))
    throw new DoppelError(
      'usage',
      `pglite:${dir} is a folder with other files in it, not an embedded database; name an empty or new folder.`,
    );
  await restrictPermissions(dir).catch(() => undefined);
}

/** Takes group and world access off the data directory, and write access off everything in it. */
async function restrictPermissions(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isSymbolicLink()) continue;
      const { mode } = await lstat(path);
      if ((mode & 0o022) !== 0) await chmod(path, mode & 0o7755);
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(dir);
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
