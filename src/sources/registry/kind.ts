/**
 * A Confluent-compatible schema registry as a source kind (`registry+http://host:port`): subjects read as
 * datasets, no rows, nothing written (schemas are pushed with `doppel export`). Credentials come only from
 * the environment (`DOPPEL_REGISTRY_USER` / `DOPPEL_REGISTRY_PASSWORD`, or `DOPPEL_REGISTRY_TOKEN`); an
 * address carrying them is a usage error. Importing this module loads no client: the opener does.
 */
import type { Address } from '../../shared/address.js';
import {
  type Capabilities,
  type ConnectOptions,
  NO_TARGET_CAPABILITIES,
  type SourceKind,
} from '../contract.js';

export const REGISTRY_CAPABILITIES: Capabilities = {
  ...NO_TARGET_CAPABILITIES,
  samplingMethods: [],
  specialValues: [],
};

export const registryKind = {
  id: 'registry',
  displayName: 'Schema registry',
  addressKinds: ['registry'],
  schemes: ['registry+http://', 'registry+https://'],
  capabilities: REGISTRY_CAPABILITIES,
  async openSource(address: Address, options: ConnectOptions) {
    if (address.kind !== 'registry') throw new Error(`not a registry address: ${address.kind}`);
    const { resolveRegistrySettings } = await import('./registry-settings.js');
    const { openRegistrySource } = await import('./source-session.js');
    // A request to the service lends nothing from this process's environment (no credentials).
    const settings = resolveRegistrySettings(
      address.url,
      options.environmentDefaults === false ? {} : process.env,
    );
    return openRegistrySource(settings!, options);
  },
} as const satisfies SourceKind;
