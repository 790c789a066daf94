/**
 * Worker thread for parallel text output: recreates the run from its input (profile, options), then turns
 * each requested row range of one dataset into encoded bytes (CSV without header, or JSON Lines) and sends
 * them back. Rows depend only on their index, so the ranges concatenated in order are the one-thread bytes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createGeneration } from '../engine.js';
import { type ColumnBatch, FILE_BATCH_ROWS, rowsOfBatch } from './column-batch.js';
import type { EncodeRequest, EncodeWorkerData, WorkerReply } from './parallel-text.js';
import { createCsvSink } from './sinks/csv-sink.js';
import { createJsonlSink } from './sinks/jsonl-sink.js';
import type { ByteOutput } from './sinks/sink.js';

const port = parentPort;
if (port === null) throw new Error('encode-worker.ts runs only as a worker thread.');

const send = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

try {
  const data = workerData as EncodeWorkerData;
  const generation = createGeneration(data.profile, data.options);
  const dataset = generation.dataset(data.dataset);
  // Each batch's text is encoded into the range's bytes at once, so no text outlives its batch (long-lived
  // ropes would be copied by every young-generation collection).
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(1 << 20);
  let used = 0;
  const reserve = (size: number) => {
    if (bytes.length - used >= size) return;
    const grown = new Uint8Array(Math.max(bytes.length * 2, used + size));
    grown.set(bytes.subarray(0, used));
    bytes = grown;
  };
  const output: ByteOutput = {
    async write(chunk) {
      if (typeof chunk === 'string') {
        reserve(chunk.length * 3);
        used += encoder.encodeInto(chunk, bytes.subarray(used)).written;
      } else {
        reserve(chunk.length);
        bytes.set(chunk, used);
        used += chunk.length;
      }
    },
    async commit() {},
    async discard() {},
  };
  const sink =
    data.format === 'csv'
      ? createCsvSink(output, data.columns, false)
      : createJsonlSink(output, data.columns);
  const batchSize = data.options.batchSize ?? FILE_BATCH_ROWS;
  const columns = dataset.fields.map(() => new Array(batchSize).fill(null));

  const encodeRange = async (request: EncodeRequest): Promise<void> => {
    used = 0;
    for (let start = request.start; start < request.end; start += batchSize) {
      const length = Math.min(request.end, start + batchSize) - start;
      dataset.fillColumns(start, length, columns);
      const batch: ColumnBatch = { fields: dataset.fields, columns, length, start };
      await (sink.writeColumns ? sink.writeColumns(batch) : sink.write(rowsOfBatch(batch)));
    }
    const encoded = bytes.slice(0, used);
    send({ kind: 'encoded', sequence: request.sequence, bytes: encoded }, [encoded.buffer as ArrayBuffer]);
  };

  // One range at a time, in the order asked.
  let queue = Promise.resolve();
  port.on('message', (request: EncodeRequest) => {
    queue = queue
      .then(() => encodeRange(request))
      .catch((error: unknown) =>
        send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
  });
  send({ kind: 'ready' });
} catch (error) {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
