/**
 * Bounded, read-only sampling: `TABLESAMPLE SYSTEM` for large tables, `BERNOULLI` for middling ones, a full
 * read for small ones and a plain head for views and foreign tables; never `ORDER BY random()`. Rows stream
 * through `COPY (SELECT ...) TO STDOUT` (see `copy-reader.ts`) or, for heads and children, a server-side
 * cursor in batches, so a sample is never held in memory; the time budget ends the
 * stream early (truncated). Statements go through the session's runner, which wraps savepoints and cancel.
 */
import type { Dataset, Relation } from '../../catalog/model.js';
import { encodePgText } from '../../catalog/value-text.js';
import type { Row, Value } from '../../catalog/values.js';
import type { SamplingMethod } from '../../tasks/types.js';
import type { ChildSampleOptions, SampleOptions, SampleStream } from '../contract.js';
import { type CopyRunner, extendStatementTimeout, streamCopy } from './copy-reader.js';
import { quoteIdentifier, quoteIdentifierList, quoteQualified } from './identifiers.js';

/** Rows fetched from the cursor per round trip. */
const FETCH_SIZE = 500;
/** Tables up to this many rows (estimated) are read whole (bounded by the row budget). */
const SMALL_TABLE_ROWS = 10_000;
/** Tables up to this many rows use BERNOULLI (row-level); larger ones SYSTEM (block-level). */
const BERNOULLI_MAX_ROWS = 1_000_000;
/**
 * Share of the row budget a sample percentage aims at. TABLESAMPLE returns rows in physical order, so a
 * LIMIT that cuts a larger sample would drop the table's last rows, often its newest (oversampling by half
 * left the last third of every sampled table out). Aiming three standard deviations below the budget makes
 * the cut rare: a row-level BERNOULLI count varies by about the square root of the rows; a block-level
 * SYSTEM count by whole blocks, so it aims lower. The LIMIT stays as the hard cap.
 */
function aimedShare(method: 'BERNOULLI' | 'SYSTEM', budget: number): number {
  return method === 'BERNOULLI' ? Math.max(0.5, 1 - 3 / Math.sqrt(budget)) : 0.7;
}

/** Runs work on the session's connection inside a savepoint; cancels on the server when the signal fires. */
export type CursorRunner = CopyRunner;

export interface SamplePlan {
  readonly method: SamplingMethod;
  readonly sql: string;
}

/** Chooses the sampling method and SQL for a dataset. Pure. */
export function planSample(
  dataset: Dataset,
  options: Pick<SampleOptions, 'rows' | 'seed' | 'full'>,
): SamplePlan {
  const table = quoteQualified(dataset.namespace, dataset.local);
  // An inheritance parent's children are datasets of their own: read the parent's own rows only.
  const from = dataset.kind === 'table' ? `ONLY ${table}` : table;
  const budget = Math.max(1, Math.floor(options.rows));
  const limit = options.full ? '' : ` LIMIT ${budget}`;
  const samplable =
    dataset.kind === 'table' ||
    dataset.kind === 'partitioned-table' ||
    dataset.kind === 'partition' ||
    dataset.kind === 'materialized-view';
  if (!samplable) return { method: options.full ? 'full' : 'head', sql: `SELECT * FROM ${table}${limit}` };
  const estimate = dataset.rowEstimate ?? Number.POSITIVE_INFINITY;
  if (options.full || estimate <= Math.max(budget, SMALL_TABLE_ROWS))
    return { method: 'full', sql: `SELECT * FROM ${from}${limit}` };
  const method = estimate <= BERNOULLI_MAX_ROWS ? 'BERNOULLI' : 'SYSTEM';
  const percent = Math.min(100, (budget / estimate) * 100 * aimedShare(method, budget));
  const seed = Math.abs(Math.floor(options.seed)) % 2_147_483_647;
  return {
    method: method === 'SYSTEM' ? 'tablesample-system' : 'tablesample-bernoulli',
    sql: `SELECT * FROM ${from} TABLESAMPLE ${method} (${percent.toPrecision(6)}) REPEATABLE (${seed})${limit}`,
  };
}

let cursorCounter = 0;

/** Streams the rows of `sql` through a cursor, within the row and time budget. */
export function streamCursor(
  run: CursorRunner,
  what: string,
  sql: string,
  values: readonly unknown[],
  options: { readonly seconds?: number; readonly signal?: AbortSignal; readonly onTruncate?: () => void },
): AsyncIterable<Row> {
  return {
    [Symbol.asyncIterator]: () => {
      const rows: Row[] = [];
      let started = false;
      let done = false;
      let startedAt = 0;
      const cursor = `doppel_cursor_${++cursorCounter}`;
      // The cursor lives for the whole stream; each batch is its own call into the runner.
      const fetchBatch = async (): Promise<void> => {
        await run(what, options.signal, async (query) => {
          if (!started) {
            started = true;
            startedAt = Date.now();
            await query(`DECLARE ${quoteIdentifier(cursor)} NO SCROLL CURSOR FOR ${sql}`, values);
          }
          const batch = await query<Row>(`FETCH ${FETCH_SIZE} FROM ${quoteIdentifier(cursor)}`);
          rows.push(...batch);
          const outOfTime =
            options.seconds !== undefined && (Date.now() - startedAt) / 1000 >= options.seconds;
          if (batch.length < FETCH_SIZE || outOfTime) {
            done = true;
            if (outOfTime && batch.length === FETCH_SIZE) options.onTruncate?.();
            await query(`CLOSE ${quoteIdentifier(cursor)}`);
          }
        });
      };
      return {
        next: async (): Promise<IteratorResult<Row>> => {
          if (rows.length === 0 && !done) await fetchBatch();
          const row = rows.shift();
          return row === undefined ? { done: true, value: undefined } : { done: false, value: row };
        },
        return: async (): Promise<IteratorResult<Row>> => {
          if (started && !done) {
            done = true;
            await run(what, undefined, (query) => query(`CLOSE ${quoteIdentifier(cursor)}`)).catch(
              () => undefined,
            );
          }
          rows.length = 0;
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/**
 * Streams a bounded sample of `dataset`. Tables are read through `COPY (SELECT ...) TO STDOUT` when `copy` is
 * allowed (not on PGlite's socket); views, foreign tables and heads go through a cursor.
 */
export function sampleDataset(
  run: CursorRunner,
  dataset: Dataset,
  options: SampleOptions,
  reader: { readonly copy: boolean } = { copy: true },
): SampleStream {
  const plan = planSample(dataset, options);
  let truncated = false;
  const streamOptions = {
    seconds: options.seconds,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    onTruncate: () => {
      truncated = true;
    },
  };
  const what = `sampling ${dataset.name}`;
  const copy = reader.copy && plan.method !== 'head' ? streamCopy(run, what, plan.sql, streamOptions) : null;
  const rows = copy ?? streamCursor(run, what, plan.sql, [], streamOptions);
  return {
    [Symbol.asyncIterator]: () => rows[Symbol.asyncIterator](),
    method: plan.method,
    truncated: () => truncated,
    ...(copy === null ? {} : { batches: () => copy.batches(), chunks: () => copy.chunks() }),
  };
}

/**
 * Rows of the child dataset whose reference is one of `parentKeys`, bounded by `rows`. `childTypes` gives the
 * native type of each referencing field so the key set can be passed as typed arrays.
 */
export function sampleChildRows(
  run: CursorRunner,
  relation: Relation,
  childTable: { readonly namespace: string | undefined; readonly local: string },
  childTypes: readonly string[],
  parentKeys: readonly (readonly Value[])[],
  options: ChildSampleOptions,
): AsyncIterable<Row> {
  const fields = relation.from.fields;
  const columns = fields.map((_, index) => `k${index}`);
  const casts = fields.map((_, index) => `u.k${index}::${childTypes[index] ?? 'text'}`);
  const arrays = fields.map((_, index) =>
    parentKeys.map((key) => {
      const value = key[index];
      return value === undefined ? null : encodePgText(value, undefined);
    }),
  );
  const sql =
    `SELECT ${options.fields === undefined ? '*' : quoteIdentifierList(options.fields)} ` +
    `FROM ${quoteQualified(childTable.namespace, childTable.local)} ` +
    `WHERE (${quoteIdentifierList(fields)}) IN (SELECT ${casts.join(', ')} ` +
    `FROM unnest(${fields.map((_, index) => `$${index + 1}::text[]`).join(', ')}) AS u(${columns.join(', ')})) ` +
    `LIMIT ${Math.max(1, Math.floor(options.rows))}`;
  return streamCursor(run, `sampling children of ${relation.to.dataset}`, sql, arrays, {
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
}

/**
 * How many parents of `relation` have each number of children, counted by the database in one statement over
 * every parent row with a key (a LEFT JOIN, so parents without children count as 0; children whose reference
 * matches no parent are not counted): `[children, parents]` pairs. The statement timeout is raised by the time
 * budget while it runs.
 */
export async function countChildrenPerParent(
  run: CursorRunner,
  relation: Relation,
  parentTable: { readonly namespace: string | undefined; readonly local: string },
  childTable: { readonly namespace: string | undefined; readonly local: string },
  options: Pick<SampleOptions, 'seconds' | 'signal'>,
): Promise<[number, number][]> {
  const keys = relation.to.fields.map((name) => `p.${quoteIdentifier(name)}`);
  const joined = relation.from.fields
    .map((name, index) => `c.${quoteIdentifier(name)} = ${keys[index]}`)
    .join(' AND ');
  const sql =
    'SELECT n::float8 AS children, count(*)::float8 AS parents FROM (' +
    `SELECT count(c.${quoteIdentifier(relation.from.fields[0]!)}) AS n ` +
    `FROM ${quoteQualified(parentTable.namespace, parentTable.local)} p ` +
    `LEFT JOIN ${quoteQualified(childTable.namespace, childTable.local)} c ON ${joined} ` +
    `WHERE ${keys.map((key) => `${key} IS NOT NULL`).join(' AND ')} GROUP BY ${keys.join(', ')}) counts GROUP BY n`;
  const rows = await run(
    `counting the children of ${relation.to.dataset} in ${relation.from.dataset}`,
    options.signal,
    async (query) => {
      const restoreTimeout = await extendStatementTimeout(query, options.seconds);
      const counted = await query<{ children: number; parents: number }>(sql);
      await restoreTimeout?.();
      return counted;
    },
  );
  return rows.map((row) => [row.children, row.parents]);
}
