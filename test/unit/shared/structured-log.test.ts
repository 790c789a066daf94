/**
 * The structured log (pino): JSON lines with time, level, name and message; fields named like credentials
 * masked at any depth, registered secrets and passwords in addresses scrubbed from every string, escaping
 * included; levels below the threshold dropped.
 */
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../../src/shared/redact.js';
import { createStructuredLogger } from '../../../src/shared/structured-log.js';

describe('the structured log', () => {
  it('writes one scrubbed JSON object per line', () => {
    const lines: string[] = [];
    const log = createStructuredLogger({ level: 'info', write: (line) => lines.push(line) });
    registerSecret('reg"istered-sec\\ret');
    log.debug('dropped');
    log.info('connecting to postgres://app:plain-pw-1@db:5432/app', {
      req: { headers: { authorization: 'Bearer header-key-1', host: 'localhost' } },
      connection: { password: 'field-pw-1', nested: { apiKey: 'field-key-1', token: 'field-token-1' } },
      note: 'a value reg"istered-sec\\ret inside',
      list: ['mysql://u:list-pw-1@h/db'],
    });
    log.warn('plain');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({
      level: 'info',
      name: 'doppel',
      msg: 'connecting to postgres://app:***@db:5432/app',
      req: { headers: { authorization: '***', host: 'localhost' } },
      connection: { password: '***', nested: { apiKey: '***', token: '***' } },
      note: 'a value *** inside',
      list: ['mysql://u:***@h/db'],
    });
    expect(typeof first?.time).toBe('string');
    expect(second).toMatchObject({ level: 'warn', msg: 'plain' });
    const all = lines.join('');
    for (const secret of [
      'plain-pw-1',
      'header-key-1',
      'field-pw-1',
      'field-key-1',
      'field-token-1',
      'list-pw-1',
      'istered-sec',
    ])
      expect(all).not.toContain(secret);
  });
});
