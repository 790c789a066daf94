/**
 * Turns what the `pg` driver throws into DoppelErrors with one clear sentence and a distinct kind:
 * `connection` (unreachable, authentication, missing database), `refused` (permission, timeouts, constraint
 * violations), `cancelled`. Messages are built from the host, port, user and database only, never from the
 * address itself, so a password cannot leak; the server's own message is scrubbed as well.
 */
import { DoppelError } from '../../shared/errors.js';
import { redactText } from '../../shared/redact.js';
import { networkConnectError, readDriverError, type ServerLabel } from '../driver-errors.js';

/** Maps an error raised while connecting. */
export function toConnectError(error: unknown, server: ServerLabel): DoppelError {
  if (error instanceof DoppelError) return error;
  const { code, message } = readDriverError(error);
  const at = `${server.host}:${server.port}`;
  const network = networkConnectError(code, 'PostgreSQL', server, error);
  if (network !== undefined) return network;
  const make = (kind: 'connection' | 'refused', sentence: string) =>
    new DoppelError(kind, sentence, { cause: error });
  switch (code) {
    case '28P01':
      return make('connection', `PostgreSQL at ${at} rejected the password for user "${server.user}".`);
    case '28000':
      return make(
        'connection',
        `PostgreSQL at ${at} does not let user "${server.user}" connect to database "${server.database}".`,
      );
    case '3D000':
      return make('connection', `The database "${server.database}" does not exist on PostgreSQL at ${at}.`);
    case '42501':
      return make(
        'refused',
        `PostgreSQL at ${at} refused user "${server.user}": ${redactText(message ?? 'permission denied')}.`,
      );
    default:
      if (message !== undefined && /timeout/i.test(message))
        return make('connection', `Cannot connect to PostgreSQL at ${at}: the connection timed out.`);
      return make(
        'connection',
        `Cannot connect to PostgreSQL at ${at}: ${redactText(message ?? code ?? 'unknown error')}.`,
      );
  }
}

/** Maps an error raised by a statement; `what` names the operation (`sampling public.orders`). */
export function toQueryError(error: unknown, what: string, signal?: AbortSignal): DoppelError {
  if (error instanceof DoppelError) return error;
  const { code, message } = readDriverError(error);
  const detail = redactText(message ?? 'unknown error');
  if (signal?.aborted) return new DoppelError('cancelled', `Cancelled while ${what}.`, { cause: error });
  switch (code) {
    case '57014':
      return new DoppelError('refused', `PostgreSQL stopped ${what}: ${detail} (statement timeout).`, {
        cause: error,
      });
    case '55P03':
      return new DoppelError('refused', `PostgreSQL could not take a lock while ${what}: ${detail}.`, {
        cause: error,
      });
    case '42501':
      return new DoppelError('refused', `Permission denied while ${what}: ${detail}.`, { cause: error });
    case '25006':
      return new DoppelError('refused', `The session is read-only; ${what} was refused: ${detail}.`, {
        cause: error,
      });
    case undefined:
      if (/Connection terminated|ECONNRESET|not queryable/i.test(detail))
        return new DoppelError('connection', `The PostgreSQL connection was lost while ${what}.`, {
          cause: error,
        });
      return new DoppelError('refused', `PostgreSQL failed while ${what}: ${detail}.`, { cause: error });
    default:
      return new DoppelError('refused', `PostgreSQL refused ${what}: ${detail}.`, { cause: error });
  }
}
