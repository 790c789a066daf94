/**
 * Files that appear only when complete: written under a temporary name beside the target, renamed over it on
 * success and removed on failure, so a failed or cancelled run leaves nothing half-written.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The temporary name used while `path` is being written. */
export function temporaryPathOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
}

/** A byte sink with back-pressure over a temporary file. */
export interface AtomicFile {
  readonly path: string;
  readonly temporaryPath: string;
  /** Writes a chunk, waiting when the stream's buffer is full. */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Flushes, closes and renames into place. */
  commit(): Promise<void>;
  /** Closes and removes the temporary file. */
  discard(): Promise<void>;
}

/** Opens `path` for atomic writing. */
export function openAtomicFile(path: string): AtomicFile {
  const temporaryPath = temporaryPathOf(path);
  const stream: WriteStream = createWriteStream(temporaryPath, { highWaterMark: 1 << 20 });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  const close = async () => {
    if (stream.closed) return;
    stream.end();
    await once(stream, 'close');
  };
  return {
    path,
    temporaryPath,
    async write(chunk) {
      if (failure) throw failure;
      // `once` rejects when the stream emits 'error' while waiting, so no separate error listener is needed.
      if (!stream.write(chunk)) await once(stream, 'drain');
      if (failure) throw failure;
    },
    async commit() {
      await close();
      if (failure) throw failure;
      await rename(temporaryPath, path);
    },
    async discard() {
      try {
        await close();
      } finally {
        await rm(temporaryPath, { force: true });
      }
    },
  };
}
