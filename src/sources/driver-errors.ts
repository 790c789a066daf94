/**
 * What every database kind's error mapping shares: reading a driver's error without trusting its shape, the
 * label a message may name (never the address, so never a password), and the network failures that read the
 * same for every engine. Each kind's `errors.ts` maps its own server codes on top.
 */
import { DoppelError } from '../shared/errors.js';

/** Where a session points, for messages: never carries the password. */
export interface ServerLabel {
  readonly host: string;
  readonly port: string;
  readonly user: string;
  readonly database: string;
}

/** The parts of a thrown driver error that the mappings read. */
export interface DriverError {
  readonly code?: string;
  readonly errno?: number;
  readonly message?: string;
}

/** Reads `code`, `errno` and `message` from whatever a driver threw. */
export function readDriverError(error: unknown): DriverError {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const record = error as { code?: unknown; errno?: unknown; message?: unknown };
  return {
    ...(typeof record.code === 'string' ? { code: record.code } : {}),
    ...(typeof record.errno === 'number' ? { errno: record.errno } : {}),
    ...(typeof record.message === 'string' ? { message: record.message } : {}),
  };
}

/** A `connection` error for a socket-level `code` (refused, unresolved, unreachable), else undefined. */
export function networkConnectError(
  code: string | undefined,
  engine: string,
  server: ServerLabel,
  cause: unknown,
): DoppelError | undefined {
  const at = `Cannot connect to ${engine} at ${server.host}:${server.port}`;
  switch (code) {
    case 'ECONNREFUSED':
      return new DoppelError('connection', `${at}: the connection was refused (is the server running?).`, {
        cause,
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DoppelError('connection', `${at}: the host name does not resolve.`, { cause });
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DoppelError('connection', `${at}: the server did not answer in time.`, { cause });
    default:
      return undefined;
  }
}
