/**
 * Runs a planned generation into file or stream sinks, dataset by dataset in plan order, with progress and
 * cancellation. A failure aborts the sink in progress (its temporary file is removed) and stops the run.
 */
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { DoppelError } from '../../shared/errors.js';
import type { Generation } from '../engine.js';
import { FILE_BATCH_ROWS, rowsOfBatch } from './column-batch.js';
import { chooseThreads, encodeRanges } from './parallel-text.js';
import { listPlainTextFields } from './plain-text.js';
import { datasetFileName, openFileSink, openStreamSink } from './sinks/open-sink.js';
import { prepareOutputDirectory } from './sinks/output-directory.js';
import type { FileFormat, SinkColumn } from './sinks/sink.js';

export interface DatasetProgress {
  readonly dataset: string;
  readonly rows: number;
  readonly total: number;
}

export interface WrittenDataset {
  readonly name: string;
  readonly rows: number;
  readonly start: number;
  readonly end: number;
  readonly file?: string;
  readonly seconds: number;
}

export interface WriteOptions {
  readonly format: FileFormat;
  /** A directory (one file per dataset) or a stream such as stdout. */
  readonly destination: { readonly directory: string } | { readonly stream: Writable };
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DatasetProgress) => void;
  /** Added to file names (`public.orders.<suffix>.csv`), e.g. `shard-0-of-4`, so shards can share a folder. */
  readonly fileSuffix?: string;
  /** Monotonic clock in milliseconds, for rows/s (injected so the core reads no clock itself). */
  readonly now?: () => number;
  /**
   * Threads encoding CSV/JSON Lines, this one included (0 or 1: this thread only). Default:
   * `DOPPEL_GENERATE_THREADS`, else `chooseThreads`' default. The bytes are the same either way.
   */
  readonly threads?: number;
}

/** The sink columns of a compiled dataset. */
export function describeColumns(generation: Generation, name: string): SinkColumn[] {
  const dataset = generation.dataset(name);
  const fields = new Map(dataset.task.fields.map((field) => [field.name, field]));
  const primary = new Set(dataset.task.keys.primary?.fields ?? []);
  const { options } = generation.input;
  const edgeValues =
    (options.edgeCases ?? 0) > 0 ||
    Object.values(options.scenario?.datasets ?? {}).some((override) =>
      Object.values(override.fields ?? {}).some((field) => (field.edge_cases ?? 0) > 0),
    );
  const references = new Set(
    generation.plan.relations
      .filter((relation) => relation.child === name)
      .flatMap((relation) => relation.childFields),
  );
  const plain = listPlainTextFields(dataset.task, references, edgeValues);
  return dataset.fields.map((fieldName) => {
    const field = fields.get(fieldName)!;
    return {
      name: fieldName,
      type: field.type,
      nullable: field.nullable && !primary.has(fieldName),
      ...(plain.has(fieldName) ? { plain: true } : {}),
    };
  });
}

/** The file a dataset is written to in `directory` (run manifests name it before it is written). */
export function datasetFilePath(
  directory: string,
  dataset: string,
  format: FileFormat,
  fileSuffix?: string,
): string {
  return join(directory, datasetFileName(fileSuffix ? `${dataset}.${fileSuffix}` : dataset, format));
}

/** Writes every planned dataset; returns what was written. */
export async function writeGeneration(
  generation: Generation,
  options: WriteOptions,
): Promise<WrittenDataset[]> {
  const now = options.now ?? (() => performance.now());
  const written: WrittenDataset[] = [];
  if ('directory' in options.destination)
    await prepareOutputDirectory(options.destination.directory, options.signal);
  for (const planned of generation.plan.datasets) {
    if (!planned.generate) continue;
    const columns = describeColumns(generation, planned.name);
    const destination = options.destination;
    const file =
      'directory' in destination
        ? datasetFilePath(destination.directory, planned.name, options.format, options.fileSuffix)
        : undefined;
    const sink = file
      ? openFileSink(file, options.format, columns)
      : openStreamSink((destination as { stream: Writable }).stream, options.format, columns);
    const started = now();
    let rows = 0;
    const total = planned.end - planned.start;
    const threads = chooseThreads(total, options.format, options.threads);
    try {
      if (threads > 1 && sink.writeEncoded && (options.format === 'csv' || options.format === 'jsonl')) {
        const pieces = encodeRanges(
          generation,
          planned.name,
          options.format,
          columns,
          threads,
          planned,
          options.signal,
        );
        for await (const piece of pieces) {
          await sink.writeEncoded(piece.bytes);
          rows += piece.rows;
          options.onProgress?.({ dataset: planned.name, rows, total });
        }
      } else {
        // Small batches for the column sinks (CSV); the row sinks keep the run's batch size (Arrow writes one
        // record batch per batch).
        const batchRows =
          generation.input.options.batchSize ?? (sink.writeColumns ? FILE_BATCH_ROWS : undefined);
        for await (const batch of generation.columnBatches(planned.name, options.signal, batchRows)) {
          await (sink.writeColumns ? sink.writeColumns(batch) : sink.write(rowsOfBatch(batch)));
          rows += batch.length;
          options.onProgress?.({ dataset: planned.name, rows, total });
        }
      }
      await sink.close();
    } catch (error) {
      await sink.abort().catch(() => undefined);
      if (error instanceof DoppelError) throw error;
      if (options.signal?.aborted) throw new DoppelError('cancelled', 'Cancelled.', { cause: error });
      const message = error instanceof Error ? error.message : String(error);
      throw new DoppelError(
        'refused',
        `Writing ${planned.name}${file ? ` to ${file}` : ''} failed: ${message}`,
        { cause: error },
      );
    }
    written.push({
      name: planned.name,
      rows,
      start: planned.start,
      end: planned.end,
      ...(file === undefined ? {} : { file }),
      seconds: (now() - started) / 1000,
    });
  }
  return written;
}
