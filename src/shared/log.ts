/**
 * Diagnostics go to stderr, results to stdout. Every line is scrubbed of known secrets before it is written.
 */
import { redactText } from './redact.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured facts about a log line (`{ job: { id, kind, status } }`); the text logger shows only the message. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly write?: (line: string) => void;
}

/** A logger that writes lines at or above `level` to stderr (or `write`). */
export function createLogger(options: LoggerOptions): Logger {
  // Read the level on every call: the CLI creates its logger before it has parsed --log-level.
  const threshold = () => LOG_LEVELS.indexOf(options.level);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const at = (level: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(level) <= threshold())
      write(redactText(level === 'info' ? message : `${level}: ${message}`));
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** A logger that drops everything (library default). */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
