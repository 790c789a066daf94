/**
 * The service's security settings (`serve:` in doppel.yaml; flags and `DOPPEL_*` variables override, as for
 * every setting): API keys, allowed Host names, named connections, whether requests may name addresses of
 * their own, the output root, whether destructive requests are allowed, and CORS origins. Resolving them
 * reads the configuration and the environment once, at start; requests never change them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Address, parseAddress } from '../shared/address.js';
import { type Environment, getConfigValue, resolveSetting } from '../shared/config.js';
import { DoppelError } from '../shared/errors.js';
import { registerSecret } from '../shared/redact.js';

export interface ApiKey {
  /** Shown in logs (who called). */
  readonly name: string;
  /** Never shown; compared in constant time. */
  readonly secret: string;
}

/** A source or target the operator configured; requests refer to it by name. */
export interface NamedConnection {
  readonly name: string;
  readonly address: Address;
  /** Generate jobs may write into it (default: read only). */
  readonly writable: boolean;
}

export interface ServiceSettings {
  /** Without keys the service answers every caller, which `doppel serve` allows on loopback only. */
  readonly keys: readonly ApiKey[];
  /** Host header names accepted (lower case, no port). */
  readonly allowedHosts: readonly string[];
  readonly connections: ReadonlyMap<string, NamedConnection>;
  /** Requests may name database addresses of their own (connected without environment defaults). */
  readonly adhocAddresses: boolean;
  /** The folder file targets and `pglite:` folders of requests must lie in; none: both refused. */
  readonly outputRoot?: string;
  /** Truncating a target and overwriting a profile are allowed (each request must still ask explicitly). */
  readonly allowDestructive: boolean;
  /** Origins allowed to call from a browser (CORS); none: no CORS headers at all. */
  readonly corsOrigins: readonly string[];
}

export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  keys: [],
  allowedHosts: LOOPBACK_HOST_NAMES,
  connections: new Map(),
  adhocAddresses: false,
  allowDestructive: false,
  corsOrigins: [],
};

/** Flags of `doppel serve` that override the security settings. */
export interface ServiceFlags {
  readonly allowedHosts?: string;
  readonly adhocAddresses?: boolean;
  readonly outputRoot?: string;
  readonly allowDestructive?: boolean;
  readonly corsOrigins?: string;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
/** Keys shorter than this are refused: they can be guessed. */
export const MINIMUM_KEY_LENGTH = 16;

/** Reads the security settings: flag, then `DOPPEL_*` variable, then `serve.*` in the file, then default. */
export function resolveServiceSettings(
  flags: ServiceFlags,
  config: Readonly<Record<string, unknown>>,
  configPath: string,
  env: Environment = process.env,
): ServiceSettings {
  const where = (key: string) => `serve.${key} in ${configPath}`;
  const list = (key: string) => readList(getConfigValue(config, `serve.${key}`), where(key));
  const flag = (key: string) => readBoolean(getConfigValue(config, `serve.${key}`), where(key));
  const keys = resolveSetting(undefined, 'DOPPEL_API_KEYS', list('keys'), [], {
    env,
    parse: (text) => splitList(text),
  });
  const outputRoot = resolveSetting(
    flags.outputRoot,
    'DOPPEL_OUTPUT_ROOT',
    readString(getConfigValue(config, 'serve.outputRoot'), where('outputRoot')),
    undefined as string | undefined,
    { env },
  );
  const settings: ServiceSettings = {
    keys: keys.map((entry) => parseKey(entry, 'DOPPEL_API_KEYS or serve.keys')),
    allowedHosts: resolveSetting(
      flags.allowedHosts === undefined ? undefined : splitList(flags.allowedHosts),
      'DOPPEL_ALLOWED_HOSTS',
      list('allowedHosts'),
      LOOPBACK_HOST_NAMES,
      { env, parse: splitList },
    ).map(normalizeHostName),
    connections: readConnections(getConfigValue(config, 'serve.connections'), where('connections'), env),
    adhocAddresses: resolveSetting(
      flags.adhocAddresses,
      'DOPPEL_ADHOC_ADDRESSES',
      flag('adhocAddresses'),
      false,
      {
        env,
        parse: (text) => parseBoolean(text, 'DOPPEL_ADHOC_ADDRESSES'),
      },
    ),
    ...(outputRoot === undefined ? {} : { outputRoot: resolve(outputRoot) }),
    allowDestructive: resolveSetting(
      flags.allowDestructive,
      'DOPPEL_ALLOW_DESTRUCTIVE',
      flag('allowDestructive'),
      false,
      { env, parse: (text) => parseBoolean(text, 'DOPPEL_ALLOW_DESTRUCTIVE') },
    ),
    corsOrigins: resolveSetting(
      flags.corsOrigins === undefined ? undefined : splitList(flags.corsOrigins),
      'DOPPEL_CORS_ORIGINS',
      list('corsOrigins'),
      [],
      { env, parse: splitList },
    ),
  };
  for (const key of settings.keys) registerSecret(key.secret);
  return settings;
}

/** `name:secret`; the name is what logs show. */
export function parseKey(text: string, where: string): ApiKey {
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon).trim();
  const secret = colon < 0 ? '' : text.slice(colon + 1).trim();
  if (!NAME.test(name) || secret === '')
    throw new DoppelError(
      'usage',
      `An API key in ${where} must be written name:secret (the name in letters, digits, ".", "_", "-").`,
    );
  // A refused key is not registered: the message must read whole (and never quotes the key).
  if (secret.length < MINIMUM_KEY_LENGTH)
    throw new DoppelError(
      'usage',
      `The API key "${name}" in ${where} is shorter than ${MINIMUM_KEY_LENGTH} characters.`,
    );
  registerSecret(secret);
  return { name, secret };
}

/** A Host header or allowed host name without its port, in lower case (`[::1]:8080` → `::1`). */
export function normalizeHostName(text: string): string {
  const trimmed = text.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(trimmed);
  if (bracketed) return bracketed[1] ?? '';
  const colons = trimmed.split(':').length - 1;
  return colons === 1 ? trimmed.slice(0, trimmed.indexOf(':')) : trimmed;
}

function readConnections(value: unknown, where: string, env: Environment): Map<string, NamedConnection> {
  const connections = new Map<string, NamedConnection>();
  if (value === undefined || value === null) return connections;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new DoppelError(
      'invalidInput',
      `${where} must map connection names to { url, passwordEnv?, passwordFile?, writable? }.`,
    );
  for (const [name, entry] of Object.entries(value)) {
    const at = `${where}: ${name}`;
    if (!NAME.test(name))
      throw new DoppelError('invalidInput', `${at}: a connection name is letters, digits, ".", "_", "-".`);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new DoppelError('invalidInput', `${at} must be { url, passwordEnv?, passwordFile?, writable? }.`);
    const { url, passwordEnv, passwordFile, writable, ...unknown } = entry as Record<string, unknown>;
    const extra = Object.keys(unknown)[0];
    if (extra !== undefined) throw new DoppelError('invalidInput', `${at}: unknown setting "${extra}".`);
    if (typeof url !== 'string' || url.trim() === '')
      throw new DoppelError('invalidInput', `${at}: "url" must be a database address.`);
    const password = readPassword(passwordEnv, passwordFile, at, env);
    const address = parseAddress(password === undefined ? url : withPassword(url, password, at));
    if (address.kind === 'file' || address.kind === 'stdout')
      throw new DoppelError('invalidInput', `${at}: "url" must be a database address, not a path.`);
    connections.set(name, { name, address, writable: readBoolean(writable, `${at}.writable`) ?? false });
  }
  return connections;
}

function readPassword(variable: unknown, file: unknown, at: string, env: Environment): string | undefined {
  if (variable !== undefined && file !== undefined)
    throw new DoppelError('invalidInput', `${at}: give passwordEnv or passwordFile, not both.`);
  if (variable !== undefined) {
    const value = typeof variable === 'string' ? env[variable] : undefined;
    if (value === undefined || value === '')
      throw new DoppelError(
        'invalidInput',
        `${at}: the environment variable ${String(variable)} (passwordEnv) is not set.`,
      );
    registerSecret(value);
    return value;
  }
  if (file === undefined) return undefined;
  if (typeof file !== 'string') throw new DoppelError('invalidInput', `${at}: passwordFile must be a path.`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DoppelError(
      'invalidInput',
      `${at}: the password file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  const password = text.replace(/\r?\n$/, '');
  registerSecret(password);
  return password;
}

function withPassword(url: string, password: string, at: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = password;
    return parsed.toString();
  } catch {
    throw new DoppelError('invalidInput', `${at}: "url" is not a valid address.`);
  }
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function readList(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return splitList(value);
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw new DoppelError('invalidInput', `${where} must be a list of strings.`);
  return value as string[];
}

function readString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new DoppelError('invalidInput', `${where} must be a folder path.`);
  return value;
}

function readBoolean(value: unknown, where: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new DoppelError('invalidInput', `${where} must be true or false.`);
  return value;
}

function parseBoolean(text: string, where: string): boolean {
  const lower = text.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(lower)) return true;
  if (['false', '0', 'no'].includes(lower)) return false;
  throw new DoppelError('usage', `${where} must be true or false, not "${text}".`);
}
