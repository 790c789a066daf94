/**
 * The read-only source session: one connection in a `REPEATABLE READ READ ONLY` transaction (one consistent
 * snapshot for extraction and every sample), each operation inside its own savepoint so a failed or cancelled
 * statement leaves the session usable, operations serialised on the one connection, and an AbortSignal that
 * cancels the running statement on the server.
 */
import type { Catalog, Dataset, Relation } from '../../catalog/model.js';
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
import { connectPostgres, type PostgresConnection } from './connect.js';
import { toQueryError } from './errors.js';
import { extractCatalog } from './extract/extract-catalog.js';
import { quoteIdentifier, quoteQualified } from './identifiers.js';
import type { Queryable } from './queryable.js';
import { type CursorRunner, countChildrenPerParent, sampleChildRows, sampleDataset } from './sample.js';
import { readStatistics } from './statistics.js';

/** How hard-check queries are written for PostgreSQL. */
const DIALECT: ViolationDialect = {
  quoteIdentifier,
  quoteQualified,
  count: (expression) => `${expression}::bigint`,
  text: (expression) => `${expression}::text`,
};

/** A PostgreSQL source session: every optional member of the contract is there. */
export type PostgresSource = SourceSession &
  Required<Pick<SourceSession, 'sample' | 'sampleChildren' | 'readStatistics' | 'countChildren'>>;

/** Opens a read-only session on the PostgreSQL server at `url`. */
export async function openPostgresSource(url: string, options: ConnectOptions): Promise<PostgresSource> {
  const connection = await connectPostgres(url, {
    log: options.log,
    readOnly: true,
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
    ...(options.environmentDefaults === false ? { environmentDefaults: false } : {}),
  });
  try {
    await connection.db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    await connection.close();
    throw toQueryError(error, 'starting a read-only transaction');
  }
  return createSourceSession(connection, options);
}

function createSourceSession(connection: PostgresConnection, options: ConnectOptions): PostgresSource {
  const info = { kind: 'postgres' as const, name: options.name, version: connection.version };
  const run = createRunner(connection);
  const known = new Map<string, Dataset>();
  let closed = false;

  /** The schema and table of a dataset of the source. */
  const tableOf = (name: string): { namespace: string; local: string } => {
    const dataset = known.get(name);
    if (dataset !== undefined) return { namespace: dataset.namespace ?? 'public', local: dataset.local };
    const dot = name.indexOf('.');
    return dot < 0
      ? { namespace: 'public', local: name }
      : { namespace: name.slice(0, dot), local: name.slice(dot + 1) };
  };
  const childTypes = async (
    relation: Relation,
  ): Promise<{ namespace: string; local: string; types: string[] }> => {
    const dataset = known.get(relation.from.dataset);
    if (dataset !== undefined) {
      const types = relation.from.fields.map(
        (name) => dataset.fields.find((field) => field.name === name)?.type.native ?? 'text',
      );
      return { ...tableOf(relation.from.dataset), types };
    }
    const { namespace, local } = tableOf(relation.from.dataset);
    const rows = await run(`reading the columns of ${relation.from.dataset}`, undefined, (query) =>
      query<{ name: string; native: string }>(
        `SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS native
         FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped`,
        [namespace, local],
      ),
    );
    if (rows.length === 0)
      throw new DoppelError('usage', `The dataset ${relation.from.dataset} does not exist in the source.`);
    const types = relation.from.fields.map((name) => rows.find((row) => row.name === name)?.native ?? 'text');
    return { namespace, local, types };
  };

  return {
    info,
    async extract(filter: DatasetFilter, signal?: AbortSignal): Promise<Catalog> {
      const catalog = await run('reading the catalog', signal, (query) =>
        extractCatalog(
          { query: async (text, values) => ({ rows: await query(text, values) }) },
          info,
          filter,
        ),
      );
      for (const dataset of catalog.datasets) known.set(dataset.name, dataset);
      return catalog;
    },
    sample(dataset: Dataset, sampleOptions: SampleOptions): SampleStream {
      // pglite-socket does not carry COPY: the embedded backend is read through a cursor.
      return sampleDataset(run, dataset, sampleOptions, { copy: !connection.embedded });
    },
    readStatistics: (dataset: Dataset, signal?: AbortSignal) => readStatistics(run, dataset, signal),
    sampleChildren(
      relation: Relation,
      parentKeys: readonly (readonly Value[])[],
      childOptions: ChildSampleOptions,
    ) {
      return {
        async *[Symbol.asyncIterator]() {
          if (parentKeys.length === 0) return;
          const child = await childTypes(relation);
          yield* sampleChildRows(run, relation, child, child.types, parentKeys, childOptions);
        },
      };
    },
    async countChildren(relation: Relation, countOptions: Pick<SampleOptions, 'seconds' | 'signal'>) {
      return countChildrenPerParent(
        run,
        relation,
        tableOf(relation.to.dataset),
        tableOf(relation.from.dataset),
        countOptions,
      );
    },
    countViolations(checks: readonly HardCheck[], signal?: AbortSignal): Promise<number[]> {
      return countViolations(checks, DIALECT, (what, text) =>
        run(what, signal, async (query) => {
          const rows = await query<{ violations: string | number }>(text);
          return Number(rows[0]?.violations ?? 0);
        }),
      );
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await connection.db.query('ROLLBACK').catch(() => undefined);
      // On PGlite the backend outlives the connection: leave it as it was found.
      if (connection.embedded) await connection.db.query('RESET ALL').catch(() => undefined);
      await connection.close();
    },
  };
}

/**
 * Serialises operations on the one connection; each runs in a savepoint (released on success, rolled back
 * on failure so the snapshot transaction survives) and is cancelled on the server when `signal` aborts.
 */
function createRunner(connection: PostgresConnection): CursorRunner {
  const enqueue = createSerialQueue();
  let counter = 0;
  const db: Queryable = connection.db;
  const copy = { client: connection.client, types: connection.types, cancel: () => connection.cancel() };
  return <T>(
    what: string,
    signal: AbortSignal | undefined,
    work: (
      query: <R>(text: string, values?: readonly unknown[]) => Promise<R[]>,
      access: typeof copy,
    ) => Promise<T>,
  ): Promise<T> =>
    enqueue(
      what,
      signal,
      () => {
        void connection.cancel();
      },
      async () => {
        const savepoint = `doppel_step_${++counter}`;
        await db.query(`SAVEPOINT ${savepoint}`);
        try {
          const result = await work(
            async <R>(text: string, values?: readonly unknown[]) => (await db.query<R>(text, values)).rows,
            copy,
          );
          await db.query(`RELEASE SAVEPOINT ${savepoint}`);
          return result;
        } catch (error) {
          await db.query(`ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
          throw toQueryError(error, what, signal);
        }
      },
    );
}
