/**
 * Reading a query's rows through `COPY (SELECT ...) TO STDOUT`: one statement streams every row without the
 * round trips of a cursor or the driver's per-row messages, and the bytes are decoded straight into column
 * batches of the values.ts representation with the connection's own type parsers: in binary format when every
 * column is of a type read from it (`copy-binary-fields.ts`: numbers, instants, texts, uuids, json, enums and
 * arrays of them, the most common tables), in text format otherwise (`copy-text.ts`); both give the same
 * values. COPY TO is a read and runs inside the session's READ ONLY transaction like any SELECT.
 *
 * The stream has back-pressure (a bounded queue; the socket is paused while it is full). A time budget that
 * runs out, or a consumer that stops early, cancels the COPY on the server; what was read so far is kept.
 * The statement timeout is raised by the time budget while the COPY runs (see `extendStatementTimeout`).
 */
import type pg from 'pg';
import type { Row } from '../../catalog/values.js';
import { type ChunkFormat, type CopyField, createChunkDecoder, type EncodedChunk } from '../chunk-decoder.js';
import type { RowBatch } from '../contract.js';
import { readsBinary } from './copy-binary-fields.js';
import { CopyOutQuery } from './copy-out.js';
import { batchToRows } from './copy-text.js';
import type { TypeRegistry } from './type-registry.js';

/** What a COPY read needs from the session, beyond plain queries. */
export interface CopyAccess {
  readonly client: pg.Client;
  /** The registered types the client's type parsers read by (for decoders on other threads). */
  readonly types: TypeRegistry;
  /** Cancels the running statement on the server (never throws). */
  cancel(): Promise<void>;
}

/** Runs work on the session's connection inside a savepoint; cancels on the server when the signal fires. */
export type CopyRunner = <T>(
  what: string,
  signal: AbortSignal | undefined,
  work: (
    query: <R>(text: string, values?: readonly unknown[]) => Promise<R[]>,
    copy: CopyAccess,
  ) => Promise<T>,
) => Promise<T>;

export interface CopyStreamOptions {
  readonly seconds?: number;
  readonly signal?: AbortSignal;
  readonly onTruncate?: () => void;
}

/** The rows of a COPY read, as row objects, column batches or encoded chunks (read one way, once). */
export interface CopyStream extends AsyncIterable<Row> {
  batches(): AsyncIterable<RowBatch>;
  chunks(): AsyncIterable<EncodedChunk>;
}

/** How the read's bytes become queue items once the result's columns are known, and what an item weighs. */
interface ChunkReader<T> {
  start(format: ChunkFormat): (chunk: Buffer) => T | undefined;
  weigh(item: T): number;
  /** Weight queued ahead of the consumer before the socket is paused, and the level at which it resumes. */
  readonly high: number;
  readonly low: number;
}

/**
 * The format of a read's bytes: COPY of `fields`, in binary when every column's type is read from it (see
 * copy-binary-fields.ts), in text otherwise; parsed by the database's registered types.
 */
const formatOf = (fields: readonly CopyField[], access: CopyAccess): ChunkFormat => ({
  kind: readsBinary(fields, access.types) ? 'postgres-copy-binary' : 'postgres-copy-text',
  fields,
  types: [...access.types.values()],
});

/** Column batches, decoded as the connection's own type parsers read (the same types); weighed in rows. */
const batchReader: ChunkReader<RowBatch> = {
  start: (format) => {
    const decoder = createChunkDecoder(format);
    return (chunk) => decoder.push(chunk);
  },
  weigh: (batch) => batch.length,
  high: 16_384,
  low: 4_096,
};

/** The bytes as they come, with what decodes them on any thread; weighed in bytes. */
const chunkReader: ChunkReader<EncodedChunk> = {
  start: (format) => (bytes) => ({ format, bytes }),
  weigh: (chunk) => chunk.bytes.length,
  high: 4 << 20,
  low: 1 << 20,
};

/** Streams the rows of `sql` (a SELECT) through COPY, within the time budget. */
export function streamCopy(
  run: CopyRunner,
  what: string,
  sql: string,
  options: CopyStreamOptions,
): CopyStream {
  const open = <T>(reader: ChunkReader<T>) => ({
    [Symbol.asyncIterator]: () => openCopyChannel(run, what, sql, options, reader),
  });
  return {
    batches: () => open(batchReader),
    chunks: () => open(chunkReader),
    [Symbol.asyncIterator]: () => {
      const channel = openCopyChannel(run, what, sql, options, batchReader);
      let rows: Row[] = [];
      let index = 0;
      return {
        next: async (): Promise<IteratorResult<Row>> => {
          while (index >= rows.length) {
            const batch = await channel.next();
            if (batch.done === true) return { done: true, value: undefined };
            rows = batchToRows(batch.value);
            index = 0;
          }
          return { done: false, value: rows[index++]! };
        },
        return: async (): Promise<IteratorResult<Row>> => {
          rows = [];
          await channel.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** Starts the COPY on first demand and hands out its items, with back-pressure, stop and truncation. */
function openCopyChannel<T>(
  run: CopyRunner,
  what: string,
  sql: string,
  options: CopyStreamOptions,
  reader: ChunkReader<T>,
): AsyncIterator<T> {
  const queue: T[] = [];
  let queued = 0;
  let producer: Promise<void> | null = null;
  let finished = false;
  let failure: unknown;
  /** Set once this side asked the server to stop: the cancellation error that follows is expected. */
  let stopping = false;
  let stopRequested = false;
  let wakeConsumer: (() => void) | null = null;
  let wakeProducer: (() => void) | null = null;
  const wake = (which: 'consumer' | 'producer') => {
    const resolve = which === 'consumer' ? wakeConsumer : wakeProducer;
    if (which === 'consumer') wakeConsumer = null;
    else wakeProducer = null;
    resolve?.();
  };

  const produce = () =>
    run(what, options.signal, async (query, access) => {
      const format = formatOf(await describeFields(access.client, sql), access);
      const read = reader.start(format);
      const restoreTimeout = await extendStatementTimeout(query, options.seconds);
      const startedAt = Date.now();
      const binary = format.kind === 'postgres-copy-binary' ? ' (FORMAT binary)' : '';
      const stream = access.client.query(
        new CopyOutQuery(`COPY (${sql}) TO STDOUT${binary}`, { frames: binary !== '' }),
      );
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (stopping) continue; // drain until the server acknowledges the cancel
        const item = read(chunk);
        if (item !== undefined) {
          queue.push(item);
          queued += reader.weigh(item);
          wake('consumer');
        }
        const outOfTime = options.seconds !== undefined && (Date.now() - startedAt) / 1000 >= options.seconds;
        if (stopRequested || outOfTime) {
          stopping = true;
          if (!stopRequested) options.onTruncate?.();
          await access.cancel();
          continue;
        }
        while (queued >= reader.high && !stopRequested)
          await new Promise<void>((resolve) => {
            wakeProducer = resolve;
          });
      }
      await restoreTimeout?.();
    });

  const start = (): Promise<void> =>
    produce().then(
      () => {
        finished = true;
        wake('consumer');
      },
      (error: unknown) => {
        if (!stopping) failure = error;
        finished = true;
        wake('consumer');
      },
    );

  return {
    next: async (): Promise<IteratorResult<T>> => {
      for (;;) {
        if (queue.length > 0) {
          const item = queue.shift()!;
          queued -= reader.weigh(item);
          if (queued <= reader.low) wake('producer');
          return { done: false, value: item };
        }
        if (failure !== undefined) throw failure;
        if (finished) return { done: true, value: undefined };
        producer ??= start();
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
      }
    },
    return: async (): Promise<IteratorResult<T>> => {
      stopRequested = true;
      wake('producer');
      if (producer !== null) await producer;
      queue.length = 0;
      return { done: true, value: undefined };
    },
  };
}

/**
 * One COPY is one statement, where a cursor read was many short ones (and one count of children per parent
 * does the work of many reads by key): for its duration the statement timeout is raised by the time budget,
 * transaction-locally, and put back afterwards (a failure rolls the savepoint back, and the setting with it).
 * Nothing changes when there is no timeout.
 */
export async function extendStatementTimeout(
  query: <R>(text: string, values?: readonly unknown[]) => Promise<R[]>,
  seconds: number | undefined,
): Promise<(() => Promise<void>) | undefined> {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  const [current] = await query<{ setting: string }>(
    "SELECT setting FROM pg_catalog.pg_settings WHERE name = 'statement_timeout'",
  );
  const previous = Number(current?.setting ?? 0);
  if (!(previous > 0)) return undefined;
  const setTimeout = (milliseconds: number) =>
    query("SELECT pg_catalog.set_config('statement_timeout', $1, true)", [String(milliseconds)]);
  await setTimeout(previous + Math.ceil(seconds * 1000));
  return async () => {
    await setTimeout(previous);
  };
}

/** Column names and type oids of `sql`'s result, read from an empty result (`LIMIT 0`). */
async function describeFields(client: pg.Client, sql: string): Promise<CopyField[]> {
  const result = await client.query(`SELECT * FROM (${sql}) AS doppel_copy LIMIT 0`);
  return result.fields.map((field) => ({ name: field.name, oid: field.dataTypeID }));
}
