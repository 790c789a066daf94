/**
 * The `pg` client settings for an address, and the label messages may show. Two modes:
 *
 * - With environment defaults (the CLI, a configured connection): the address as libpq reads it, missing
 *   parts filled from `PGUSER`, `PGPASSWORD`, `PGHOST`, `~/.pgpass` and the rest, as people expect.
 * - Without (an address that arrived in a request to the service): every setting comes from the address
 *   alone and is handed to the driver explicitly, so the service's own credentials (`PGPASSWORD`, `PGUSER`,
 *   the password file) can never be sent to a host a caller names; options that make the driver read local
 *   files (`sslcert`, `sslkey`, `sslrootcert`) or use local sockets are refused.
 */
import { userInfo } from 'node:os';
import type pg from 'pg';
import { parse } from 'pg-connection-string';
import { DoppelError } from '../../shared/errors.js';
import type { ServerLabel } from '../driver-errors.js';

const DEFAULT_PORT = '5432';
/** Used when an address without environment defaults names no user (what PGlite and most servers have). */
const DEFAULT_USER = 'postgres';
/** Address parameters that make the driver read a file on this machine. */
const FILE_PARAMETERS = ['sslcert', 'sslkey', 'sslrootcert', 'sslcrl', 'passfile', 'service'];

export interface ClientSettings {
  /** Everything `pg.Client` needs except the type parsers and timeouts. */
  readonly config: pg.ClientConfig;
  readonly server: ServerLabel;
}

/**
 * Reads `url` into client settings. `environmentDefaults: false` is for addresses from requests: nothing is
 * taken from this process's environment or files.
 */
export function resolveClientSettings(
  url: string,
  environmentDefaults: boolean,
  env: NodeJS.ProcessEnv = process.env,
): ClientSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DoppelError('usage', 'The PostgreSQL address is not a valid URL.');
  }
  if (environmentDefaults) {
    const user = decodeLenient(parsed.username) || env.PGUSER || systemUser();
    return {
      config: { connectionString: url },
      server: {
        host: parsed.hostname || env.PGHOST || 'localhost',
        port: parsed.port || env.PGPORT || DEFAULT_PORT,
        user,
        database: decodeLenient(parsed.pathname.replace(/^\//, '')) || env.PGDATABASE || user,
      },
    };
  }
  for (const name of FILE_PARAMETERS)
    if (parsed.searchParams.has(name))
      throw new DoppelError(
        'usage',
        `The address parameter "${name}" is not accepted here (it names a local file).`,
      );
  const options = parse(url);
  const host = options.host ?? '';
  if (host === '' || host.startsWith('/'))
    throw new DoppelError(
      'usage',
      'The PostgreSQL address must name a host (local sockets are not accepted here).',
    );
  const user = options.user || DEFAULT_USER;
  const database = options.database || user;
  const password = options.password ?? '';
  const port = options.port || DEFAULT_PORT;
  return {
    config: {
      host,
      port: Number(port),
      user,
      database,
      // A function, so that the driver neither falls back to PGPASSWORD for an empty password nor reads
      // the password file (it does both for a missing or empty string).
      password: () => password,
      ssl: toSsl(options.ssl),
      ...(options.application_name ? { application_name: options.application_name } : {}),
    },
    server: { host, port, user, database },
  };
}

/** `sslmode` as the driver takes it, never left undefined (the driver would read PGSSLMODE). */
function toSsl(ssl: unknown): pg.ClientConfig['ssl'] {
  if (ssl === undefined || ssl === null || ssl === false) return false;
  if (typeof ssl === 'object') return ssl as pg.ClientConfig['ssl'];
  return true;
}

function decodeLenient(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function systemUser(): string {
  try {
    return userInfo().username;
  } catch {
    return DEFAULT_USER;
  }
}
