/**
 * Parallel profiling of one dataset, by field: this thread reads the source's encoded rows (`chunks`) and
 * hands every chunk, in packs, to worker threads (field-worker.ts) that each decode and measure their share
 * of the fields; this thread measures the rest (with the rules and key reservoirs, which need whole rows).
 * Every field is measured by one accumulator that sees all its values in row order, exactly as in one
 * thread, so the profile is the same whatever the thread count: nothing is merged.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { LogicalType } from '../../catalog/logical-type.js';
import type { Field, FieldType } from '../../catalog/model.js';
import { DoppelError } from '../../shared/errors.js';
import { createWakeup } from '../../shared/wakeup.js';
import { locateWorker, startWorker } from '../../shared/worker-entry.js';
import type { ChunkFormat } from '../../sources/chunk-decoder.js';
import type { FieldMeasure } from './measure.js';
import { QuantileSketch } from './sketches/quantile-sketch.js';

/** What a field worker starts with. */
export interface FieldThreadData {
  readonly fields: readonly { readonly name: string; readonly type: FieldType }[];
  readonly k: number;
}

/** To a field worker: a pack of encoded bytes (the first with its format), or the end of the rows. */
export type ToFieldThread =
  | { readonly kind: 'pack'; readonly bytes: Uint8Array; readonly format?: ChunkFormat }
  | { readonly kind: 'end' };

type FromFieldThread =
  | { readonly kind: 'consumed' }
  | { readonly kind: 'measured'; readonly measures: readonly FieldMeasure[] }
  | { readonly kind: 'failed'; readonly message: string };

/** Bytes sent to the workers at a time. */
const PACK_BYTES = 1 << 20;
/** Packs a worker may have waiting before this thread stops reading (enough to cover a worker's start). */
const PACKS_IN_FLIGHT = 16;

/** Datasets estimated at fewer rows are profiled by one thread: starting workers would cost more. */
const PARALLEL_ROWS = 100_000;

/**
 * Threads a full scan of a dataset of about `rowEstimate` rows with `fields` is profiled with: this one and
 * one worker per further core, four in all at most (`DOPPEL_PROFILE_THREADS` overrides); 1 (this thread
 * alone) below PARALLEL_ROWS rows, and on two cores or fewer for fields costing less than SHARED_CORES_COST
 * per row.
 */
export function profileThreads(
  rowEstimate: number | null,
  fields: readonly Field[],
  cores = availableParallelism(),
): number {
  if ((rowEstimate ?? 0) < PARALLEL_ROWS) return 1;
  const requested = process.env.DOPPEL_PROFILE_THREADS;
  if (requested === undefined || requested === '') {
    if (cores <= 2 && rowCost(fields) < SHARED_CORES_COST) return 1;
    return Math.min(4, cores);
  }
  const threads = Number(requested);
  if (!Number.isInteger(threads) || threads < 1)
    throw new DoppelError('usage', `DOPPEL_PROFILE_THREADS=${requested} is not a whole number of 1 or more.`);
  return threads;
}

/**
 * Rough cost of decoding and measuring a value of each logical type, relative to an integer's (measured per
 * column on the benchmark tables: a timestamp about three and a half integers, a decimal two, a text one and
 * a half; nested values are parsed as well).
 */
function costOf(logical: LogicalType): number {
  switch (logical) {
    case 'boolean':
    case 'integer':
      return 1;
    case 'decimal':
      return 2;
    case 'date':
    case 'time':
      return 2.5;
    case 'timestamp':
    case 'timestamptz':
    case 'interval':
      return 3.5;
    case 'json':
    case 'array':
    case 'object':
      return 4;
    default:
      return 1.5;
  }
}

/** Cost of this thread's own work (reading, whole lines for the rules, handing out packs). */
const OWN_COST = 2;
/**
 * Work a worker must get to be worth starting: it also loads the code, runs cold and cuts the lines of every
 * pack, so a share of a few numbers costs more than it saves (measured on a 4-column child table).
 */
const WORKER_COST = 5;
/**
 * On two cores or fewer (often shared with the database) a worker pays off only for wide rows: it starts a
 * fresh isolate (compiling the code again, a heap of its own to collect) and cuts every line again, which
 * on the 9-column benchmark table (cost 17.5) cost about as much CPU as it took off this thread, so the
 * one-thread profile was as fast or faster; the 40-column table gained a quarter with a worker.
 */
const SHARED_CORES_COST = 24;

/** The cost of a row of `fields`, this thread's own work included. */
function rowCost(fields: readonly Field[]): number {
  return fields.reduce((sum, field) => sum + costOf(field.type.logical), OWN_COST);
}

/**
 * Fields per thread, this thread's first. Each worker takes a run of the leading columns, in line order, as
 * near its even share of the cost as the columns allow: a worker cuts each line only as far as its last
 * column, so leading columns are the cheapest to measure apart. This thread keeps the rest of the line, and
 * the fields it decodes anyway (`kept`: those of the key reservoirs). As many threads as asked at most, fewer
 * when a worker would get too little to do (one when even two would).
 */
export function splitFields(
  fields: readonly Field[],
  threads: number,
  kept: ReadonlySet<string> = new Set(),
): Field[][] {
  const shared = fields.filter((field) => !kept.has(field.name));
  const total = rowCost(fields);
  for (let count = Math.min(threads, fields.length); count > 1; count--) {
    const share = total / count;
    const workers: Field[][] = [];
    const loads: number[] = [];
    let next = 0;
    for (let worker = 1; worker < count; worker++) {
      const taken: Field[] = [];
      let load = 0;
      while (next < shared.length) {
        const cost = costOf(shared[next]!.type.logical);
        // Take the next column while that brings the load nearer the share (always the first).
        if (taken.length > 0 && Math.abs(load + cost - share) >= Math.abs(load - share)) break;
        taken.push(shared[next++]!);
        load += cost;
      }
      workers.push(taken);
      loads.push(load);
    }
    if (loads.every((load) => load >= WORKER_COST)) {
      const given = new Set(workers.flat());
      return [fields.filter((field) => !given.has(field)), ...workers];
    }
  }
  return [[...fields]];
}

/** Started field workers: `send` hands them the bytes in order, `finish` collects their measures. */
export interface FieldThreads {
  send(bytes: Uint8Array, format: ChunkFormat): Promise<void>;
  finish(): Promise<Map<string, FieldMeasure>>;
  close(): Promise<void>;
}

/** Starts one worker per share; undefined when workers cannot run here. */
export function startFieldThreads(shares: readonly Field[][], k: number): FieldThreads | undefined {
  const entry = locateWorker(import.meta.url, 'field-worker');
  if (entry === undefined || shares.length === 0) return undefined;
  const workers = shares.map((share) =>
    startWorker(entry, {
      fields: share.map((field) => ({ name: field.name, type: field.type })),
      k,
    } satisfies FieldThreadData),
  );
  const inFlight = workers.map(() => 0);
  const measured: (readonly FieldMeasure[] | undefined)[] = workers.map(() => undefined);
  let failure: Error | undefined;
  const { wait, notify } = createWakeup();
  const waitFor = async (done: () => boolean) => {
    while (!done()) {
      if (failure !== undefined) throw failure;
      await wait();
    }
    if (failure !== undefined) throw failure;
  };
  workers.forEach((worker: Worker, index) => {
    worker.on('message', (reply: FromFieldThread) => {
      if (reply.kind === 'consumed') inFlight[index]!--;
      else if (reply.kind === 'measured') measured[index] = reply.measures;
      else failure = new Error(`A profiling thread failed: ${reply.message}`);
      notify();
    });
    worker.on('error', (error) => {
      failure = error;
      notify();
    });
    worker.on('exit', (code) => {
      if (measured[index] === undefined)
        failure ??= new Error(`A profiling thread stopped (exit code ${code}).`);
      notify();
    });
  });

  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let format: ChunkFormat | undefined;
  let formatSent = false;
  const post = (message: ToFieldThread, transfer?: ArrayBuffer) =>
    workers.forEach((worker, index) => {
      if (message.kind === 'pack') inFlight[index]!++;
      const last = index === workers.length - 1;
      worker.postMessage(message, last && transfer !== undefined ? [transfer] : []);
    });
  const flush = () => {
    if (pendingBytes === 0) return;
    const pack = new Uint8Array(pendingBytes);
    let offset = 0;
    for (const piece of pending) {
      pack.set(piece, offset);
      offset += piece.length;
    }
    pending = [];
    pendingBytes = 0;
    post({ kind: 'pack', bytes: pack, ...(formatSent ? {} : { format }) }, pack.buffer);
    formatSent = true;
  };

  return {
    send: async (bytes, chunkFormat) => {
      format ??= chunkFormat;
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes < PACK_BYTES) return;
      flush();
      await waitFor(() => Math.max(...inFlight) < PACKS_IN_FLIGHT);
    },
    finish: async () => {
      flush();
      post({ kind: 'end' });
      await waitFor(() => measured.every((measures) => measures !== undefined));
      const result = new Map<string, FieldMeasure>();
      shares.forEach((share, index) => {
        share.forEach((field, position) => {
          result.set(field.name, reviveMeasure(measured[index]![position]!));
        });
      });
      return result;
    },
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** A measure as it was before crossing threads: its sketches get their class back. */
function reviveMeasure(measure: FieldMeasure): FieldMeasure {
  return {
    ...measure,
    ...(measure.lengths !== undefined ? { lengths: QuantileSketch.revive(measure.lengths) } : {}),
    ...(measure.line !== undefined
      ? { line: { ...measure.line, sketch: QuantileSketch.revive(measure.line.sketch) } }
      : {}),
    ...(measure.element !== undefined ? { element: reviveMeasure(measure.element) } : {}),
    ...(measure.children !== undefined
      ? { children: measure.children.map((child) => ({ ...child, measure: reviveMeasure(child.measure) })) }
      : {}),
  };
}
