/** One address grammar for every command: each scheme, and clear errors for bad ones. */
import { describe, expect, it } from 'vitest';
import { displayAddress, parseAddress } from '../../../src/shared/address.js';
import { DoppelError } from '../../../src/shared/errors.js';
import { redactText } from '../../../src/shared/redact.js';

describe('parseAddress', () => {
  it.each([
    ['postgres://u@h:5432/db', { kind: 'postgres', url: 'postgres://u@h:5432/db' }],
    ['postgresql://u@h/db', { kind: 'postgres', url: 'postgresql://u@h/db' }],
    ['mysql://root@127.0.0.1:3306/shop', { kind: 'mysql', url: 'mysql://root@127.0.0.1:3306/shop' }],
    ['mariadb://root@h/shop', { kind: 'mysql', url: 'mariadb://root@h/shop' }],
    ['mongodb://h:27017/app', { kind: 'mongodb', url: 'mongodb://h:27017/app' }],
    [
      'mongodb+srv://cluster.example.com/app',
      { kind: 'mongodb', url: 'mongodb+srv://cluster.example.com/app' },
    ],
    ['registry+http://127.0.0.1:8081', { kind: 'registry', url: 'http://127.0.0.1:8081' }],
    ['registry+https://sr.example.com', { kind: 'registry', url: 'https://sr.example.com' }],
    ['pglite:memory', { kind: 'pglite', dir: null }],
    ['pglite:', { kind: 'pglite', dir: null }],
    ['pglite:./data/demo', { kind: 'pglite', dir: './data/demo' }],
    ['-', { kind: 'stdout' }],
    ['out/orders.csv', { kind: 'file', path: 'out/orders.csv' }],
    ['/tmp/x.parquet', { kind: 'file', path: '/tmp/x.parquet' }],
    ['file:///tmp/a%20b.jsonl', { kind: 'file', path: '/tmp/a b.jsonl' }],
    ['  postgres://h/db  ', { kind: 'postgres', url: 'postgres://h/db' }],
  ])('parses %s', (text, expected) => {
    expect(parseAddress(text)).toEqual(expected);
  });

  it('parses kafka brokers and topic', () => {
    expect(parseAddress('kafka://127.0.0.1:9092/orders')).toEqual({
      kind: 'kafka',
      brokers: ['127.0.0.1:9092'],
      topic: 'orders',
      url: 'kafka://127.0.0.1:9092/orders',
    });
    expect(parseAddress('kafka://127.0.0.1:9092')).toEqual({
      kind: 'kafka',
      brokers: ['127.0.0.1:9092'],
      url: 'kafka://127.0.0.1:9092',
    });
  });

  it.each([
    ['ftp://h/file', 'The address scheme "ftp:" is not supported'],
    ['http://h:8081', 'The address scheme "http:" is not supported'],
    ['redis://h', 'The address scheme "redis:" is not supported'],
    ['', 'An address is empty.'],
    ['   ', 'An address is empty.'],
    ['postgres://h:notaport/db', 'is not a valid URL'],
  ])('rejects %j as a usage error', (text, message) => {
    let caught: unknown;
    try {
      parseAddress(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DoppelError);
    expect((caught as DoppelError).kind).toBe('usage');
    expect((caught as DoppelError).exitCode).toBe(2);
    expect((caught as DoppelError).message).toContain(message);
  });

  it('never shows a password in an invalid-URL error', () => {
    expect(() => parseAddress('postgres://u:hunter22@h:x/db')).toThrow(/postgres:\/\/u:\*\*\*@h:x\/db/);
  });

  it('registers the password so that it is scrubbed from any later output', () => {
    parseAddress('mysql://app:pa%24%24word-777@db/shop');
    expect(redactText('driver said: Access denied (using password: pa$$word-777)')).not.toContain(
      'pa$$word-777',
    );
  });
});

describe('displayAddress', () => {
  it.each([
    ['postgres://reader:s3cret@db:5432/app', 'postgres://reader:***@db:5432/app'],
    ['mongodb://u:p4ss@h/app', 'mongodb://u:***@h/app'],
    ['pglite:memory', 'pglite:memory'],
    ['pglite:/var/demo', 'pglite:/var/demo'],
    ['-', '-'],
    ['out.csv', 'out.csv'],
    ['registry+https://u:k3y@sr.example.com', 'https://u:***@sr.example.com'],
  ])('shows %s as %s', (text, shown) => {
    expect(displayAddress(parseAddress(text))).toBe(shown);
  });
});
