/**
 * Worker thread of a parallel profile (field-threads.ts): measures its share of a dataset's fields. It
 * decodes every chunk of the source's encoded rows, but only its own columns, and feeds them, in row order,
 * to one accumulator per field, the same accumulators and the same order as a one-thread profile: the
 * measures it sends back at the end are the ones that profile would have made.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ChunkDecoder, createChunkDecoder } from '../../sources/chunk-decoder.js';
import { createAccumulator } from './accumulators/index.js';
import { addBatchField, inPlaceFields } from './dataset-profiler.js';
import type { FieldThreadData, ToFieldThread } from './field-threads.js';

const port = parentPort;
if (port === null) throw new Error('field-worker.ts runs only as a worker thread.');

const data = workerData as FieldThreadData;
const names = new Set(data.fields.map((field) => field.name));
const fields = data.fields.map((field) => ({
  name: field.name,
  accumulator: createAccumulator(field.name, field.type, data.k),
}));
/** Line and text fields come in place, not as values (measured the same). */
const inPlace = inPlaceFields(fields);
let decoder: ChunkDecoder | undefined;
/** Bytes decoded at a time. */
const SLICE_BYTES = 64 * 1024;

port.on('message', (message: ToFieldThread) => {
  try {
    if (message.kind === 'end') {
      port.postMessage({
        kind: 'measured',
        measures: fields.map((field) => field.accumulator.finish()),
      });
      return;
    }
    if (message.format !== undefined) {
      decoder = createChunkDecoder(message.format);
      decoder.select(names);
      // The accumulators check texts in place for ASCII as they go.
      decoder.readInPlace(inPlace, { unchecked: true });
    }
    if (decoder === undefined) throw new Error('The first chunk came without its format.');
    const { bytes } = message;
    // In slices the size of network chunks: batches of a whole pack would hold column arrays large enough
    // to be allocated as large objects, which doubled the decoding time.
    for (let offset = 0; offset < bytes.length; offset += SLICE_BYTES) {
      const slice = Buffer.from(
        bytes.buffer,
        bytes.byteOffset + offset,
        Math.min(SLICE_BYTES, bytes.length - offset),
      );
      const batch = decoder.push(slice);
      if (batch !== undefined)
        for (const field of fields) addBatchField(field.accumulator, batch, field.name);
    }
    port.postMessage({ kind: 'consumed' });
  } catch (error) {
    port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
