/**
 * One operation at a time on a source's one connection, for every kind: operations run in the order they
 * were asked, a failed one does not stop the next, an operation asked after its signal aborted never starts,
 * and aborting a running one calls the kind's `cancel` (which cancels the statement on the server).
 */
import { DoppelError } from '../shared/errors.js';

/** Runs `work` after every operation queued before it; `what` names it in the error of a cancelled start. */
export type SerialQueue = <T>(
  what: string,
  signal: AbortSignal | undefined,
  cancel: () => void,
  work: () => Promise<T>,
) => Promise<T>;

/** A new, empty queue for one connection. */
export function createSerialQueue(): SerialQueue {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(
    what: string,
    signal: AbortSignal | undefined,
    cancel: () => void,
    work: () => Promise<T>,
  ): Promise<T> => {
    const task = async (): Promise<T> => {
      if (signal?.aborted) throw new DoppelError('cancelled', `Cancelled while ${what}.`);
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        return await work();
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    };
    const result = queue.then(task, task);
    queue = result.catch(() => undefined);
    return result;
  };
}
