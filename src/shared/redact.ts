/**
 * Credentials never leave doppel: addresses are shown with the password as `***`, and any text that may
 * carry a driver's message is scrubbed of the secrets doppel knows about before it is printed or returned.
 *
 * One path: every address is parsed by `parseAddress`, which registers its password here before any text is
 * produced (also when `URL` cannot parse the address); `redactText` then removes every registered secret in
 * each form it may take (raw, decoded, percent-encoded), longest first, and only after that applies the
 * pattern for passwords in URLs nobody registered. The pattern runs last because it would cut a registered
 * password that contains `@` in two, leaving a part the exact match no longer finds.
 */

/**
 * `scheme://user:password@` in free text. The password runs to the last `@` of the token, so a raw `@`, `/`,
 * `:` or `?` inside it is covered; quotes end a token (JSON output).
 */
const URL_WITH_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s"'<>]*:)([^\s"'<>]*)(@)/gi;
const KEY_VALUE_PASSWORD = /\b(password|passwd|pwd)=([^\s&;"']+)/gi;
const MASK = '***';

/** Every form of every registered secret, longest first (so a longer form is replaced before its parts). */
let knownForms: string[] = [];
const knownSecrets = new Set<string>();

/** Secrets shorter than this are not scrubbed: they would mangle ordinary text. */
const MINIMUM_SECRET_LENGTH = 3;

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The password as the URL standard writes it into the userinfo of an address. */
function encodeAsUserinfo(secret: string): string {
  try {
    const url = new URL('x://host');
    url.password = secret;
    return url.password;
  } catch {
    return secret;
  }
}

/** Registers a secret (a password from a URL or an environment variable) to be scrubbed from all output. */
export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < MINIMUM_SECRET_LENGTH || knownSecrets.has(secret)) return;
  knownSecrets.add(secret);
  const decoded = decodeSafely(secret);
  const forms = new Set(knownForms);
  for (const plain of [secret, decoded])
    for (const form of [plain, encodeURIComponent(plain), encodeAsUserinfo(plain)])
      if (form.length >= MINIMUM_SECRET_LENGTH) forms.add(form);
  knownForms = [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Where the password of an address sits: after the first `:` of the userinfo, which runs from `://` to the
 * last `@` of the address. Lenient on purpose: it also finds passwords that make `URL` fail (a raw `/`,
 * `#`, `?`, space or `%ZZ`), at the price of masking too much in odd addresses, never too little.
 */
function locatePassword(address: string): { start: number; end: number } | undefined {
  const schemeEnd = address.indexOf('://');
  if (schemeEnd < 0) return undefined;
  const authorityStart = schemeEnd + 3;
  const token = address.slice(authorityStart);
  const at = token.lastIndexOf('@');
  if (at < 0) return undefined;
  const colon = token.slice(0, at).indexOf(':');
  if (colon < 0) return undefined;
  return { start: authorityStart + colon + 1, end: authorityStart + at };
}

/** Registers the password an address carries (raw, and as `URL` reads it), before anything prints it. */
export function registerAddressSecrets(address: string): void {
  const place = locatePassword(address);
  if (place !== undefined) registerSecret(address.slice(place.start, place.end));
  try {
    const password = new URL(address).password;
    if (password) registerSecret(password);
  } catch {
    // The lenient reading above covers addresses `URL` cannot parse.
  }
}

/** Returns `address` (one address, not free text) with its password replaced by `***`. */
export function maskAddressPassword(address: string): string {
  const place = locatePassword(address);
  if (place === undefined || place.start === place.end) return redactText(address);
  return redactText(`${address.slice(0, place.start)}${MASK}${address.slice(place.end)}`);
}

/** Replaces passwords in URLs and `password=` pairs found in free text by `***` (pattern only). */
export function redactUrl(text: string): string {
  return text.replace(URL_WITH_PASSWORD, `$1${MASK}$3`).replace(KEY_VALUE_PASSWORD, `$1=${MASK}`);
}

/** Scrubs every registered secret (each form, longest first), then passwords in URLs and `password=` pairs. */
export function redactText(text: string): string {
  let result = text;
  for (const form of knownForms) if (result.includes(form)) result = result.split(form).join(MASK);
  return redactUrl(result);
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

/** A `JSON.stringify` replacer that scrubs every string value (so escaping cannot hide a secret). */
export function redactJsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? redactText(value) : value;
}
