/**
 * Credentials never leave doppel: addresses are shown with the password as `***`, and any text that may
 * carry a driver's message is scrubbed of the secrets doppel knows about before it is printed or returned.
 */
const URL_WITH_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/\s]*)(@)/gi;
const KEY_VALUE_PASSWORD = /\b(password|passwd|pwd)=([^\s&;]+)/gi;

const knownSecrets = new Set<string>();

/** Registers a secret (a password from a URL or an environment variable) to be scrubbed from all output. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 3) knownSecrets.add(secret);
}

/** Returns `address` with any password replaced by `***`. */
export function redactUrl(address: string): string {
  return address.replace(URL_WITH_PASSWORD, '$1***$3').replace(KEY_VALUE_PASSWORD, '$1=***');
}

/** Scrubs passwords in URLs, `password=` pairs and every registered secret from free text. */
export function redactText(text: string): string {
  let result = redactUrl(text);
  for (const secret of knownSecrets) {
    result = result.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) result = result.split(encoded).join('***');
  }
  return result;
}

/** Drivers' standard password variables and doppel's own: registered at start so that no message can echo them. */
const DRIVER_PASSWORD_VARIABLES = [
  'PGPASSWORD',
  'MYSQL_PWD',
  'DOPPEL_REGISTRY_PASSWORD',
  'DOPPEL_REGISTRY_TOKEN',
] as const;

/** Registers the password variables of the drivers doppel uses, as found in `env`. */
export function registerEnvironmentSecrets(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of DRIVER_PASSWORD_VARIABLES) registerSecret(env[name]);
}
