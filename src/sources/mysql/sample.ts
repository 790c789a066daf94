/**
 * Bounded, read-only sampling on MySQL/MariaDB, which has no TABLESAMPLE and where `ORDER BY RAND()` would
 * sort a whole table: small tables (and `--full`) are read whole in primary-key order; a large table whose
 * primary key is an integer, or begins with one, is read as runs of rows in key order starting at seeded
 * random points between the smallest and largest value of that integer (`key-ranges`: index seeks, never a
 * sort); anything else (views, tables without such a key) is a head. Rows come in batches of one statement
 * each (keyset pagination), so a sample is never held in memory and every statement is bounded by the
 * session's timeout; the time budget ends the stream early (truncated).
 */
import type { Dataset, Field, Relation } from '../../catalog/model.js';
import type { Row, Value } from '../../catalog/values.js';
import { createSequence } from '../../shared/random.js';
import type { SamplingMethod } from '../../tasks/types.js';
import type { ChildSampleOptions, SampleOptions, SampleStream } from '../contract.js';
import type { MysqlConnection } from './connect.js';
import { quoteIdentifier, quoteIdentifierList, quoteQualified } from './identifiers.js';
import type { MysqlQueryable } from './queryable.js';
import { isSpatial } from './value-literal.js';
import { createRowParser } from './value-parsers.js';

/** Rows fetched per statement. */
const BATCH_ROWS = 500;
/** Tables up to this many rows (estimated) are read whole (bounded by the row budget). */
const SMALL_TABLE_ROWS = 10_000;

/** Runs work on the session's one connection; `KILL QUERY` when the signal fires. */
export type MysqlRunner = <T>(
  what: string,
  signal: AbortSignal | undefined,
  work: (db: MysqlQueryable, connection: MysqlConnection) => Promise<T>,
) => Promise<T>;

export interface MysqlSamplePlan {
  readonly method: SamplingMethod;
  /** Key columns the batches page by (empty: LIMIT/OFFSET pages, for heads without a key). */
  readonly key: readonly string[];
  /** For `key-ranges`: how many runs and how many rows each. */
  readonly runs?: { readonly count: number; readonly rows: number };
}

/** Chooses how to sample `dataset`. Pure. */
export function planMysqlSample(
  dataset: Dataset,
  options: Pick<SampleOptions, 'rows' | 'full'>,
): MysqlSamplePlan {
  const key = dataset.primaryKey?.fields ?? [];
  const budget = Math.max(1, Math.floor(options.rows));
  if (dataset.kind === 'view') return { method: options.full ? 'full' : 'head', key: [] };
  const estimate = dataset.rowEstimate ?? Number.POSITIVE_INFINITY;
  if (options.full || estimate <= Math.max(budget, SMALL_TABLE_ROWS)) return { method: 'full', key };
  // Runs start at points of the key's first column: a composite key led by an integer (`salaries (emp_no,
  // from_date)`) is sampled across the table too, not read from its head.
  const leading = dataset.fields.find((field) => field.name === key[0]);
  if (leading?.type.logical === 'integer') {
    const count = Math.max(1, Math.min(200, Math.ceil(budget / 100)));
    return { method: 'key-ranges', key, runs: { count, rows: Math.ceil(budget / count) } };
  }
  return { method: 'head', key };
}

/** Streams a bounded sample of `dataset`. */
export function sampleDataset(run: MysqlRunner, dataset: Dataset, options: SampleOptions): SampleStream {
  const plan = planMysqlSample(dataset, options);
  let truncated = false;
  const parse = createRowParser(dataset.fields);
  const table = quoteQualified(dataset.namespace, dataset.local);
  const columns = selectList(dataset.fields);
  const budget = options.full ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(options.rows));
  const what = `sampling ${dataset.name}`;

  async function* rows(): AsyncGenerator<Row> {
    const startedAt = Date.now();
    const outOfTime = () => (Date.now() - startedAt) / 1000 >= options.seconds;
    let read = 0;
    const take = async function* (batches: AsyncIterable<Record<string, unknown>[]>): AsyncGenerator<Row> {
      for await (const batch of batches) {
        for (const row of batch) {
          if (read >= budget) return;
          read++;
          yield parse(row);
        }
        if (read < budget && outOfTime()) {
          truncated = true;
          return;
        }
      }
    };
    if (plan.method === 'key-ranges' && plan.runs !== undefined) {
      const keyName = plan.key[0] as string;
      const key = quoteIdentifier(keyName);
      const [extent] = await run(what, options.signal, (db) =>
        db.query<{ low: string | number | null; high: string | number | null }>(
          `SELECT MIN(${key}) AS low, MAX(${key}) AS high FROM ${table}`,
        ),
      );
      if (extent?.low === null || extent?.high === null || extent === undefined) return;
      const low = BigInt(extent.low);
      const high = BigInt(extent.high);
      const random = createSequence(options.seed);
      const span = Number(high - low);
      const starts = Array.from(
        { length: plan.runs.count },
        () => low + BigInt(Math.floor(random() * (span + 1))),
      ).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const order = quoteIdentifierList(plan.key);
      const tuple = `(${order}) > (${plan.key.map(() => '?').join(', ')})`;
      // The last row read: a run that would start at or before it goes on after it instead (no row twice).
      let after: { readonly lead: bigint; readonly key: readonly unknown[] } | null = null;
      for (const start of starts) {
        if (read >= budget || truncated) return;
        const goOn: boolean = after !== null && after.lead >= start;
        const runRows = plan.runs.rows;
        const batch: Record<string, unknown>[] = await run(what, options.signal, (db) =>
          db.query<Record<string, unknown>>(
            `SELECT ${columns} FROM ${table} WHERE ${goOn ? tuple : `${key} >= ?`} ORDER BY ${order} LIMIT ${runRows}`,
            goOn ? [...after!.key] : [start.toString()],
          ),
        );
        const last: Record<string, unknown> | undefined = batch.at(-1);
        if (last !== undefined)
          after = { lead: BigInt(String(last[keyName])), key: plan.key.map((name) => last[name]) };
        yield* take(single(batch));
      }
      return;
    }
    yield* take(pages(run, what, options.signal, table, columns, plan.key, budget));
  }

  return {
    [Symbol.asyncIterator]: () => rows(),
    method: plan.method,
    truncated: () => truncated,
  };
}

async function* single<T>(item: T): AsyncGenerator<T> {
  yield item;
}

/** Reads `table` in batches: keyset pages in key order when there is a key, LIMIT/OFFSET pages otherwise. */
async function* pages(
  run: MysqlRunner,
  what: string,
  signal: AbortSignal | undefined,
  table: string,
  columns: string,
  key: readonly string[],
  budget: number,
): AsyncGenerator<Record<string, unknown>[]> {
  let last: readonly unknown[] | null = null;
  let offset = 0;
  const order = key.length > 0 ? ` ORDER BY ${quoteIdentifierList(key)}` : '';
  for (;;) {
    const size = Math.min(BATCH_ROWS, budget - offset);
    if (size <= 0) return;
    const after: readonly unknown[] | null = last;
    const where: string =
      after !== null ? ` WHERE (${quoteIdentifierList(key)}) > (${key.map(() => '?').join(', ')})` : '';
    const batch: Record<string, unknown>[] = await run(what, signal, (db) =>
      db.query<Record<string, unknown>>(
        `SELECT ${columns} FROM ${table}${where}${order} LIMIT ${size}${key.length === 0 && offset > 0 ? ` OFFSET ${offset}` : ''}`,
        after ?? [],
      ),
    );
    yield batch;
    offset += batch.length;
    if (batch.length < size) return;
    const tail: Record<string, unknown> | undefined = batch.at(-1);
    if (key.length > 0 && tail !== undefined) last = key.map((name): unknown => tail[name]);
  }
}

/** The select list: every column by name (bit and spatial values read in forms the parsers expect). */
function selectList(fields: readonly Field[]): string {
  if (fields.length === 0) return '*';
  return fields
    .map((field) => {
      const name = quoteIdentifier(field.name);
      return isSpatial(field.type) ? `ST_AsText(${name}) AS ${name}` : name;
    })
    .join(', ');
}

/**
 * Rows of the child dataset whose reference is one of `parentKeys`, bounded by `rows`, in batches of
 * parent keys.
 */
export function sampleChildRows(
  run: MysqlRunner,
  relation: Relation,
  child: Dataset,
  parentKeys: readonly (readonly Value[])[],
  options: ChildSampleOptions,
): AsyncIterable<Row> {
  const wanted = options.fields;
  const selected =
    wanted === undefined ? child.fields : child.fields.filter((field) => wanted.includes(field.name));
  const parse = createRowParser(selected);
  const table = quoteQualified(child.namespace, child.local);
  const fields = relation.from.fields;
  const limit = Math.max(1, Math.floor(options.rows));
  return {
    async *[Symbol.asyncIterator]() {
      let read = 0;
      for (let start = 0; start < parentKeys.length && read < limit; start += BATCH_ROWS) {
        const keys = parentKeys.slice(start, start + BATCH_ROWS);
        const tuple = `(${fields.map(() => '?').join(', ')})`;
        const values = keys.flatMap((key) => fields.map((_, index) => toParameter(key[index] ?? null)));
        const batch = await run(`sampling children of ${relation.to.dataset}`, options.signal, (db) =>
          db.query<Record<string, unknown>>(
            `SELECT ${selectList(selected)} FROM ${table} WHERE (${quoteIdentifierList(fields)}) IN (${keys.map(() => tuple).join(', ')}) LIMIT ${limit - read}`,
            values,
          ),
        );
        for (const row of batch) {
          read++;
          yield parse(row);
        }
      }
    },
  };
}

/** A value as a driver parameter. */
function toParameter(value: Value): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}
