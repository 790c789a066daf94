/**
 * The writable target session on MySQL/MariaDB: `LOAD DATA LOCAL INFILE` from a generated stream where the
 * server allows it and every column has a text form (checked for warnings and row counts afterwards), else
 * multi-row INSERTs sized to the server's `max_allowed_packet`; one transaction per load, or one for the
 * whole run through `inTransaction`. Foreign-key cycles and self-referencing tables load with
 * `foreign_key_checks` off and every reference verified before commit; deletes and updates go by key sets;
 * `--create-schema` renders the profile's tables. Only InnoDB tables are written: a table on
 * an engine that cannot roll back is refused before a row reaches it.
 *
 * MySQL commits DDL implicitly, so the schema cannot be part of the run's transaction: `createSchema` runs
 * first, remembers the tables it created, starts the transaction again, and a failed run (or a failed
 * `createSchema`) drops exactly those tables. Emptying tables (`--mode truncate`) uses DELETE, which rolls
 * back, rather than TRUNCATE, which commits.
 */
import type { Row, Value } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import type { DatasetTask, Profile } from '../../tasks/types.js';
import type { ConnectOptions, LoadOptions, TargetSession } from '../contract.js';
import { createTransactions } from '../transactions.js';
import { connectMysql, type MysqlConnection } from './connect.js';
import { toQueryError } from './errors.js';
import { MYSQL_CAPABILITIES } from './kind.js';
import { renderCreateSchema } from './schema/render-create-schema.js';
import { insertRows } from './sink/insert-rows.js';
import { deleteByKeys, findExistingKeys, readExtent, updateByKeys } from './sink/key-sets.js';
import { fitsLoadData, loadDataRows } from './sink/load-data.js';
import { createTablePlacer, type TablePlace } from './sink/table-place.js';
import { fetchForeignKeys, withChecksOff } from './sink/verify-references.js';

/** Statement size aimed at: a quarter of `max_allowed_packet`, at most this. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

export interface MysqlTarget extends TargetSession {
  /** Runs statements one after another (DDL commits implicitly on MySQL: no transaction around them). */
  execute(statements: readonly string[], signal?: AbortSignal): Promise<void>;
  createSchema: NonNullable<TargetSession['createSchema']>;
  loadCycle: NonNullable<TargetSession['loadCycle']>;
  deleteByKeys: NonNullable<TargetSession['deleteByKeys']>;
}

/** Opens a writable session on the MySQL or MariaDB server at `url`. */
export async function openMysqlTarget(url: string, options: ConnectOptions): Promise<MysqlTarget> {
  const connection = await connectMysql(url, {
    log: options.log,
    readOnly: false,
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
  });
  try {
    const [row] = await connection.db.query<{ packet: number | string; local: number | string }>(
      'SELECT @@max_allowed_packet AS packet, @@local_infile AS `local`',
    );
    const batchBytes = Math.max(64 * 1024, Math.min(MAX_BATCH_BYTES, Number(row?.packet ?? 0) / 4));
    return createTarget(connection, options, { batchBytes, localInfile: Number(row?.local ?? 0) === 1 });
  } catch (error) {
    await connection.close();
    throw toQueryError(error, 'preparing the target session');
  }
}

interface WriteSettings {
  /** INSERT statement size aimed at. */
  readonly batchBytes: number;
  /** The server takes `LOAD DATA LOCAL INFILE` (`local_infile` on). */
  readonly localInfile: boolean;
}

function createTarget(
  connection: MysqlConnection,
  options: ConnectOptions,
  { batchBytes, localInfile }: WriteSettings,
): MysqlTarget {
  const { db } = connection;
  const place = createTablePlacer(connection.server.database);
  const transactions = createTransactions({
    begin: 'START TRANSACTION',
    query: (sql) => db.query(sql),
    cancel: () => void connection.cancel(),
    toError: toQueryError,
  });
  const transaction = transactions.run;
  /** Tables `createSchema` made during the enclosing run: dropped again if the run fails. */
  let created: TablePlace[] = [];
  const engines = new Map<string, string>();

  /** Refuses a table whose engine cannot roll back (MyISAM, MEMORY, ARCHIVE, ...). */
  const checkEngine = async (dataset: DatasetTask): Promise<TablePlace> => {
    const table = place(dataset);
    const key = `${table.database}.${table.table}`;
    if (!engines.has(key)) {
      const [row] = await db.query<{ engine: string | null }>(
        'SELECT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
        [table.database, table.table],
      );
      if (row === undefined)
        throw new DoppelError(
          'invalidInput',
          `The table ${key} does not exist on the target (add --create-schema to create it).`,
        );
      engines.set(key, row.engine ?? '');
    }
    const engine = engines.get(key) ?? '';
    if (engine.toLowerCase() !== 'innodb')
      throw new DoppelError(
        'refused',
        `The table ${key} uses the ${engine || 'unknown'} engine, which cannot roll back: doppel loads only InnoDB tables, so that a failed run leaves nothing behind. Nothing was written.`,
        { details: [`ALTER TABLE ${table.quoted} ENGINE=InnoDB converts it.`] },
      );
    return table;
  };

  const insert = async (dataset: DatasetTask, rows: AsyncIterable<Row>, loadOptions: LoadOptions) => {
    const table = await checkEngine(dataset);
    const progress = {
      ...(loadOptions.signal !== undefined ? { signal: loadOptions.signal } : {}),
      ...(loadOptions.onProgress !== undefined ? { onProgress: loadOptions.onProgress } : {}),
    };
    return localInfile && fitsLoadData(dataset)
      ? loadDataRows(db, table.quoted, dataset, rows, progress)
      : insertRows(db, table.quoted, dataset, rows, { batchBytes, ...progress });
  };

  /** Loads with foreign-key checks off; refuses (the caller rolls back) when a reference is broken. */
  const loadUnchecked = async <T>(
    label: string,
    datasets: readonly DatasetTask[],
    work: () => Promise<T>,
  ) => {
    const tables = datasets.map(place);
    const { result, broken } = await withChecksOff(db, work, async () =>
      (await fetchForeignKeys(db, tables)).filter((key) =>
        tables.some((table) => table.database === key.child.database && table.table === key.child.table),
      ),
    );
    if (broken.length > 0)
      throw new DoppelError(
        'refused',
        `Loading ${label} left references without a parent; nothing was written.`,
        {
          details: broken,
        },
      );
    return result;
  };

  const emptyTables = async (datasets: readonly DatasetTask[]) => {
    const tables = datasets.map(place);
    const { broken } = await withChecksOff(
      db,
      async () => {
        for (const dataset of [...datasets].reverse())
          await db.change(`DELETE FROM ${(await checkEngine(dataset)).quoted}`);
      },
      () => fetchForeignKeys(db, tables),
    );
    if (broken.length > 0)
      throw new DoppelError(
        'refused',
        'Emptying the tables would leave other tables’ rows without a parent.',
        {
          details: broken,
        },
      );
  };

  const dropCreated = async (): Promise<string[]> => {
    const dropped = created;
    created = [];
    if (dropped.length === 0) return [];
    await db.query('SET SESSION foreign_key_checks = 0').catch(() => undefined);
    for (const table of [...dropped].reverse())
      await db.query(`DROP TABLE IF EXISTS ${table.quoted}`).catch(() => undefined);
    await db.query('SET SESSION foreign_key_checks = 1').catch(() => undefined);
    return dropped.map((table) => `${table.database}.${table.table}`);
  };

  const execute = (statements: readonly string[], signal?: AbortSignal) =>
    transactions.queue('applying the schema', signal, async () => {
      for (const statement of statements) {
        try {
          await db.query(statement);
        } catch (error) {
          throw toQueryError(error, 'applying the schema', signal);
        }
      }
    });

  const createSchema = async (profile: Profile, signal?: AbortSignal): Promise<void> => {
    const statements = renderCreateSchema(profile, place);
    const run = async () => {
      try {
        for (const statement of statements) {
          signal?.throwIfAborted();
          await db.query(statement.sql);
          if (statement.creates !== undefined) created.push(statement.creates);
        }
      } catch (error) {
        const dropped = await dropCreated();
        const failure = toQueryError(error, 'creating the schema', signal);
        throw new DoppelError(failure.kind, failure.message, {
          cause: error,
          details: [
            dropped.length > 0
              ? `The tables created before the failure were dropped again: ${dropped.join(', ')}.`
              : 'No table had been created.',
          ],
        });
      }
    };
    if (!transactions.enclosed) {
      await transactions.queue('creating the schema', signal, async () => {
        await run();
        created = [];
      });
      return;
    }
    // Inside a run: the DDL has committed the run's (still empty) transaction; open it again.
    await run();
    await db.query('START TRANSACTION');
  };

  return {
    info: { kind: 'mysql', name: options.name, version: connection.version },
    capabilities: MYSQL_CAPABILITIES,
    load(dataset, rows, loadOptions) {
      return transaction(`loading ${dataset.dataset.name}`, loadOptions.signal, async () => {
        if (loadOptions.mode === 'truncate') await emptyTables([dataset]);
        // A table referencing itself through a key that cannot be null: its rows may point at later rows.
        const selfReferencing = dataset.relations.some(
          (relation) =>
            relation.declared &&
            (relation.to.dataset === dataset.dataset.name || relation.from.dataset === relation.to.dataset),
        );
        const work = () => insert(dataset, rows, loadOptions);
        return selfReferencing ? loadUnchecked(dataset.dataset.name, [dataset], work) : work();
      });
    },
    loadCycle(datasets, rowsByDataset, loadOptions) {
      const names = datasets.map((dataset) => dataset.dataset.name);
      const label = `the foreign-key cycle ${names.join(' → ')}`;
      return transaction(`loading ${label}`, loadOptions.signal, async () => {
        if (loadOptions.mode === 'truncate') await emptyTables(datasets);
        return loadUnchecked(label, datasets, async () => {
          const written = new Map<string, number>();
          for (const dataset of datasets)
            written.set(
              dataset.dataset.name,
              await insert(dataset, rowsByDataset.get(dataset.dataset.name) ?? emptyRows(), loadOptions),
            );
          return written;
        });
      });
    },
    deleteByKeys(dataset: DatasetTask, fields: readonly string[], keys: readonly (readonly Value[])[]) {
      return transaction(`deleting from ${dataset.dataset.name}`, undefined, () =>
        deleteByKeys(db, place(dataset).quoted, dataset, fields, keys),
      );
    },
    inTransaction<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      return transactions.enclose(
        'loading',
        signal,
        async () => {
          created = [];
          const result = await work();
          created = [];
          return result;
        },
        async (failure, error) => {
          const dropped = await dropCreated();
          if (dropped.length === 0) return failure;
          return new DoppelError(failure.kind, failure.message, {
            cause: error,
            details: [
              ...(failure.details ?? []),
              `The tables this run created were dropped again: ${dropped.join(', ')}.`,
            ],
          });
        },
      );
    },
    truncate(datasets, signal) {
      const names = datasets.map((dataset) => dataset.dataset.name).join(', ');
      return transaction(`emptying ${names}`, signal, () => emptyTables(datasets));
    },
    updateByKeys(dataset, keyFields, fields, tuples) {
      return transaction(`updating ${dataset.dataset.name}`, undefined, () =>
        updateByKeys(db, place(dataset).quoted, dataset, keyFields, fields, tuples),
      );
    },
    readExtent(dataset, fields) {
      return transaction(`reading ${dataset.dataset.name}`, undefined, () =>
        readExtent(db, place(dataset).quoted, dataset, fields),
      );
    },
    findExistingKeys(dataset, fields, keys) {
      return transaction(`reading ${dataset.dataset.name}`, undefined, () =>
        findExistingKeys(db, place(dataset).quoted, dataset, fields, keys),
      );
    },
    execute,
    createSchema,
    close: () => connection.close(),
  };
}

async function* emptyRows(): AsyncGenerator<Row> {}
