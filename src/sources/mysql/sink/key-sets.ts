/**
 * Working on rows by key tuples, in batches, with the keys written as literals of the columns' types (doppel
 * sessions never use mysql2's backslash escaping): deleting (`doppel clean`), updating references loaded
 * null (`null-then-update` cycles, nullable self-references), and reading what a table already holds
 * (`--respect-existing`). A batch of keys travels as a derived table of `SELECT .. UNION ALL` rows, which
 * MySQL 8 and MariaDB both read.
 */
import type { Value } from '../../../catalog/values.js';
import { DoppelError } from '../../../shared/errors.js';
import type { DatasetTask, TypeTask } from '../../../tasks/types.js';
import { quoteIdentifier } from '../identifiers.js';
import type { MysqlQueryable, MysqlWritable } from '../queryable.js';
import { renderValueLiteral } from '../value-literal.js';

/** Tuples per statement. */
export const KEY_BATCH = 500;

/** The types of `names` in `dataset`, or a DoppelError naming the missing field. */
function resolveTypes(dataset: DatasetTask, names: readonly string[]): TypeTask[] {
  return names.map((name) => {
    const field = dataset.fields.find((candidate) => candidate.name === name);
    if (field === undefined)
      throw new DoppelError('invalidInput', `The dataset ${dataset.dataset.name} has no field "${name}".`);
    return field.type;
  });
}

/** `(SELECT 0 AS pos, 1 AS k0 UNION ALL SELECT 1, 2 ...) u` for a batch of tuples. */
function renderKeyTable(tuples: readonly (readonly Value[])[], types: readonly TypeTask[]): string {
  const rows = tuples.map((tuple, position) => {
    const values = types.map((type, index) => renderValueLiteral(tuple[index] ?? null, type));
    return position === 0
      ? `SELECT ${position} AS pos, ${values.map((value, index) => `${value} AS k${index}`).join(', ')}`
      : `SELECT ${position}, ${values.join(', ')}`;
  });
  return `(${rows.join(' UNION ALL ')}) u`;
}

function match(fields: readonly string[]): string {
  return fields.map((name, index) => `t.${quoteIdentifier(name)} = u.k${index}`).join(' AND ');
}

async function inBatches(
  tuples: readonly (readonly Value[])[],
  run: (batch: readonly (readonly Value[])[], start: number) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (let start = 0; start < tuples.length; start += KEY_BATCH)
    total += await run(tuples.slice(start, start + KEY_BATCH), start);
  return total;
}

/** Deletes the rows of `table` whose `fields` equal one of `keys`; returns rows deleted. */
export function deleteByKeys(
  db: MysqlWritable,
  table: string,
  dataset: DatasetTask,
  fields: readonly string[],
  keys: readonly (readonly Value[])[],
): Promise<number> {
  const types = resolveTypes(dataset, fields);
  return inBatches(keys, (batch) =>
    db.change(`DELETE t FROM ${table} t JOIN ${renderKeyTable(batch, types)} ON ${match(fields)}`),
  );
}

/** Sets `fields` from each tuple (key values first, then field values); returns rows updated. */
export function updateByKeys(
  db: MysqlWritable,
  table: string,
  dataset: DatasetTask,
  keyFields: readonly string[],
  fields: readonly string[],
  tuples: readonly (readonly Value[])[],
): Promise<number> {
  const types = resolveTypes(dataset, [...keyFields, ...fields]);
  const assignments = fields
    .map((name, index) => `t.${quoteIdentifier(name)} = u.k${keyFields.length + index}`)
    .join(', ');
  return inBatches(tuples, (batch) =>
    db.change(
      `UPDATE ${table} t JOIN ${renderKeyTable(batch, types)} ON ${match(keyFields)} SET ${assignments}`,
    ),
  );
}

/** Row count and per-field maximum of `table`. */
export async function readExtent(
  db: MysqlQueryable,
  table: string,
  dataset: DatasetTask,
  fields: readonly string[],
): Promise<{ rows: number; maxima: Record<string, Value> }> {
  resolveTypes(dataset, fields);
  const maxima = fields.map((name, index) => `, MAX(${quoteIdentifier(name)}) AS m${index}`).join('');
  const [row] = await db.query<Record<string, Value>>(`SELECT COUNT(*) AS n${maxima} FROM ${table}`);
  return {
    rows: Number(row?.n ?? 0),
    maxima: Object.fromEntries(fields.map((name, index) => [name, row?.[`m${index}`] ?? null])),
  };
}

/** Positions of the `keys` (tuples over `fields`) that some row of `table` already has. */
export async function findExistingKeys(
  db: MysqlQueryable,
  table: string,
  dataset: DatasetTask,
  fields: readonly string[],
  keys: readonly (readonly Value[])[],
): Promise<number[]> {
  const types = resolveTypes(dataset, fields);
  const found: number[] = [];
  await inBatches(keys, async (batch, start) => {
    const rows = await db.query<{ pos: number | string }>(
      `SELECT u.pos FROM ${renderKeyTable(batch, types)} WHERE EXISTS (SELECT 1 FROM ${table} t WHERE ${match(fields)}) ORDER BY u.pos`,
    );
    for (const row of rows) found.push(start + Number(row.pos));
    return rows.length;
  });
  return found;
}
