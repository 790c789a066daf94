/**
 * Loading the tables of a foreign-key cycle in one transaction. When every foreign key between them is
 * deferrable, the checks are deferred to commit (`SET CONSTRAINTS ALL DEFERRED`); otherwise the tables'
 * triggers are disabled during the load, as `pg_restore --disable-triggers` does (superuser only), and the
 * references are verified by a query before commit: every non-null reference has its parent, and a
 * `MATCH FULL` key is either wholly null or wholly set.
 */
import type pg from 'pg';
import type { Row } from '../../../catalog/values.js';
import { DoppelError } from '../../../shared/errors.js';
import type { DatasetTask } from '../../../tasks/types.js';
import type { LoadOptions } from '../../contract.js';
import { quoteIdentifier } from '../identifiers.js';
import type { Queryable } from '../queryable.js';
import { advanceSequences } from './advance-sequences.js';
import { copyRows, tableOf } from './copy-rows.js';

interface ForeignKeyRow {
  name: string;
  child: string;
  parent: string;
  childColumns: string[];
  parentColumns: string[];
  deferrable: boolean;
  /** `f` full, `s` simple, `p` partial. */
  matchType: string;
  inCycle: boolean;
}

const FOREIGN_KEYS_QUERY = `
SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(num, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num) AS "childColumns",
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(num, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num) AS "parentColumns",
       c.condeferrable AS deferrable, c.confmatchtype AS "matchType", c.confrelid = ANY ($1::regclass[]) AS "inCycle"
FROM pg_catalog.pg_constraint c
WHERE c.contype = 'f' AND c.conrelid = ANY ($1::regclass[])`;

/** Loads every dataset of a cycle in one transaction; returns rows written per dataset name. */
export async function loadCycle(
  client: pg.Client,
  db: Queryable,
  datasets: readonly DatasetTask[],
  rowsByDataset: ReadonlyMap<string, AsyncIterable<Row>>,
  options: LoadOptions,
  embedded = false,
): Promise<Map<string, number>> {
  const tables = datasets.map(tableOf);
  const cycleName = datasets.map((dataset) => dataset.dataset.name).join(' → ');
  const { rows: foreignKeys } = await db.query<ForeignKeyRow>(FOREIGN_KEYS_QUERY, [tables]);
  const deferrable = foreignKeys.filter((key) => key.inCycle).every((key) => key.deferrable);
  if (deferrable) await db.query('SET CONSTRAINTS ALL DEFERRED');
  else {
    const { rows } = await db.query<{ superuser: boolean }>(
      'SELECT rolsuper AS superuser FROM pg_catalog.pg_roles WHERE rolname = current_user',
    );
    if (rows[0]?.superuser !== true)
      throw new DoppelError(
        'refused',
        `Loading the foreign-key cycle ${cycleName} needs superuser privilege (to disable its foreign-key triggers), because not every foreign key in it is deferrable.`,
        { details: ['Make the cycle’s foreign keys DEFERRABLE, or load as a superuser.'] },
      );
    for (const table of tables) await db.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
  }
  if (options.mode === 'truncate') await db.query(`TRUNCATE ${tables.join(', ')}`);
  const written = new Map<string, number>();
  for (const dataset of datasets) {
    const rows = rowsByDataset.get(dataset.dataset.name) ?? emptyRows();
    written.set(
      dataset.dataset.name,
      await copyRows(client, dataset, rows, {
        embedded,
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
      }),
    );
    await advanceSequences(db, dataset);
  }
  if (!deferrable) {
    for (const table of tables) await db.query(`ALTER TABLE ${table} ENABLE TRIGGER ALL`);
    const broken = await findBrokenReferences(db, foreignKeys);
    if (broken.length > 0)
      throw new DoppelError(
        'refused',
        `Loading the foreign-key cycle ${cycleName} left references without a parent.`,
        {
          details: broken,
        },
      );
  }
  return written;
}

/**
 * Names each foreign key with rows whose (non-null) reference has no parent row, and each `MATCH FULL` key
 * with rows whose reference is partly null (which that match type forbids).
 */
async function findBrokenReferences(db: Queryable, foreignKeys: readonly ForeignKeyRow[]): Promise<string[]> {
  const broken: string[] = [];
  for (const key of foreignKeys) {
    if (key.matchType === 'f' && key.childColumns.length > 1) {
      const columns = key.childColumns.map((column) => `c.${quoteIdentifier(column)}`).join(', ');
      const { rows } = await db.query<{ count: string }>(
        `SELECT count(*) AS count FROM ${key.child} c WHERE num_nulls(${columns}) > 0 AND num_nonnulls(${columns}) > 0`,
      );
      const count = Number(rows[0]?.count ?? 0);
      if (count > 0)
        broken.push(
          `${key.name}: ${count} row(s) of ${key.child} set only part of a MATCH FULL reference to ${key.parent}`,
        );
    }
    const notNull = key.childColumns
      .map((column) => `c.${quoteIdentifier(column)} IS NOT NULL`)
      .join(' AND ');
    const join = key.childColumns
      .map(
        (column, index) =>
          `p.${quoteIdentifier(key.parentColumns[index] ?? column)} = c.${quoteIdentifier(column)}`,
      )
      .join(' AND ');
    const { rows } = await db.query<{ count: string }>(
      `SELECT count(*) AS count FROM ${key.child} c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${key.parent} p WHERE ${join})`,
    );
    const count = Number(rows[0]?.count ?? 0);
    if (count > 0)
      broken.push(`${key.name}: ${count} row(s) of ${key.child} reference no row of ${key.parent}`);
  }
  return broken;
}

async function* emptyRows(): AsyncGenerator<Row> {}
