/**
 * Errors a user can act on, each with the exit code the CLI ends with: the one mapping of the README's
 * exit-code table (test/unit/cli/exit-codes.test.ts reads that table and runs a case per row). Anything else that reaches the top
 * is an internal error (exit 5) and is the only kind printed with a stack trace (under --log-level debug).
 */
export const EXIT = {
  ok: 0,
  /** A check failed: lint problems, validation failures, drift found. */
  checkFailed: 1,
  /** Wrong command, option or argument. */
  usage: 2,
  /** Cannot connect, authenticate, or reach the named database. */
  connection: 3,
  /** An input file (task file, config, scenario) is invalid. */
  invalidInput: 4,
  /** A bug: an error doppel did not expect. */
  internal: 5,
  /**
   * The source or target refused an operation (permission, constraint, timeout, port in use; a file target
   * that is a file, cannot be created or written, or lies on a kernel file system).
   */
  refused: 6,
  /** Cancelled by the user (Ctrl-C, AbortSignal). */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type ErrorKind = Exclude<keyof typeof EXIT, 'ok' | 'internal'>;

/** An error meant for the user: one clear sentence naming what was wrong and where. */
export class DoppelError extends Error {
  readonly kind: ErrorKind;
  readonly details: readonly string[];

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown; details?: readonly string[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DoppelError';
    this.kind = kind;
    this.details = options?.details ?? [];
  }

  get exitCode(): ExitCode {
    return EXIT[this.kind];
  }
}

/** Maps any thrown value to the exit code the process should end with. */
export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof DoppelError ? error.exitCode : EXIT.internal;
}
