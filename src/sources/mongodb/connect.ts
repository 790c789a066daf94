/**
 * Opens a `MongoClient` for doppel: secondary-preferred reads (sources) unless the address names a read preference,
 * short server selection, `appName=doppel`, and the server's version read once (`buildInfo`, naming a
 * wire-protocol server such as FerretDB when it says so). The driver is imported here only, when first used.
 */
import type { MongoClient, MongoClientOptions } from 'mongodb';
import { DoppelError } from '../../shared/errors.js';
import type { ServerLabel } from '../driver-errors.js';
import { toConnectError } from './errors.js';

export interface MongoConnection {
  readonly client: MongoClient;
  readonly server: ServerLabel;
  /** Database named in the address, or '' when none. */
  readonly database: string;
  /** Server version (`7.0.4`, or `7.0.42 (FerretDB v1.24.2)`). */
  readonly version: string;
  close(): Promise<void>;
}

export interface MongoConnectOptions {
  /** Default per-operation time limit, milliseconds (maxTimeMS). */
  readonly operationTimeoutMs?: number;
  /** False: refuse address options that read this machine's files (certificates, key files). */
  readonly environmentDefaults?: boolean;
  /** A target: writes go to the primary, so no secondary-preferred default. */
  readonly writable?: boolean;
}

const FILE_OPTIONS = [
  'tlsCAFile',
  'tlsCertificateKeyFile',
  'tlsCertificateFile',
  'tlsCRLFile',
  'sslCA',
  'sslPEMKeyFile',
];

/** Where a MongoDB address points, for messages: host list, user and database; never a password. */
export function describeMongoServer(url: string): ServerLabel {
  const match = /^mongodb(?:\+srv)?:\/\/(?:([^@/]*)@)?([^/?]*)(?:\/([^?]*))?/i.exec(url.trim());
  const user = match?.[1]?.split(':')[0] ?? '';
  const hosts = match?.[2] ?? '';
  const single = hosts.includes(',') ? null : /^(.*?)(?::(\d+))?$/.exec(hosts);
  return {
    host: single?.[1] || hosts || 'localhost',
    port: single === null ? '' : (single[2] ?? '27017'),
    user: safeDecode(user),
    database: safeDecode(match?.[3] ?? ''),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export async function connectMongo(url: string, options: MongoConnectOptions = {}): Promise<MongoConnection> {
  const server = describeMongoServer(url);
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  if (options.environmentDefaults === false)
    for (const name of FILE_OPTIONS)
      if ([...params.keys()].some((key) => key.toLowerCase() === name.toLowerCase()))
        throw new DoppelError(
          'usage',
          `The MongoDB address option ${name} names a file on this machine, which a request may not use.`,
        );
  const { MongoClient } = await import('mongodb');
  const settings: MongoClientOptions = {
    appName: 'doppel',
    serverSelectionTimeoutMS: 10_000,
    connectTimeoutMS: 10_000,
    ...(options.writable === true || [...params.keys()].some((key) => key.toLowerCase() === 'readpreference')
      ? {}
      : { readPreference: 'secondaryPreferred' as const }),
  };
  let client: MongoClient;
  try {
    client = new MongoClient(url, settings);
    await client.connect();
  } catch (error) {
    throw toConnectError(error, server);
  }
  let version = 'unknown';
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    version = String(info.version ?? 'unknown');
    if (typeof info.ferretdbVersion === 'string') version += ` (FerretDB ${info.ferretdbVersion})`;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw toConnectError(error, server);
  }
  return {
    client,
    server,
    database: server.database,
    version,
    close: () => client.close(),
  };
}
