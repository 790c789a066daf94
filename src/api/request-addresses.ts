/**
 * What a source or target named in a request may be. In order: a configured connection by name (targets
 * only when it is `writable`); `pglite:memory` (targets only: as a source it is empty); a `pglite:<dir>` or a directory inside the output root
 * (paths relative to it, symbolic links followed and kept inside); a database address of the request's own
 * only when the service allows ad-hoc addresses, and then connected without any environment defaults, so
 * the service's own credentials never go to a host a caller picked.
 */
import { type Address, displayAddress, parseAddress } from '../shared/address.js';
import { DoppelError } from '../shared/errors.js';
import {
  REGISTRY_ENV,
  type RegistrySettings,
  resolveRegistrySettings,
} from '../sources/registry/registry-settings.js';
import { resolveInside } from './contained-path.js';
import type { ServiceSettings } from './settings.js';

export interface RequestAddress {
  readonly address: Address;
  /** How parameters show it: a connection by name, a path as the request gave it, an address masked. */
  readonly shown: string;
  /** False for ad-hoc addresses: see `ConnectOptions.environmentDefaults`. */
  readonly environmentDefaults: boolean;
}

type Role = 'source' | 'target';

const OUTPUT_ROOT = 'output root';

/** Resolves the request field `field` as a source (`role` source) or a target. */
export async function resolveRequestAddress(
  settings: ServiceSettings,
  text: string,
  field: string,
  role: Role,
): Promise<RequestAddress> {
  const named = settings.connections.get(text.trim());
  if (named !== undefined) {
    if (role === 'target' && !named.writable)
      throw new DoppelError(
        'refused',
        `The connection "${named.name}" is read-only here; set writable: true for it in serve.connections to generate into it.`,
      );
    return { address: named.address, shown: named.name, environmentDefaults: true };
  }
  const address = parseAddress(text);
  switch (address.kind) {
    case 'stdout':
      throw new DoppelError('usage', `The request field "${field}" cannot be "-" (standard output).`);
    case 'file': {
      if (role === 'source')
        throw new DoppelError(
          'usage',
          `The request field "${field}" names no connection of this service${listConnections(settings)}.`,
        );
      const path = await resolveInside(requireOutputRoot(settings, field), address.path, OUTPUT_ROOT);
      return { address: { kind: 'file', path }, shown: address.path, environmentDefaults: false };
    }
    case 'pglite': {
      if (address.dir === null) {
        // A fresh in-memory database holds nothing to read, and starting one costs seconds of CPU outside the queue.
        if (role === 'source')
          throw new DoppelError(
            'usage',
            `The request field "${field}" cannot be pglite:memory: a new in-memory database is empty; name a connection or a pglite:<dir> folder.`,
          );
        return { address, shown: 'pglite:memory', environmentDefaults: false };
      }
      const dir = await resolveInside(requireOutputRoot(settings, field), address.dir, OUTPUT_ROOT);
      return { address: { kind: 'pglite', dir }, shown: `pglite:${address.dir}`, environmentDefaults: false };
    }
    default:
      if (!settings.adhocAddresses)
        throw new DoppelError(
          'usage',
          `The request field "${field}" must name a connection of this service${listConnections(settings)}; addresses of a request's own are turned off (serve.adhocAddresses).`,
        );
      return { address, shown: displayAddress(address), environmentDefaults: false };
  }
}

function requireOutputRoot(settings: ServiceSettings, field: string): string {
  if (settings.outputRoot === undefined)
    throw new DoppelError(
      'usage',
      `The request field "${field}" names a folder, but this service has no output root (serve.outputRoot).`,
    );
  return settings.outputRoot;
}

function listConnections(settings: ServiceSettings): string {
  const names = [...settings.connections.keys()];
  return names.length === 0 ? ' (it has none)' : ` (${names.join(', ')})`;
}

/**
 * The schema registry a request uses: the one it names in `field`, or the service's own
 * (`DOPPEL_REGISTRY_URL`). A registry other than the service's own needs `serve.adhocAddresses`, and is used
 * without credentials: the service's registry credentials go to its own registry only. `own` says whether
 * the credentials may be sent. Undefined when the request names none and the service has none.
 */
export function resolveRequestRegistry(
  named: string | undefined,
  field: string,
  settings: ServiceSettings,
  env: NodeJS.ProcessEnv,
): { readonly settings: RegistrySettings; readonly own: boolean } | undefined {
  const own = resolveRegistrySettings(undefined, env);
  if (named === undefined) return own === undefined ? undefined : { settings: own, own: true };
  const requested = resolveRegistrySettings(named, {})!; // an empty environment: no credentials
  if (own !== undefined && own.url === requested.url) return { settings: own, own: true };
  if (!settings.adhocAddresses)
    throw new DoppelError(
      'usage',
      `The request field "${field}" names a registry other than the service's own (${REGISTRY_ENV.url}); addresses of a request's own are turned off (serve.adhocAddresses).`,
    );
  return { settings: requested, own: false };
}
