/**
 * PGlite (PostgreSQL compiled to WebAssembly) in-process, served on a free loopback port through
 * `@electric-sql/pglite-socket`, so that the same `pg` code path (extract, sample, COPY) works against it.
 * PGlite runs one backend: every connection shares it, so use one session at a time.
 */
import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DoppelError } from '../../shared/errors.js';

export interface PgliteServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts PGlite on `dir` (a data directory, created when missing) or in memory (`null`). */
export async function startPglite(options: { dir: string | null }): Promise<PgliteServer> {
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
    },
  };
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
