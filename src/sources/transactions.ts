/**
 * Transactions on a target's one connection, for every SQL kind: one operation at a time (the serial queue),
 * each in a transaction of its own, or, while `enclose` runs (a whole generation run), joining the enclosing
 * transaction, so that the run commits or rolls back as one. Failures become the kind's own errors.
 */
import type { DoppelError } from '../shared/errors.js';
import { createSerialQueue } from './serial-queue.js';

export interface TransactionConnection {
  /** The statement opening a transaction (`BEGIN`, `START TRANSACTION`). */
  readonly begin: string;
  query(sql: string): Promise<unknown>;
  /** Cancels the running statement on the server. */
  cancel(): void;
  toError(error: unknown, what: string, signal: AbortSignal | undefined): DoppelError;
}

export interface Transactions {
  /** True while `enclose` runs. */
  readonly enclosed: boolean;
  /** `work` in a transaction of its own, or in the enclosing one. */
  run<T>(what: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T>;
  /**
   * `work` as one transaction that every `run` inside it joins; `onFailure` may replace the error after the
   * rollback (to say what else was undone).
   */
  enclose<T>(
    what: string,
    signal: AbortSignal | undefined,
    work: () => Promise<T>,
    onFailure?: (failure: DoppelError, error: unknown) => Promise<DoppelError>,
  ): Promise<T>;
  /** `work` on the connection's queue, outside any transaction of this runner. */
  queue<T>(what: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T>;
}

export function createTransactions(connection: TransactionConnection): Transactions {
  const enqueue = createSerialQueue();
  const cancel = () => connection.cancel();
  let enclosed = false;
  const inTransaction = async <T>(
    what: string,
    signal: AbortSignal | undefined,
    work: () => Promise<T>,
    onFailure?: (failure: DoppelError, error: unknown) => Promise<DoppelError>,
  ): Promise<T> => {
    await connection.query(connection.begin);
    try {
      const result = await work();
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      const failure = connection.toError(error, what, signal);
      throw onFailure ? await onFailure(failure, error) : failure;
    }
  };
  return {
    get enclosed() {
      return enclosed;
    },
    run(what, signal, work) {
      if (enclosed)
        return work().catch((error: unknown) => {
          throw connection.toError(error, what, signal);
        });
      return enqueue(what, signal, cancel, () => inTransaction(what, signal, work));
    },
    enclose(what, signal, work, onFailure) {
      return enqueue(what, signal, cancel, async () => {
        enclosed = true;
        try {
          return await inTransaction(what, signal, work, onFailure);
        } finally {
          enclosed = false;
        }
      });
    },
    queue(what, signal, work) {
      return enqueue(what, signal, cancel, work);
    },
  };
}
