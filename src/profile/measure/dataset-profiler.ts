/**
 * Profiles one dataset's row stream in a single pass: one accumulator per field, a rule tracker, and small
 * seeded reservoirs of key tuples that relation measurement needs afterwards (parent keys to look up children
 * by, child references to test inclusion with). Source-agnostic: rows may come from any `SourceSession` or an
 * in-memory array.
 */
import type { Dataset } from '../../catalog/model.js';
import { spanText } from '../../catalog/text-spans.js';
import type { Row, Value } from '../../catalog/values.js';
import { detachText } from '../../shared/detach-text.js';
import { DoppelError } from '../../shared/errors.js';
import { createSequence, seedOfText } from '../../shared/random.js';
import { type ChunkDecoder, createChunkDecoder, type DecodedBatch } from '../../sources/chunk-decoder.js';
import type { RowBatch, SampleStream } from '../../sources/contract.js';
import { createAccumulator, type FieldAccumulator } from './accumulators/index.js';
import { splitFields, startFieldThreads } from './field-threads.js';
import type { FieldMeasure } from './measure.js';
import { type MeasuredRule, RULE_ROWS, RuleTracker } from './rules.js';

/** Key tuples kept per field set by default (relation measurement asks for more, see `keyReservoir`). */
export const KEY_RESERVOIR = 200;
const PROGRESS_EVERY = 5000;

export interface DatasetMeasure {
  readonly dataset: Dataset;
  readonly rows: number;
  readonly fields: ReadonlyMap<string, FieldMeasure>;
  /** Raw: `depends` rules carry measured pairs, filtered by privacy/rule-pairs.ts before writing. */
  readonly rules: readonly MeasuredRule[];
  /** Reservoir samples of key tuples, by field set (names joined with `,`). */
  readonly keys: ReadonlyMap<string, readonly (readonly Value[])[]>;
}

export interface ProfileRowsOptions {
  readonly k: number;
  readonly seed: number;
  /** Field sets whose tuples to keep a reservoir of. */
  readonly keySets?: readonly (readonly string[])[];
  /** Tuples kept per key set (default `KEY_RESERVOIR`). */
  readonly keyReservoir?: number;
  /**
   * Row sets to keep a reservoir of too (`rows` tuples each, kept under the names of all their fields): a
   * reference and the fields that may copy its parent's (copies.ts). Only the first `required` fields must be
   * set.
   */
  readonly rowSets?: readonly { readonly fields: readonly string[]; readonly required: number }[];
  readonly rowReservoir?: number;
  /** Fields that rules ignore (keys and references). */
  readonly ruleExclusions?: ReadonlySet<string>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (rows: number) => void;
  /**
   * Threads to measure with when the stream offers encoded chunks (field-threads.ts): the fields are shared
   * out, the measures are the same. Default 1.
   */
  readonly threads?: number;
}

/** The identity of a field set in `DatasetMeasure.keys`. */
export function keySetName(fields: readonly string[]): string {
  return fields.join(',');
}

/**
 * Streams `rows` of `dataset` through the accumulators and returns the raw measurements. A sample stream that
 * offers column batches is read by column; the measurements are the same either way.
 */
export async function profileRows(
  dataset: Dataset,
  rows: SampleStream | AsyncIterable<Row> | Iterable<Row>,
  options: ProfileRowsOptions,
): Promise<DatasetMeasure> {
  const fields = dataset.fields.map((field) => ({
    name: field.name,
    accumulator: createAccumulator(field.name, field.type, options.k) as FieldAccumulator,
  }));
  const rules = new RuleTracker(dataset, options.ruleExclusions ?? new Set(), options.k);
  const reservoirs = [
    ...(options.keySets ?? []).map(
      (set) => new KeyReservoir(set, options.seed, options.keyReservoir ?? KEY_RESERVOIR),
    ),
    ...(options.rowSets ?? []).map(
      (set) =>
        new KeyReservoir(set.fields, options.seed, options.rowReservoir ?? KEY_RESERVOIR, set.required),
    ),
  ];
  let count = 0;
  /** Feeds a column batch to `own` fields' accumulators, the rules (first rows) and the reservoirs. */
  const consume = (batch: DecodedBatch, own: readonly (typeof fields)[number][]) => {
    for (const field of own) addBatchField(field.accumulator, batch, field.name);
    if (count < RULE_ROWS) rules.addBatch(batch);
    for (const reservoir of reservoirs) reservoir.addBatch(batch);
    const before = count;
    count += batch.length;
    throwIfAborted(options.signal);
    if (Math.floor(count / PROGRESS_EVERY) !== Math.floor(before / PROGRESS_EVERY))
      options.onProgress?.(count);
  };
  const decodedHere = new Set(reservoirs.flatMap((reservoir) => reservoir.fields));
  let measured = new Map<string, FieldMeasure>();
  const chunks = 'chunks' in rows && typeof rows.chunks === 'function' ? rows.chunks() : undefined;
  if (chunks !== undefined) {
    const shares = splitFields(dataset.fields, options.threads ?? 1, decodedHere);
    const workers = shares.length > 1 ? startFieldThreads(shares.slice(1), options.k) : undefined;
    const kept = new Set((workers === undefined ? dataset.fields : shares[0]!).map((field) => field.name));
    const own = fields.filter((field) => kept.has(field.name));
    // Line and text fields come in place, not as values (but for the reservoirs'); the rules read their rows
    // from both.
    const inPlace = inPlaceFields(own.filter((field) => !decodedHere.has(field.name)));
    try {
      // This thread decodes whole rows while the rules need them, then only its fields and the reservoirs'.
      let decoder: ChunkDecoder | undefined;
      let narrowed = false;
      for await (const chunk of chunks) {
        if (decoder === undefined) {
          decoder = createChunkDecoder(chunk.format);
          // The accumulators check texts in place for ASCII as they go (the rules read them by `spanText`).
          decoder.readInPlace(inPlace, { unchecked: true });
        }
        if (!narrowed && count >= RULE_ROWS) {
          decoder.select(new Set([...kept, ...decodedHere]));
          narrowed = true;
        }
        const { bytes } = chunk;
        const batch = decoder.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
        if (batch !== undefined) consume(batch, own);
        await workers?.send(bytes, chunk.format);
      }
      // The workers finish their fields while this thread finishes its own (a failure of theirs is thrown
      // by the await below, or left behind by a failure here).
      const theirs = workers?.finish();
      theirs?.catch(() => undefined);
      const mine = own.map((field) => [field.name, field.accumulator.finish()] as const);
      measured = new Map([...((await theirs) ?? []), ...mine]);
    } finally {
      await workers?.close();
    }
  } else if ('batches' in rows && typeof rows.batches === 'function') {
    // Column by column: one tight loop per accumulator, no row objects (rules alone need the first rows).
    for await (const batch of rows.batches()) consume(batch, fields);
  } else {
    for await (const row of rows) {
      for (const field of fields) field.accumulator.add(row[field.name] ?? null);
      rules.add(row);
      for (const reservoir of reservoirs) reservoir.add(row);
      count++;
      if (count % PROGRESS_EVERY === 0) {
        throwIfAborted(options.signal);
        options.onProgress?.(count);
      }
    }
  }
  throwIfAborted(options.signal);
  options.onProgress?.(count);
  return {
    dataset,
    rows: count,
    fields: new Map(
      fields.map((field) => [field.name, measured.get(field.name) ?? field.accumulator.finish()]),
    ),
    rules: rules.finish(),
    keys: new Map(reservoirs.map((reservoir) => [keySetName(reservoir.fields), reservoir.tuples()])),
  };
}

/** Throws the signal's reason (a `cancelled` DoppelError unless it carries one) when aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted !== true) return;
  const reason: unknown = signal.reason;
  throw reason instanceof DoppelError ? reason : new DoppelError('cancelled', 'Profiling was cancelled.');
}

/** Reservoir sample (algorithm R, seeded) of the tuples of a field set whose first `required` are set. */
class KeyReservoir {
  private readonly kept: (readonly Value[])[] = [];
  private seen = 0;
  private readonly random: () => number;

  constructor(
    readonly fields: readonly string[],
    seed: number,
    private readonly size: number,
    private readonly required = fields.length,
  ) {
    this.random = createSequence(seed ^ seedOfText(fields.join(',')));
  }

  add(row: Row): void {
    for (let i = 0; i < this.required; i++) {
      const value = row[this.fields[i]!];
      if (value === null || value === undefined) return;
    }
    const slot = this.claimSlot();
    if (slot >= 0) this.kept[slot] = this.fields.map((name) => detachValue(row[name] ?? null));
  }

  /** Adds the rows of a column batch, in order (the same tuples and draws as adding them one by one). */
  addBatch(batch: RowBatch): void {
    const columns = this.fields.map((name) => batch.columns[name]);
    rows: for (let i = 0; i < batch.length; i++) {
      for (let position = 0; position < this.required; position++) {
        const value = columns[position]?.[i];
        if (value === null || value === undefined) continue rows;
      }
      const slot = this.claimSlot();
      if (slot >= 0) this.kept[slot] = columns.map((column) => detachValue(column?.[i] ?? null));
    }
  }

  /** Counts a non-null tuple; returns the slot it takes (algorithm R), or -1 when it is not kept. */
  private claimSlot(): number {
    this.seen++;
    if (this.kept.length < this.size) return this.kept.length;
    const slot = Math.floor(this.random() * this.seen);
    return slot < this.size ? slot : -1;
  }

  tuples(): readonly (readonly Value[])[] {
    return this.kept;
  }
}

/** A kept value that shares no memory with the chunk it was decoded from (its texts, however nested). */
function detachValue(value: Value): Value {
  if (typeof value === 'string') return detachText(value);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(detachValue);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, detachValue(item)]));
}

/** The fields whose accumulators take columns read in place (`addNumbers`, `addSpans`). */
export function inPlaceFields(
  fields: readonly { readonly name: string; readonly accumulator: FieldAccumulator }[],
): Set<string> {
  return new Set(
    fields
      .filter(
        (field) => field.accumulator.addNumbers !== undefined || field.accumulator.addSpans !== undefined,
      )
      .map((field) => field.name),
  );
}

/** Feeds field `name` of a batch to its accumulator, in place when the batch holds it so. */
export function addBatchField(accumulator: FieldAccumulator, batch: DecodedBatch, name: string): void {
  const line = batch.lines?.[name];
  const spans = batch.spans?.[name];
  if (line !== undefined) {
    if (accumulator.addNumbers !== undefined) accumulator.addNumbers(line);
    else for (let i = 0; i < line.numbers.length; i++) accumulator.add(line.value(i));
  } else if (spans !== undefined) {
    if (accumulator.addSpans !== undefined) accumulator.addSpans(spans);
    else for (let i = 0; i < spans.starts.length; i++) accumulator.add(spanText(spans, i));
  } else addColumn(accumulator, batch.columns[name], batch.length);
}

/** Feeds one column of a batch to its accumulator (a missing column reads as nulls). */
function addColumn(
  accumulator: FieldAccumulator,
  column: readonly Value[] | undefined,
  length: number,
): void {
  if (column === undefined) {
    for (let i = 0; i < length; i++) accumulator.add(null);
    return;
  }
  for (let i = 0; i < length; i++) accumulator.add(column[i] ?? null);
}
