/**
 * Parallel text output: worker threads (encode-worker.ts) each recreate the run and encode row ranges of a
 * dataset into CSV or JSON Lines bytes; this thread hands out ranges round-robin and writes the results in
 * range order. Every row is a function of its index, so the bytes equal the one-thread output. Opt-in: each
 * worker compiles the run and builds its pools first, which pays only with idle cores and large datasets.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DoppelError } from '../../shared/errors.js';
import type { Profile } from '../../tasks/types.js';
import type { Generation, GenerationOptions } from '../engine.js';
import type { FileFormat, SinkColumn } from './sinks/sink.js';

/** What a worker is started with. */
export interface EncodeWorkerData {
  readonly profile: Profile;
  readonly options: GenerationOptions;
  readonly dataset: string;
  readonly format: 'csv' | 'jsonl';
  readonly columns: readonly SinkColumn[];
}

/** One range of rows to encode. */
export interface EncodeRequest {
  readonly sequence: number;
  readonly start: number;
  readonly end: number;
}

export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'encoded'; readonly sequence: number; readonly bytes: Uint8Array }
  | { readonly kind: 'failed'; readonly message: string };

/** Rows per range handed to a worker. */
const RANGE_ROWS = 32_768;
/** Ranges in flight per worker, so a worker never waits for this thread. */
const DEPTH = 2;

/**
 * Worker threads for a dataset of `rows` rows in `format`; 0 means encode in this thread. `requested` (the
 * `threads` option, else `DOPPEL_GENERATE_THREADS`) decides, else `fallback`. Files default to this thread
 * only: on the 2-core machine the benchmark runs on, workers (each loading the code, compiling the run and
 * building its pools first: about 30% more CPU for 1M rows) did not beat one thread (docs/generating.md,
 * Speed). A dataset that fits in one range is never split.
 */
export function chooseThreads(rows: number, format: FileFormat, requested?: number, fallback = 0): number {
  if ((format !== 'csv' && format !== 'jsonl') || rows <= RANGE_ROWS) return 0;
  const fromEnvironment = process.env.DOPPEL_GENERATE_THREADS;
  const wanted =
    requested ??
    (fromEnvironment === undefined || fromEnvironment === '' ? fallback : Number(fromEnvironment));
  if (!Number.isInteger(wanted) || wanted < 0) {
    throw new DoppelError('usage', `The thread count ${wanted} is not a whole number of 0 or more.`);
  }
  return wanted <= 1 ? 0 : wanted;
}

/**
 * How to start a worker: the built `encode-worker.js`, or, when running from source (tsx, vitest), a small
 * bootstrap that registers tsx's loader in the worker and imports the `.ts` file.
 */
function locateWorker(): { readonly url: URL } | { readonly code: string } | undefined {
  const built = new URL('./encode-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return { url: built };
  const source = new URL('./encode-worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(source))) return undefined;
  try {
    const api = createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs');
    if (!existsSync(api)) return undefined;
    const loader = JSON.stringify(pathToFileURL(api).href);
    return {
      code: `import(${loader}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`,
    };
  } catch {
    return undefined;
  }
}

/** Started workers for one dataset. */
export interface EncodePool {
  readonly workers: readonly Worker[];
  close(): Promise<void>;
}

function waitReady(worker: Worker): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onError);
      resolve(ready);
    };
    const onMessage = (reply: WorkerReply) => done(reply.kind === 'ready');
    const onError = () => done(false);
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onError);
  });
}

/**
 * Starts `count` workers for a dataset of `generation` and waits until each has compiled it; undefined when
 * workers cannot run here (then the caller encodes in this thread).
 */
export async function startEncodePool(
  generation: Generation,
  dataset: string,
  format: 'csv' | 'jsonl',
  columns: readonly SinkColumn[],
  count: number,
): Promise<EncodePool | undefined> {
  const entry = locateWorker();
  if (entry === undefined || count < 2) return undefined;
  const workerData: EncodeWorkerData = { ...generation.input, dataset, format, columns };
  const workers = Array.from({ length: count }, () =>
    'url' in entry
      ? new Worker(entry.url, { workerData })
      : new Worker(entry.code, { eval: true, workerData }),
  );
  const close = async () => {
    await Promise.all(workers.map((worker) => worker.terminate()));
  };
  const ready = await Promise.all(workers.map(waitReady));
  if (ready.every(Boolean)) return { workers, close };
  await close();
  return undefined;
}

/** Encoded bytes of rows `[start, end)` in order, with the number of rows in each piece. */
export async function* encodeInParallel(
  pool: EncodePool,
  start: number,
  end: number,
  signal?: AbortSignal,
): AsyncIterable<{ readonly bytes: Uint8Array; readonly rows: number }> {
  const { workers } = pool;
  const finished = new Map<number, Uint8Array>();
  const rowsOf = new Map<number, number>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const onMessage = (reply: WorkerReply) => {
    if (reply.kind === 'encoded') finished.set(reply.sequence, reply.bytes);
    else if (reply.kind === 'failed') failure = new Error(reply.message);
    notify();
  };
  const onError = (error: Error) => {
    failure = error;
    notify();
  };
  const onExit = (code: number) =>
    onError(new Error(`A generation worker stopped early (exit code ${code}).`));
  const onAbort = () => notify();
  for (const worker of workers) {
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  }
  signal?.addEventListener('abort', onAbort);
  let next = start;
  let sent = 0;
  // Range k goes to worker k mod n; when range k is written, that worker gets the next one.
  const dispatch = (worker: Worker) => {
    if (next >= end) return;
    const to = Math.min(end, next + RANGE_ROWS);
    rowsOf.set(sent, to - next);
    worker.postMessage({ sequence: sent, start: next, end: to } satisfies EncodeRequest);
    sent += 1;
    next = to;
  };
  try {
    for (let round = 0; round < DEPTH; round++) for (const worker of workers) dispatch(worker);
    for (let written = 0; written < sent; ) {
      if (failure) throw failure;
      if (signal?.aborted)
        throw signal.reason instanceof Error ? signal.reason : new DoppelError('cancelled', 'Cancelled.');
      const bytes = finished.get(written);
      if (bytes === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      finished.delete(written);
      dispatch(workers[written % workers.length]!);
      const rows = rowsOf.get(written) ?? 0;
      rowsOf.delete(written);
      written += 1;
      yield { bytes, rows };
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const worker of workers) {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    }
  }
}
