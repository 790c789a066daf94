/**
 * Bounded, read-only sampling of a collection. A collection the budget covers (by its estimated count), and
 * `--full`, are read whole. Otherwise the server's own random sample, `$sample` (a random cursor, never a
 * sort), is asked first. A server that refuses the stage (FerretDB 1.24 answers code 238 "not implemented";
 * a real MongoDB never does) is noted for the session, and the named fallback is taken instead:
 * `SAMPLE_STAGE_FALLBACK`, the first documents in natural order (`head`), which the task file records as the
 * method. Every command carries `maxTimeMS`; the time budget ends the stream early (truncated); documents are
 * read with `promoteValues: false` so that int32, int64 and double stay apart.
 */
import type { AggregationCursor, Document, FindCursor, MongoClient } from 'mongodb';
import { DoppelError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { SamplingMethod } from '../../tasks/types.js';
import { MONGO_CODES, mongoErrorCode, toQueryError } from './errors.js';

/** What doppel does when the server has no `$sample`: read the first documents in natural order. */
export const SAMPLE_STAGE_FALLBACK = 'head' satisfies SamplingMethod;

const BATCH_SIZE = 1000;
/** Raw BSON types kept apart (int32 / int64 / double), binaries as Binary. */
export const RAW_VALUES = { promoteValues: false, promoteLongs: false, promoteBuffers: false } as const;

/** What the session learnt about its server's sampling (detected from the server's own answers). */
export interface SamplingFeatures {
  sampleStage: 'unknown' | 'supported' | 'refused';
}

export interface DocumentSampleOptions {
  readonly documents: number;
  readonly seconds: number;
  readonly full: boolean;
  /** Estimated documents in the collection (null: unknown). */
  readonly estimate: number | null;
  /** Server-side time limit per command, milliseconds. */
  readonly maxTimeMS: number;
  readonly signal?: AbortSignal;
}

/** A stream of sampled documents, and how they were chosen. */
export interface DocumentStream extends AsyncIterable<Record<string, unknown>> {
  /** The method the documents came by (known once the stream started). */
  readonly method: () => SamplingMethod;
  /** Every method tried, in order (`sample-stage`, then the fallback when the server refused it). */
  readonly tried: () => readonly SamplingMethod[];
  readonly truncated: () => boolean;
}

/** True when `error` is the server refusing the `$sample` stage itself (not a timeout or a permission). */
export function isSampleStageRefused(error: unknown): boolean {
  const code = mongoErrorCode(error);
  if (code === MONGO_CODES.notImplemented || code === MONGO_CODES.unrecognizedStage) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /\$sample/.test(message) && /not (yet )?(implemented|supported)|unrecognized/i.test(message);
}

/** Streams a bounded sample of the collection `database.collection`. */
export function sampleDocuments(
  client: MongoClient,
  features: SamplingFeatures,
  target: { readonly database: string; readonly collection: string },
  options: DocumentSampleOptions,
  log: Logger,
): DocumentStream {
  const budget = options.full ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(options.documents));
  const whole = options.full || (options.estimate !== null && options.estimate <= budget);
  const tried: SamplingMethod[] = [];
  let method: SamplingMethod = whole ? 'full' : 'sample-stage';
  let truncated = false;
  const name = `${target.database}.${target.collection}`;
  const what = `sampling ${name}`;
  const collection = client.db(target.database).collection(target.collection);
  const maxTimeMS = Math.max(1, Math.min(options.maxTimeMS, Math.ceil(options.seconds * 1000)));
  /** The time budget, not the statement timeout, set maxTimeMS: the server stopping the cursor ends the sample. */
  const budgetBound = Math.ceil(options.seconds * 1000) < options.maxTimeMS;

  const find = (limit: number): FindCursor<Document> =>
    collection.find(
      {},
      { ...RAW_VALUES, maxTimeMS, batchSize: BATCH_SIZE, ...(Number.isFinite(limit) ? { limit } : {}) },
    );

  async function* read(cursor: FindCursor<Document> | AggregationCursor<Document>): AsyncGenerator<Document> {
    const startedAt = Date.now();
    let count = 0;
    const onAbort = () => void cursor.close().catch(() => undefined);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (options.signal?.aborted) throw new DoppelError('cancelled', `Cancelled while ${what}.`);
        let document: Document | null;
        try {
          document = await cursor.next();
        } catch (error) {
          if (
            budgetBound &&
            mongoErrorCode(error) === MONGO_CODES.maxTimeExpired &&
            !options.signal?.aborted
          ) {
            truncated = true;
            return;
          }
          throw toQueryError(error, what, options.signal);
        }
        if (document === null || count >= budget) return;
        count++;
        yield document;
        if (count % 100 === 0 && (Date.now() - startedAt) / 1000 >= options.seconds && count < budget) {
          truncated = true;
          return;
        }
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      await cursor.close().catch(() => undefined);
    }
  }

  async function* documents(): AsyncGenerator<Record<string, unknown>> {
    if (whole) {
      tried.push('full');
      yield* read(find(budget));
      return;
    }
    if (features.sampleStage !== 'refused') {
      tried.push('sample-stage');
      const cursor = collection.aggregate([{ $sample: { size: budget } }], {
        ...RAW_VALUES,
        maxTimeMS,
        batchSize: BATCH_SIZE,
      });
      let first: Document | null;
      try {
        first = await cursor.next();
      } catch (error) {
        await cursor.close().catch(() => undefined);
        if (!isSampleStageRefused(error)) throw toQueryError(error, what, options.signal);
        features.sampleStage = 'refused';
        log.info(
          `The server refused the $sample stage (${error instanceof Error ? error.message : String(error)}): sampling by ${SAMPLE_STAGE_FALLBACK} (the first documents in natural order) instead.`,
        );
        first = null;
      }
      if (features.sampleStage !== 'refused') {
        features.sampleStage = 'supported';
        if (first === null) return;
        yield first;
        if (budget > 1) yield* read(cursor);
        else await cursor.close();
        return;
      }
    }
    method = SAMPLE_STAGE_FALLBACK;
    tried.push(SAMPLE_STAGE_FALLBACK);
    yield* read(find(budget));
  }

  return {
    [Symbol.asyncIterator]: () => documents(),
    method: () => method,
    tried: () => tried,
    truncated: () => truncated,
  };
}
