/**
 * Turns what the `mongodb` driver throws into DoppelErrors with one clear sentence and a distinct kind:
 * `connection` (no server selected, authentication, network), `refused` (permissions, maxTimeMS, commands the
 * server does not have), `cancelled`. Messages name the host list and database only, never the address, so a
 * password cannot leak; the server's own message is scrubbed as well.
 */
import { DoppelError } from '../../shared/errors.js';
import { redactText } from '../../shared/redact.js';
import { networkConnectError, readDriverError, type ServerLabel } from '../driver-errors.js';

/** MongoDB's error codes that doppel reads. */
export const MONGO_CODES = {
  unauthorized: 13,
  authenticationFailed: 18,
  maxTimeExpired: 50,
  /** "Unrecognized pipeline stage name" on a real MongoDB (a stage it does not know). */
  unrecognizedStage: 40324,
  /** "not implemented" on wire-protocol servers such as FerretDB. */
  notImplemented: 238,
  commandNotFound: 59,
} as const;

interface MongoLikeError {
  readonly name?: string;
  readonly code?: number | string;
  readonly codeName?: string;
  readonly message?: string;
  readonly cause?: unknown;
}

function read(error: unknown): MongoLikeError {
  return typeof error === 'object' && error !== null ? (error as MongoLikeError) : { message: String(error) };
}

/**
 * The numeric server code of a driver error, when it has one. A command run with `promoteValues: false`
 * (every sampling read) gets its error's code as a BSON Int32, not a number.
 */
export function mongoErrorCode(error: unknown): number | undefined {
  const code = read(error).code as unknown;
  if (typeof code === 'number') return code;
  if (typeof code === 'object' && code !== null && (code as { _bsontype?: string })._bsontype === 'Int32')
    return Number((code as { valueOf(): number }).valueOf());
  return undefined;
}

/** Maps an error raised while connecting. */
export function toConnectError(error: unknown, server: ServerLabel): DoppelError {
  if (error instanceof DoppelError) return error;
  const at = `${server.host}:${server.port}`;
  const { name, message } = read(error);
  const cause = read(read(error).cause);
  const network = networkConnectError(readDriverError(cause).code, 'MongoDB', server, error);
  if (network !== undefined) return network;
  if (mongoErrorCode(error) === MONGO_CODES.authenticationFailed)
    return new DoppelError(
      'connection',
      `MongoDB at ${at} rejected the credentials of user "${server.user}".`,
      {
        cause: error,
      },
    );
  if (name === 'MongoServerSelectionError')
    return new DoppelError(
      'connection',
      `Cannot connect to MongoDB at ${at}: no server answered in time (${redactText(message ?? 'server selection failed')}).`,
      { cause: error },
    );
  return new DoppelError(
    'connection',
    `Cannot connect to MongoDB at ${at}: ${redactText(message ?? 'unknown error')}.`,
    {
      cause: error,
    },
  );
}

/** Maps an error raised by a command; `what` names the operation (`sampling shop.orders`). */
export function toQueryError(error: unknown, what: string, signal?: AbortSignal): DoppelError {
  if (error instanceof DoppelError) return error;
  if (signal?.aborted) return new DoppelError('cancelled', `Cancelled while ${what}.`, { cause: error });
  const { name, message } = read(error);
  const detail = redactText(message ?? 'unknown error');
  switch (mongoErrorCode(error)) {
    case MONGO_CODES.maxTimeExpired:
      return new DoppelError('refused', `MongoDB stopped ${what}: ${detail} (maxTimeMS).`, { cause: error });
    case MONGO_CODES.unauthorized:
      return new DoppelError('refused', `Permission denied while ${what}: ${detail}.`, { cause: error });
    default:
      break;
  }
  if (
    name === 'MongoNetworkError' ||
    name === 'MongoServerSelectionError' ||
    name === 'MongoTopologyClosedError'
  )
    return new DoppelError('connection', `The MongoDB connection was lost while ${what}.`, { cause: error });
  return new DoppelError('refused', `MongoDB refused ${what}: ${detail}.`, { cause: error });
}
