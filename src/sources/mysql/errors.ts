/**
 * Turns what `mysql2` throws into DoppelErrors with one clear sentence and a distinct kind: `connection`
 * (unreachable, authentication, missing database), `refused` (permission, timeouts, read-only, constraint
 * violations), `cancelled`. Messages are built from the host, port, user and database only, never from the
 * address, so a password cannot leak; the server's own message is scrubbed as well.
 */
import { DoppelError } from '../../shared/errors.js';
import { redactText } from '../../shared/redact.js';
import { networkConnectError, readDriverError, type ServerLabel } from '../driver-errors.js';

/** Maps an error raised while connecting. */
export function toConnectError(error: unknown, server: ServerLabel): DoppelError {
  if (error instanceof DoppelError) return error;
  const { code, message } = readDriverError(error);
  const at = `${server.host}:${server.port}`;
  const network = networkConnectError(code, 'MySQL', server, error);
  if (network !== undefined) return network;
  const make = (kind: 'connection' | 'refused', sentence: string) =>
    new DoppelError(kind, sentence, { cause: error });
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
      return make('connection', `MySQL at ${at} rejected the password for user "${server.user}".`);
    case 'ER_DBACCESS_DENIED_ERROR':
      return make(
        'connection',
        `MySQL at ${at} does not let user "${server.user}" use database "${server.database}".`,
      );
    case 'ER_BAD_DB_ERROR':
      return make('connection', `The database "${server.database}" does not exist on MySQL at ${at}.`);
    default:
      return make(
        'connection',
        `Cannot connect to MySQL at ${at}: ${redactText(message ?? code ?? 'unknown error')}.`,
      );
  }
}

/** Maps an error raised by a statement; `what` names the operation (`sampling shop.orders`). */
export function toQueryError(error: unknown, what: string, signal?: AbortSignal): DoppelError {
  if (error instanceof DoppelError) return error;
  const { code, errno, message } = readDriverError(error);
  const detail = redactText(message ?? 'unknown error');
  if (signal?.aborted) return new DoppelError('cancelled', `Cancelled while ${what}.`, { cause: error });
  // 1969: MariaDB's max_statement_time; 3024: MySQL's max_execution_time.
  if (errno === 1969 || errno === 3024 || code === 'ER_STATEMENT_TIMEOUT' || code === 'ER_QUERY_TIMEOUT')
    return new DoppelError('refused', `MySQL stopped ${what}: ${detail} (statement timeout).`, {
      cause: error,
    });
  switch (code) {
    case 'ER_LOCK_WAIT_TIMEOUT':
      return new DoppelError('refused', `MySQL could not take a lock while ${what}: ${detail}.`, {
        cause: error,
      });
    case 'ER_QUERY_INTERRUPTED':
      return new DoppelError('cancelled', `MySQL interrupted ${what}: ${detail}.`, { cause: error });
    case 'ER_TABLEACCESS_DENIED_ERROR':
    case 'ER_COLUMNACCESS_DENIED_ERROR':
    case 'ER_SPECIFIC_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return new DoppelError('refused', `Permission denied while ${what}: ${detail}.`, { cause: error });
    case 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION':
      return new DoppelError('refused', `The session is read-only; ${what} was refused: ${detail}.`, {
        cause: error,
      });
    case 'PROTOCOL_CONNECTION_LOST':
    case 'ECONNRESET':
    case 'EPIPE':
      return new DoppelError('connection', `The MySQL connection was lost while ${what}.`, { cause: error });
    default:
      return new DoppelError('refused', `MySQL refused ${what}: ${detail}.`, { cause: error });
  }
}
