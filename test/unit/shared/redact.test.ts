/** Credentials never leave doppel: URL passwords, `password=` pairs and registered secrets are scrubbed. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/shared/log.js';
import {
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
