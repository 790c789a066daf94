/**
 * What every command receives: how to log, how to print its result, and the global options. Commands print
 * results through `output` so that `--json` gives the same shapes the HTTP API returns.
 */
import type { Logger, LogLevel } from '../shared/log.js';
import { redactJsonValue, redactText } from '../shared/redact.js';

export interface GlobalOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly logLevel: LogLevel;
}

export interface CliContext {
  readonly options: () => GlobalOptions;
  readonly log: Logger;
  /** Prints a result: `value` as JSON under --json, otherwise `human()` lines (nothing under --quiet). */
  readonly output: (value: unknown, human: () => string) => void;
  /** Progress lines for long operations: on stderr, only on a TTY unless --log-level debug. */
  readonly progress: (line: string) => void;
  readonly stdout: (text: string) => void;
  /** Diagnostics stream (the service's structured log writes here); text is written as given. */
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal. */
  readonly isTTY: boolean;
  /** Aborted on SIGINT/SIGTERM; every long operation takes it. */
  readonly signal: AbortSignal;
}

export interface CliStreams {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTTY: boolean;
}

/** Builds the context around the streams; `options` is read lazily because commander parses late. */
export function createContext(
  options: () => GlobalOptions,
  streams: CliStreams,
  log: Logger,
  signal: AbortSignal,
): CliContext {
  const stdout = (text: string) => streams.stdout(redactText(text));
  return {
    options,
    log,
    signal,
    stdout,
    stderr: (text) => streams.stderr(redactText(text)),
    isTTY: streams.isTTY,
    output(value, human) {
      const current = options();
      if (current.json) stdout(`${JSON.stringify(value, redactJsonValue, 2)}\n`);
      else if (!current.quiet) {
        const text = human();
        if (text !== '') stdout(text.endsWith('\n') ? text : `${text}\n`);
      }
    },
    progress(line) {
      const current = options();
      if (current.quiet) return;
      if (streams.isTTY) streams.stderr(`\r\x1b[2K${redactText(line)}`);
      else if (current.logLevel === 'debug' || current.logLevel === 'info')
        streams.stderr(`${redactText(line)}\n`);
    },
  };
}
