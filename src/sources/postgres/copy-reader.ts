/**
 * Reading a query's rows through `COPY (SELECT ...) TO STDOUT` in text format: one statement streams every
 * row without the round trips of a cursor or the driver's per-row messages, and the text is decoded straight
 * into column batches of the values.ts representation with the connection's own type parsers (see
 * `copy-text.ts`). COPY TO is a read and runs inside the session's READ ONLY transaction like any SELECT.
 *
 * The stream has back-pressure (a bounded queue; the socket is paused while it is full). A time budget that
 * runs out, or a consumer that stops early, cancels the COPY on the server; what was read so far is kept.
 * The statement timeout is raised by the time budget while the COPY runs (see `extendStatementTimeout`).
 */
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Row, Value } from '../../catalog/values.js';
import type { RowBatch } from '../contract.js';
import { batchToRows, type CopyColumn, CopyTextDecoder } from './copy-text.js';

/** What a COPY read needs from the session, beyond plain queries. */
export interface CopyAccess {
  readonly client: pg.Client;
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

/** The rows of a COPY read, as row objects or as column batches (read one way, once). */
export interface CopyStream extends AsyncIterable<Row> {
  batches(): AsyncIterable<RowBatch>;
}

/** Rows queued ahead of the consumer before the socket is paused, and the level at which it resumes. */
const QUEUE_HIGH = 16_384;
const QUEUE_LOW = 4_096;

/** Streams the rows of `sql` (a SELECT) through COPY, within the time budget. */
export function streamCopy(
  run: CopyRunner,
  what: string,
  sql: string,
  options: CopyStreamOptions,
): CopyStream {
  const batches = (): AsyncIterator<RowBatch> => openCopyChannel(run, what, sql, options);
  return {
    batches: () => ({ [Symbol.asyncIterator]: batches }),
    [Symbol.asyncIterator]: () => {
      const channel = batches();
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

/** Starts the COPY on first demand and hands out its batches, with back-pressure, stop and truncation. */
function openCopyChannel(
  run: CopyRunner,
  what: string,
  sql: string,
  options: CopyStreamOptions,
): AsyncIterator<RowBatch> {
  const queue: RowBatch[] = [];
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
      const decoder = new CopyTextDecoder(await describeColumns(access.client, sql));
      const restoreTimeout = await extendStatementTimeout(query, options.seconds);
      const startedAt = Date.now();
      const stream = access.client.query(copyTo(`COPY (${sql}) TO STDOUT`));
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (stopping) continue; // drain until the server acknowledges the cancel
        const batch = decoder.push(chunk);
        if (batch !== undefined) {
          queue.push(batch);
          queued += batch.length;
          wake('consumer');
        }
        const outOfTime = options.seconds !== undefined && (Date.now() - startedAt) / 1000 >= options.seconds;
        if (stopRequested || outOfTime) {
          stopping = true;
          if (!stopRequested) options.onTruncate?.();
          await access.cancel();
          continue;
        }
        while (queued >= QUEUE_HIGH && !stopRequested)
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
    next: async (): Promise<IteratorResult<RowBatch>> => {
      for (;;) {
        const batch = queue.shift();
        if (batch !== undefined) {
          queued -= batch.length;
          if (queued <= QUEUE_LOW) wake('producer');
          return { done: false, value: batch };
        }
        if (failure !== undefined) throw failure;
        if (finished) return { done: true, value: undefined };
        producer ??= start();
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
      }
    },
    return: async (): Promise<IteratorResult<RowBatch>> => {
      stopRequested = true;
      wake('producer');
      if (producer !== null) await producer;
      queue.length = 0;
      return { done: true, value: undefined };
    },
  };
}

/**
 * One COPY is one statement, where a cursor read was many short ones: for its duration the statement timeout
 * is raised by the time budget (which ends the read itself), transaction-locally, and put back afterwards (a
 * failure rolls the savepoint back, and the setting with it). Nothing changes when there is no timeout.
 */
async function extendStatementTimeout(
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

/** Column names and type parsers of `sql`'s result, read from an empty result (`LIMIT 0`). */
async function describeColumns(client: pg.Client, sql: string): Promise<CopyColumn[]> {
  const result = await client.query(`SELECT * FROM (${sql}) AS doppel_copy LIMIT 0`);
  return result.fields.map((field) => {
    if (TEXT_OIDS.has(field.dataTypeID)) return { name: field.name, parse: null };
    const parse = client.getTypeParser(field.dataTypeID, 'text') as (text: string) => Value;
    if (INTEGER_OIDS.has(field.dataTypeID)) return { name: field.name, parse, integer: true };
    return { name: field.name, parse: field.dataTypeID === TIMESTAMPTZ_OID ? withUtcFastPath(parse) : parse };
  });
}

const TIMESTAMPTZ_OID = 1184;
/** int8, int2, int4, oid: their parsers give numbers (bigints past 2^53), which the decoder reads in place. */
const INTEGER_OIDS: ReadonlySet<number> = new Set([20, 21, 23, 26]);
/** name, text, bpchar, varchar: builtin types whose value is their text (no parser call needed). */
const TEXT_OIDS: ReadonlySet<number> = new Set([19, 25, 1042, 1043]);

/**
 * timestamptz in UTC (`2024-01-02 03:04:05[.ffffff]+00`, the session's TimeZone) rewritten without a regular
 * expression to what the connection's parser gives (`2024-01-02T03:04:05[.ffffff]Z`); anything else goes to it.
 */
export function withUtcFastPath(parse: (text: string) => Value): (text: string) => Value {
  return (text) =>
    text.length >= 22 &&
    text.charCodeAt(10) === 32 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    text.endsWith('+00')
      ? `${text.slice(0, 10)}T${text.slice(11, -3)}Z`
      : parse(text);
}
