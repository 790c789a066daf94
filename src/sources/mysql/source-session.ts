/**
 * The read-only source session on MySQL/MariaDB: one connection with `SET SESSION TRANSACTION READ ONLY`,
 * statement and lock timeouts, and one `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY` for
 * extraction and every sample; operations serialised on the one connection, and an AbortSignal that runs
 * `KILL QUERY` on a second connection. A failed statement does not end a MySQL transaction, so no savepoints
 * are needed.
 */
import type { Catalog, Dataset, Relation, SourceInfo } from '../../catalog/model.js';
import type { Value } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import type {
  ChildSampleOptions,
  ConnectOptions,
  DatasetFilter,
  SampleOptions,
  SampleStream,
  SourceSession,
} from '../contract.js';
import { createSerialQueue } from '../serial-queue.js';
import { countViolations, type HardCheck, type ViolationDialect } from '../violation-queries.js';
import { connectMysql, type MysqlConnection } from './connect.js';
import { toQueryError } from './errors.js';
import { extractCatalog } from './extract/extract-catalog.js';
import { quoteIdentifier, quoteQualified } from './identifiers.js';
import type { MysqlQueryable } from './queryable.js';
import { type MysqlRunner, sampleChildRows, sampleDataset } from './sample.js';

/** How hard-check queries are written for MySQL/MariaDB. */
const DIALECT: ViolationDialect = {
  quoteIdentifier,
  quoteQualified,
  count: (expression) => `CAST(${expression} AS SIGNED)`,
  text: (expression) => `CAST(${expression} AS CHAR)`,
};

/** Opens a read-only session on the MySQL or MariaDB server at `url`. */
export async function openMysqlSource(url: string, options: ConnectOptions): Promise<SourceSession> {
  const connection = await connectMysql(url, {
    log: options.log,
    readOnly: true,
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
  });
  try {
    await connection.db.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  } catch (error) {
    await connection.close();
    throw toQueryError(error, 'starting a read-only transaction');
  }
  return createSourceSession(connection, options);
}

function createSourceSession(connection: MysqlConnection, options: ConnectOptions): SourceSession {
  const info: SourceInfo = { kind: 'mysql', name: options.name, version: connection.version };
  const run = createRunner(connection);
  const known = new Map<string, Dataset>();
  let closed = false;
  const database = connection.server.database;

  return {
    info,
    ...(database === '' ? {} : { placedNamespace: database }),
    async extract(filter: DatasetFilter, signal?: AbortSignal): Promise<Catalog> {
      // An address naming a database reads that database unless the filter names others.
      const scoped: DatasetFilter =
        filter.namespaces === undefined && database !== '' ? { ...filter, namespaces: [database] } : filter;
      const catalog = await run('reading the catalog', signal, (db) =>
        extractCatalog(db, info, scoped, { mariadb: connection.mariadb }),
      );
      for (const dataset of catalog.datasets) known.set(dataset.name, dataset);
      return catalog;
    },
    countViolations(checks: readonly HardCheck[], signal?: AbortSignal): Promise<number[]> {
      return countViolations(checks, DIALECT, (what, query) =>
        run(what, signal, async (db) => {
          const rows = await db.query<{ violations: string | number }>(query);
          return Number(rows[0]?.violations ?? 0);
        }),
      );
    },
    sample(dataset: Dataset, sampleOptions: SampleOptions): SampleStream {
      return sampleDataset(run, dataset, sampleOptions);
    },
    sampleChildren(
      relation: Relation,
      parentKeys: readonly (readonly Value[])[],
      childOptions: ChildSampleOptions,
    ) {
      return {
        async *[Symbol.asyncIterator]() {
          if (parentKeys.length === 0) return;
          const child = known.get(relation.from.dataset);
          if (child === undefined)
            throw new DoppelError(
              'usage',
              `The dataset ${relation.from.dataset} was not read from the source before its children were sampled.`,
            );
          yield* sampleChildRows(run, relation, child, parentKeys, childOptions);
        },
      };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await connection.db.query('ROLLBACK').catch(() => undefined);
      await connection.close();
    },
  };
}

/** Serialises operations on the one connection; `signal` aborting runs `KILL QUERY` on the server. */
function createRunner(connection: MysqlConnection): MysqlRunner {
  const enqueue = createSerialQueue();
  return <T>(
    what: string,
    signal: AbortSignal | undefined,
    work: (db: MysqlQueryable, access: MysqlConnection) => Promise<T>,
  ): Promise<T> =>
    enqueue(
      what,
      signal,
      () => {
        void connection.cancel();
      },
      async () => {
        try {
          return await work(connection.db, connection);
        } catch (error) {
          throw toQueryError(error, what, signal);
        }
      },
    );
}
