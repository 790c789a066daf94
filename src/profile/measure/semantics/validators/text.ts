/** Validators for text shapes: free text, JSON documents, usernames, password hashes. */

/** Prose: at least five words, 25+ characters, mostly letters. */
export function isFreeText(value: string): boolean {
  if (value.length < 25) return false;
  let words = 1;
  let letters = 0;
  let visible = 0;
  let previousSpace = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const space = code === 32 || code === 10 || code === 9 || code === 13;
    if (space) {
      if (!previousSpace) words++;
    } else {
      visible++;
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127) letters++;
    }
    previousSpace = space;
  }
  return words >= 5 && letters >= 0.6 * visible && value[0] !== '{' && value[0] !== '[';
}

/** Two or more words: text only if the field name says so. */
export function isShortText(value: string): boolean {
  return value.includes(' ') && /\p{L}/u.test(value);
}

/** A JSON object or array (scalars do not count: any number would). */
export function isJsonDocument(value: string): boolean {
  const first = value[0];
  const last = value[value.length - 1];
  if (!((first === '{' && last === '}') || (first === '[' && last === ']'))) return false;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;

/** A login handle: 3-32 letters, digits, dots, dashes, underscores, with a letter. A username only if the field name says so. */
export function isUsernameShape(value: string): boolean {
  return USERNAME.test(value) && /[A-Za-z]/.test(value);
}

const MODULAR_CRYPT = [
  /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/, // bcrypt
  /^\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/, // argon2
  /^\$[156]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}$/, // md5-crypt, sha256-crypt, sha512-crypt
  /^\$scrypt\$\S+\$\S+$/, // scrypt
  /^\$7\$[./A-Za-z0-9]{11,}\$[./A-Za-z0-9]{43}$/, // scrypt (libsodium)
  /^pbkdf2_sha(?:1|256|512)\$\d+\$[^$]+\$[A-Za-z0-9+/=]+$/, // Django PBKDF2
  /^\{(?:SSHA|SHA|SSHA256|SSHA512)\}[A-Za-z0-9+/=]+$/, // LDAP
];

/** A password hash in a self-describing format: bcrypt, argon2, sha-crypt, scrypt, PBKDF2, LDAP. */
export function isPasswordHash(value: string): boolean {
  if (value.length < 20) return false;
  const first = value[0];
  if (first !== '$' && first !== 'p' && first !== '{') return false;
  return MODULAR_CRYPT.some((format) => format.test(value));
}

/** A bare hex digest (MD5, SHA-1, SHA-256, SHA-512 lengths): a password hash only if the field name says so. */
export function isHexDigest(value: string): boolean {
  const length = value.length;
  return (length === 32 || length === 40 || length === 64 || length === 128) && /^[0-9a-fA-F]+$/.test(value);
}
