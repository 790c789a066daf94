/**
 * Where a schema registry is and how to authenticate to it: the URL from `--registry` (or
 * `DOPPEL_REGISTRY_URL`), credentials only from the environment (`DOPPEL_REGISTRY_USER` /
 * `DOPPEL_REGISTRY_PASSWORD` for basic auth, `DOPPEL_REGISTRY_TOKEN` for a bearer token). Secrets are
 * registered for scrubbing the moment they are read, so no message can print them.
 */
import { DoppelError } from '../../shared/errors.js';
import { redactUrl, registerSecret } from '../../shared/redact.js';

export const REGISTRY_ENV = {
  url: 'DOPPEL_REGISTRY_URL',
  user: 'DOPPEL_REGISTRY_USER',
  password: 'DOPPEL_REGISTRY_PASSWORD',
  token: 'DOPPEL_REGISTRY_TOKEN',
} as const;

export type RegistryAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string };

export interface RegistrySettings {
  /** The registry's base URL (`http(s)://host:port[/path]`), without credentials or a trailing slash. */
  readonly url: string;
  readonly auth?: RegistryAuth;
}

function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Registers the registry secrets found in `env` for scrubbing (called at start with the drivers' ones). */
export function registerRegistrySecrets(env: NodeJS.ProcessEnv = process.env): void {
  registerSecret(read(env, REGISTRY_ENV.password));
  registerSecret(read(env, REGISTRY_ENV.token));
}

/**
 * The registry at `url` (the flag's value; `DOPPEL_REGISTRY_URL` when absent), or undefined when neither is
 * set. A URL that is not plain http(s), or that carries credentials, is a usage error.
 */
export function resolveRegistrySettings(
  url: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): RegistrySettings | undefined {
  registerRegistrySecrets(env);
  const text = url ?? read(env, REGISTRY_ENV.url);
  if (text === undefined) return undefined;
  return { url: parseRegistryUrl(text), ...authFrom(env) };
}

function parseRegistryUrl(text: string): string {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    throw new DoppelError('usage', `The registry address ${redactUrl(text)} is not a valid URL.`);
  }
  if (parsed.password !== '') registerSecret(decodeURIComponent(parsed.password));
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new DoppelError(
      'usage',
      `The registry address ${redactUrl(text)} must start with http:// or https:// (registry+http:// addresses name a registry as a source).`,
    );
  if (parsed.username !== '' || parsed.password !== '')
    throw new DoppelError(
      'usage',
      `The registry address ${redactUrl(text)} carries credentials; give them in ${REGISTRY_ENV.user} and ${REGISTRY_ENV.password} (or ${REGISTRY_ENV.token}) instead.`,
    );
  if (parsed.search !== '' || parsed.hash !== '')
    throw new DoppelError(
      'usage',
      `The registry address ${text} has a query or fragment; give only its base URL.`,
    );
  return parsed.toString().replace(/\/+$/, '');
}

function authFrom(env: NodeJS.ProcessEnv): { auth?: RegistryAuth } {
  const token = read(env, REGISTRY_ENV.token);
  const username = read(env, REGISTRY_ENV.user);
  const password = read(env, REGISTRY_ENV.password);
  if (token !== undefined && username !== undefined)
    throw new DoppelError(
      'usage',
      `Both ${REGISTRY_ENV.token} and ${REGISTRY_ENV.user} are set; a registry takes one kind of credentials.`,
    );
  if (token !== undefined) return { auth: { kind: 'bearer', token } };
  if (username !== undefined) return { auth: { kind: 'basic', username, password: password ?? '' } };
  if (password !== undefined)
    throw new DoppelError('usage', `${REGISTRY_ENV.password} is set without ${REGISTRY_ENV.user}.`);
  return {};
}
