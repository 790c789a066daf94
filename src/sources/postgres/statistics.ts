/**
 * Reads what PostgreSQL already keeps about a table (`pg_class.reltuples`, `pg_stats`) for
 * `doppel profile --from-stats`: no statement here reads a row of the table. Common values and histogram
 * bounds are cast back to the column's own type, so they arrive parsed exactly like sampled values.
 */
import { type LogicalType, NUMERIC_LIKE, TEMPORAL } from '../../catalog/logical-type.js';
import type { Dataset } from '../../catalog/model.js';
import type { Value } from '../../catalog/values.js';
import type { DatasetStatistics, FieldStatistics } from '../contract.js';
import type { CopyRunner } from './copy-reader.js';

/** Types whose common values and bounds are read (others keep null share, distinct estimate and width). */
const VALUED: ReadonlySet<LogicalType> = new Set([
  ...NUMERIC_LIKE,
  ...TEMPORAL,
  'interval',
  'boolean',
  'string',
  'enum',
  'uuid',
]);

interface StatsRow {
  readonly field: string;
  readonly null_share: number;
  readonly n_distinct: number;
  readonly width: number;
  readonly correlation: number | null;
  readonly freqs: number[] | null;
}

/** The dataset's statistics, or `undefined` when it was never analyzed. */
export async function readStatistics(
  run: CopyRunner,
  dataset: Dataset,
  signal?: AbortSignal,
): Promise<DatasetStatistics | undefined> {
  const namespace = dataset.namespace ?? 'public';
  const where = 's.schemaname = $1 AND s.tablename = $2 AND s.inherited = $3';
  const read = <R>(what: string, sql: string, values: readonly unknown[]) =>
    run(`reading the ${what} of ${dataset.name}`, signal, (query) => query<R>(sql, values));
  const [table] = await read<{ rows: number; partitioned: boolean }>(
    'row estimate',
    `SELECT c.reltuples::float8 AS rows, c.relkind = 'p' AS partitioned
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2`,
    [namespace, dataset.local],
  );
  if (table === undefined) return undefined;
  const params = [namespace, dataset.local, table.partitioned];
  const stats = await read<StatsRow>(
    'statistics',
    `SELECT s.attname AS field, s.null_frac::float8 AS null_share, s.n_distinct::float8 AS n_distinct,
            s.avg_width AS width, s.correlation::float8 AS correlation, s.most_common_freqs::float8[] AS freqs
     FROM pg_catalog.pg_stats s WHERE ${where}`,
    params,
  );
  // Never analyzed: no statistics rows, and (since PostgreSQL 14) reltuples is -1.
  if (stats.length === 0 || table.rows < 0) return undefined;
  const fields: FieldStatistics[] = [];
  for (const row of stats) {
    const field = dataset.fields.find((candidate) => candidate.name === row.field);
    if (field === undefined) continue;
    // Values cast back to the column's type; a type that does not cast from its text keeps none.
    const values = async (column: 'most_common_vals' | 'histogram_bounds'): Promise<Value[]> => {
      if (!VALUED.has(field.type.logical)) return [];
      const sql = `SELECT u.value FROM pg_catalog.pg_stats s,
          unnest(s.${column}::text::${field.type.native}[]) WITH ORDINALITY AS u(value, position)
        WHERE ${where} AND s.attname = $4 ORDER BY u.position`;
      try {
        return (await read<{ value: Value }>(`${column} of ${field.name}`, sql, [...params, row.field])).map(
          (entry) => entry.value,
        );
      } catch (error) {
        if (signal?.aborted === true) throw error;
        return [];
      }
    };
    const common = await values('most_common_vals');
    const freqs = row.freqs ?? [];
    fields.push({
      field: row.field,
      nullShare: row.null_share,
      // Negative: minus the share of all rows that are distinct values (it scales with the table).
      distinct: row.n_distinct >= 0 ? row.n_distinct : -row.n_distinct * table.rows,
      width: row.width,
      common: common.map((value, index) => ({ value, share: freqs[index] ?? 0 })),
      bounds: await values('histogram_bounds'),
      ...(row.correlation === null ? {} : { correlation: row.correlation }),
    });
  }
  return { rows: table.rows, fields };
}
