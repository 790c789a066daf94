/**
 * Source and target addresses, one grammar for every command:
 * `postgres://` / `postgresql://`, `mysql://` (MySQL and MariaDB), `mongodb://` / `mongodb+srv://`,
 * `kafka://host:port[,host:port]/topic`, `registry+http(s)://host:port` (schema registry),
 * `pglite:memory` or `pglite:<dir>` (embedded PostgreSQL), a filesystem path for files, `-` for stdout.
 */
import { DoppelError } from './errors.js';
import { redactUrl, registerSecret } from './redact.js';

export type Address =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dir: string | null }
  | { readonly kind: 'mysql'; readonly url: string }
  | { readonly kind: 'mongodb'; readonly url: string }
  | {
      readonly kind: 'kafka';
      readonly brokers: readonly string[];
      readonly topic?: string;
      readonly url: string;
    }
  | { readonly kind: 'registry'; readonly url: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stdout' };

/** Parses an address; registers any password it carries so that it is scrubbed from all output. */
export function parseAddress(text: string): Address {
  const trimmed = text.trim();
  if (trimmed === '') throw new DoppelError('usage', 'An address is empty.');
  if (trimmed === '-') return { kind: 'stdout' };
  if (trimmed.startsWith('pglite:')) {
    const rest = trimmed.slice('pglite:'.length);
    return { kind: 'pglite', dir: rest === '' || rest === 'memory' ? null : rest };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'file', path: trimmed };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new DoppelError('usage', `The address ${redactUrl(trimmed)} is not a valid URL.`);
  }
  if (url.password) registerSecret(decodeURIComponent(url.password));
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return { kind: 'postgres', url: trimmed };
    case 'mysql':
    case 'mariadb':
      return { kind: 'mysql', url: trimmed };
    case 'mongodb':
    case 'mongodb+srv':
      return { kind: 'mongodb', url: trimmed };
    case 'kafka': {
      const topic = decodeURIComponent(url.pathname.replace(/^\//, ''));
      const brokers = url.host.split(',').filter((broker) => broker !== '');
      return topic === ''
        ? { kind: 'kafka', brokers, url: trimmed }
        : { kind: 'kafka', brokers, topic, url: trimmed };
    }
    case 'registry+http':
    case 'registry+https':
      return { kind: 'registry', url: trimmed.slice('registry+'.length) };
    case 'file':
      return { kind: 'file', path: decodeURIComponent(url.pathname) };
    default:
      throw new DoppelError(
        'usage',
        `The address scheme "${scheme}:" is not supported; use postgres://, mysql://, mongodb://, kafka://, registry+http(s)://, pglite:, a path, or -.`,
      );
  }
}

/** The address as it may be shown: passwords replaced by `***`. */
export function displayAddress(address: Address): string {
  switch (address.kind) {
    case 'pglite':
      return `pglite:${address.dir ?? 'memory'}`;
    case 'file':
      return address.path;
    case 'stdout':
      return '-';
    default:
      return redactUrl(address.url);
  }
}
