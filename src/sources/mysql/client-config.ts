/**
 * The `mysql2` connection settings for a `mysql://` (or `mariadb://`) address, and the label messages may
 * show. Every setting comes from the address itself (mysql2 reads no environment variables or option files),
 * so an address from a request to the service can never borrow this process's credentials; address
 * parameters are not accepted (they could name local files or sockets).
 */
import type { ConnectionOptions } from 'mysql2';
import { DoppelError } from '../../shared/errors.js';
import type { ServerLabel } from '../driver-errors.js';

const DEFAULT_PORT = 3306;
const DEFAULT_USER = 'root';

export interface MysqlClientSettings {
  /** Host, port, user, password and database for `mysql2`; the caller adds timeouts and value handling. */
  readonly config: Pick<ConnectionOptions, 'host' | 'port' | 'user' | 'password' | 'database'>;
  readonly server: ServerLabel;
}

/** Reads `url` into connection settings. */
export function resolveMysqlSettings(url: string): MysqlClientSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DoppelError('usage', 'The MySQL address is not a valid URL.');
  }
  const parameters = [...parsed.searchParams.keys()];
  if (parameters.length > 0)
    throw new DoppelError(
      'usage',
      `The MySQL address parameter "${parameters[0]}" is not supported (mysql:// addresses take user, password, host, port and database only).`,
    );
  const database = decodeLenient(parsed.pathname.replace(/^\//, ''));
  const user = decodeLenient(parsed.username) || DEFAULT_USER;
  const port = parsed.port === '' ? DEFAULT_PORT : Number(parsed.port);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  return {
    config: {
      host,
      port,
      user,
      ...(parsed.password !== '' ? { password: decodeLenient(parsed.password) } : {}),
      ...(database !== '' ? { database } : {}),
    },
    server: { host, port: String(port), user, database },
  };
}

function decodeLenient(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
