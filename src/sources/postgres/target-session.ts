/**
 * The writable target session: loads rows with COPY (one transaction per table, all or nothing), loads
 * foreign-key cycles in one transaction, deletes by keys in batches, and applies DDL such as
 * `renderCreateSchema`'s output.
 */
import type { Row, Value } from '../../catalog/values.js';
import type { DatasetTask, Profile } from '../../tasks/types.js';
import type { ConnectOptions, LoadOptions, LoadRows, TargetSession } from '../contract.js';
import { createTransactions } from '../transactions.js';
import { connectPostgres, type PostgresConnection } from './connect.js';
import { toQueryError } from './errors.js';
import { POSTGRES_CAPABILITIES } from './kind.js';
import { renderCreateSchema } from './schema/render-create-schema.js';
import { advanceSequences } from './sink/advance-sequences.js';
import { copyRows, tableOf } from './sink/copy-rows.js';
import { deleteByKeys } from './sink/delete-by-keys.js';
import { findExistingKeys, readExtent } from './sink/existing-rows.js';
import { loadCycle } from './sink/load-cycle.js';
import { updateByKeys } from './sink/update-by-keys.js';

export interface PostgresTarget extends TargetSession {
  deleteByKeys(
    dataset: DatasetTask,
    fields: readonly string[],
    keys: readonly (readonly Value[])[],
  ): Promise<number>;
  /**
   * Loads the tables of one foreign-key cycle in a single transaction (deferred constraints when every edge
   * is deferrable, else disabled triggers and a verification query; the latter needs superuser).
   * Returns rows written per dataset name.
   */
  loadCycle(
    datasets: readonly DatasetTask[],
    rowsByDataset: ReadonlyMap<string, AsyncIterable<Row>>,
    options: LoadOptions,
  ): Promise<Map<string, number>>;
  /** Runs statements in one transaction (all or nothing). */
  execute(statements: readonly string[], signal?: AbortSignal): Promise<void>;
  /** Creates the profile's types, tables, keys, constraints and indexes (see `renderCreateSchema`). */
  createSchema(profile: Profile, signal?: AbortSignal): Promise<void>;
  inTransaction<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  truncate(datasets: readonly DatasetTask[], signal?: AbortSignal): Promise<void>;
  deferConstraints(): Promise<void>;
  updateByKeys(
    dataset: DatasetTask,
    keyFields: readonly string[],
    fields: readonly string[],
    tuples: readonly (readonly Value[])[],
  ): Promise<number>;
  readExtent(
    dataset: DatasetTask,
    fields: readonly string[],
  ): Promise<{ readonly rows: number; readonly maxima: Readonly<Record<string, Value>> }>;
  findExistingKeys(
    dataset: DatasetTask,
    fields: readonly string[],
    keys: readonly (readonly Value[])[],
  ): Promise<number[]>;
}

/** Opens a writable session on the PostgreSQL server at `url`. */
export async function openPostgresTarget(url: string, options: ConnectOptions): Promise<PostgresTarget> {
  const connection = await connectPostgres(url, {
    log: options.log,
    readOnly: false,
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
    ...(options.environmentDefaults === false ? { environmentDefaults: false } : {}),
  });
  return createTarget(connection, options);
}

function createTarget(connection: PostgresConnection, options: ConnectOptions): PostgresTarget {
  const { db, client } = connection;
  const transactions = createTransactions({
    begin: 'BEGIN',
    query: (sql) => db.query(sql),
    cancel: () => void connection.cancel(),
    toError: toQueryError,
  });
  const transaction = transactions.run;
  const execute = (statements: readonly string[], signal?: AbortSignal) =>
    transaction('applying the schema', signal, async () => {
      for (const statement of statements) await db.query(statement);
    });

  return {
    info: { kind: 'postgres', name: options.name, version: connection.version },
    capabilities: POSTGRES_CAPABILITIES,
    load(dataset: DatasetTask, rows: LoadRows, loadOptions: LoadOptions): Promise<number> {
      return transaction(`loading ${dataset.dataset.name}`, loadOptions.signal, async () => {
        if (loadOptions.mode === 'truncate') await db.query(`TRUNCATE ${tableOf(dataset)}`);
        const count = await copyRows(client, dataset, rows, {
          embedded: connection.embedded,
          ...(loadOptions.signal !== undefined ? { signal: loadOptions.signal } : {}),
          ...(loadOptions.onProgress !== undefined ? { onProgress: loadOptions.onProgress } : {}),
        });
        await advanceSequences(db, dataset);
        return count;
      });
    },
    loadCycle(datasets, rowsByDataset, loadOptions) {
      const names = datasets.map((dataset) => dataset.dataset.name).join(', ');
      return transaction(`loading the cycle ${names}`, loadOptions.signal, () =>
        loadCycle(client, db, datasets, rowsByDataset, loadOptions, connection.embedded),
      );
    },
    deleteByKeys(dataset: DatasetTask, fields: readonly string[], keys: readonly (readonly Value[])[]) {
      return transaction(`deleting from ${dataset.dataset.name}`, undefined, () =>
        deleteByKeys(db, dataset, fields, keys),
      );
    },
    inTransaction<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      return transactions.enclose('loading', signal, work);
    },
    truncate(datasets: readonly DatasetTask[], signal?: AbortSignal) {
      const names = datasets.map((dataset) => dataset.dataset.name).join(', ');
      return transaction(`emptying ${names}`, signal, async () => {
        if (datasets.length > 0) await db.query(`TRUNCATE ${datasets.map(tableOf).join(', ')}`);
      });
    },
    deferConstraints() {
      return transaction('deferring constraints', undefined, async () => {
        await db.query('SET CONSTRAINTS ALL DEFERRED');
      });
    },
    updateByKeys(dataset, keyFields, fields, tuples) {
      return transaction(`updating ${dataset.dataset.name}`, undefined, () =>
        updateByKeys(db, dataset, keyFields, fields, tuples),
      );
    },
    readExtent(dataset, fields) {
      return transaction(`reading ${dataset.dataset.name}`, undefined, () => readExtent(db, dataset, fields));
    },
    findExistingKeys(dataset, fields, keys) {
      return transaction(`reading ${dataset.dataset.name}`, undefined, () =>
        findExistingKeys(db, dataset, fields, keys),
      );
    },
    execute,
    createSchema: (profile: Profile, signal?: AbortSignal) => execute(renderCreateSchema(profile), signal),
    close: () => connection.close(),
  };
}
