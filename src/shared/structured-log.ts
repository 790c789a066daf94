/**
 * The service's log: one JSON object per line (pino), with a time, a level, a message and fields, scrubbed
 * before it is written: fields named like credentials (password, secret, token, API key, authorization,
 * cookie) are masked by pino's `redact` at the paths where they occur, every string anywhere in a line is
 * scrubbed of registered secrets and passwords in addresses (`redactText`), and the finished line is scrubbed
 * once more. It implements `Logger`, so the service's code logs the same way in either format; `doppel serve
 * --log-format text` keeps the human lines of `createLogger` instead.
 */
import { pino } from 'pino';
import type { LogFields, Logger, LogLevel } from './log.js';
import { redactText } from './redact.js';

const MASK = '***';

/** Field names whose values are never written, at any depth. */
const CREDENTIAL_KEY = /pass(word|wd)?$|secret|token|authorization|cookie|api[-_]?key|credential/i;

/** Paths pino masks itself (request headers, and credential fields up to two levels deep). */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'password',
  '*.password',
  '*.*.password',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'token',
  '*.token',
];

/** A copy of `value` with every string scrubbed and every credential-named field masked. */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (value instanceof Error) return { type: value.name, message: redactText(value.message) };
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    copy[key] =
      CREDENTIAL_KEY.test(key) && item !== undefined && item !== null ? MASK : scrub(item, depth + 1);
  return copy;
}

export interface StructuredLoggerOptions {
  readonly level: LogLevel;
  /** Receives each finished line (with its newline). */
  readonly write: (line: string) => void;
  /** Fields on every line (besides `name: "doppel"` and `pid`). */
  readonly base?: LogFields;
}

/** A `Logger` writing pino JSON lines. */
export function createStructuredLogger(options: StructuredLoggerOptions): Logger {
  const logger = pino(
    {
      level: options.level,
      base: { name: 'doppel', pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      redact: { paths: [...REDACTED_PATHS], censor: MASK },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrub(object) as Record<string, unknown>,
      },
    },
    { write: (line: string) => options.write(redactText(line)) },
  );
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (fields === undefined) logger[level](redactText(message));
      else logger[level]({ ...fields }, redactText(message));
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
