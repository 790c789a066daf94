/**
 * Worker thread for parallel text output: recreates the run from its input (profile, options), then turns
 * each requested row range of one dataset into encoded bytes (CSV without header, or JSON Lines) and sends
 * them back. Rows depend only on their index, so the ranges concatenated in order are the one-thread bytes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createGeneration } from '../engine.js';
import type { EncodeRequest, EncodeWorkerData, WorkerReply } from './parallel-text.js';
import { createRangeEncoder } from './range-encoder.js';

const port = parentPort;
if (port === null) throw new Error('encode-worker.ts runs only as a worker thread.');

const send = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

try {
  const data = workerData as EncodeWorkerData;
  const encode = createRangeEncoder(
    createGeneration(data.profile, data.options),
    data.dataset,
    data.format,
    data.columns,
  );
  const encodeRange = async (request: EncodeRequest): Promise<void> => {
    const encoded = await encode(request.start, request.end);
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
