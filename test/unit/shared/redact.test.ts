/** Credentials never leave doppel: URL passwords, `password=` pairs and registered secrets are scrubbed. */
import { describe, expect, it } from 'vitest';
import { displayAddress, parseAddress } from '../../../src/shared/address.js';
import { DoppelError } from '../../../src/shared/errors.js';
import { createLogger } from '../../../src/shared/log.js';
import {
  redactJsonValue,
  redactText,
  redactUrl,
  registerEnvironmentSecrets,
  registerSecret,
} from '../../../src/shared/redact.js';

describe('redaction', () => {
  it('hides URL passwords and key=value passwords', () => {
    expect(redactUrl('postgres://reader:s3cret@db:5432/app')).toBe('postgres://reader:***@db:5432/app');
    expect(redactUrl('host=db password=s3cret user=reader')).toBe('host=db password=*** user=reader');
    expect(redactUrl('postgres://reader@db/app')).toBe('postgres://reader@db/app');
  });

  it('scrubs registered secrets, raw and URL-encoded, from free text', () => {
    registerSecret('p@ss w0rd!');
    expect(redactText('auth failed for p@ss w0rd! and p%40ss%20w0rd!')).toBe('auth failed for *** and ***');
  });

  it("scrubs the drivers' password variables once registered", () => {
    registerEnvironmentSecrets({ PGPASSWORD: 'pg-env-secret', MYSQL_PWD: 'my-env-secret' });
    expect(redactText('pg-env-secret / my-env-secret')).toBe('*** / ***');
  });

  it('ignores secrets too short to scrub safely', () => {
    registerSecret('ab');
    expect(redactText('ab cab')).toBe('ab cab');
  });

  it('scrubs log lines', () => {
    registerSecret('log-secret-123');
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    log.info('using log-secret-123');
    log.debug('url postgres://u:zz9@h/db');
    expect(lines).toEqual(['using ***', 'debug: url postgres://u:***@h/db']);
  });
});

/** Passwords with every character that breaks naive redaction; each half is a token no output may carry. */
const HOSTILE = [
  'Kq7w@Zr8t',
  'Kq7w/Zr8t',
  'Kq7w:Zr8t',
  'Kq7w%ZZr8t',
  'Kq7w#Zr8t',
  'Kq7w?Zr8t',
  'Kq7w Zr8t',
  'Kq7wäZr8t✓',
];

describe('one redaction path for hostile passwords', () => {
  it.each(HOSTILE)('%j: raw or encoded, parsed or not, never printed', (password) => {
    for (const written of [password, encodeURIComponent(password)]) {
      const address = `postgres://reader:${written}@db.internal:5432/shop`;
      let shown: string;
      try {
        shown = displayAddress(parseAddress(address));
      } catch (error) {
        expect(error).toBeInstanceOf(DoppelError);
        expect((error as DoppelError).kind).toBe('usage');
        shown = (error as Error).message;
      }
      const texts = [
        shown,
        redactText(`failed: ${address}`),
        redactText(JSON.stringify({ target: address })),
        JSON.stringify({ target: address }, redactJsonValue),
      ];
      for (const text of texts) {
        expect(text).not.toContain('Kq7w');
        expect(text).not.toContain('Zr8t');
      }
    }
  });

  it('runs the exact match before the pattern, so a password with @ is not cut in two', () => {
    registerSecret('Ab1@Cd2');
    expect(redactText('postgres://u:Ab1@Cd2@h/db')).toBe('postgres://u:***@h/db');
  });

  it('masks a parsed address precisely', () => {
    expect(displayAddress(parseAddress('postgres://u:p%40ss@h:5432/db'))).toBe('postgres://u:***@h:5432/db');
    expect(displayAddress(parseAddress('postgres://u@h/db'))).toBe('postgres://u@h/db');
  });
});
