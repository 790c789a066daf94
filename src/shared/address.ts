/**
 * Source and target addresses, one grammar for every command:
 * `postgres://` / `postgresql://`, `mysql://` (MySQL and MariaDB), `mongodb://` / `mongodb+srv://`,
 * `kafka://host:port[,host:port]/topic`, `registry+http(s)://host:port` (schema registry),
 * `pglite:memory` or `pglite:<dir>` (embedded PostgreSQL), a filesystem path for files, `-` for stdout.
 */
import { DoppelError } from './errors.js';
import { maskAddressPassword, redactText, registerAddressSecrets } from './redact.js';

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
  // Before any message can quote the address, even one `URL` cannot parse.
  registerAddressSecrets(trimmed);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new DoppelError(
      'usage',
      `The address ${redactText(maskAddressPassword(trimmed))} is not a valid URL (a password with @ / : ? # % or spaces must be percent-encoded).`,
    );
  }
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
      const topic = decodePart(url.pathname.replace(/^\//, ''));
      const brokers = url.host.split(',').filter((broker) => broker !== '');
      return topic === ''
        ? { kind: 'kafka', brokers, url: trimmed }
        : { kind: 'kafka', brokers, topic, url: trimmed };
    }
    case 'registry+http':
    case 'registry+https':
      return { kind: 'registry', url: trimmed.slice('registry+'.length) };
    case 'file':
      return { kind: 'file', path: decodePart(url.pathname) };
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
      return maskAddressPassword(address.url);
  }
}

/** A percent-encoded part of an address, decoded; malformed encoding is a usage error, not a crash. */
export function decodePart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new DoppelError('usage', `The address part "${redactText(text)}" has malformed percent-encoding.`);
  }
}

/** A display name for a source: its database name (first path segment), never its address. */
export function databaseNameOf(address: Address): string {
  if (address.kind === 'pglite') return 'pglite';
  if (!('url' in address)) return address.kind;
  try {
    const path = new URL(address.url).pathname.replace(/^\//, '').split('/')[0] ?? '';
    return decodePart(path) || address.kind;
  } catch {
    return address.kind;
  }
}
