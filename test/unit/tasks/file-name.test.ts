// Dataset file names: safe (no path separators, no hidden or reserved names, lowercase only, bounded length),
// collision-free even on case-insensitive file systems, and reversible.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  assignDatasetFileNames,
  datasetFileName,
  parseDatasetFileName,
} from '../../../src/tasks/file-name.js';

const SAFE = /^[a-z0-9_.~+-]+\.yaml$/;

function expectSafe(file: string): void {
  expect(file).toMatch(SAFE);
  expect(file.startsWith('.')).toBe(false);
  expect(file).not.toBe('plan.yaml');
  expect(file.length).toBeLessThanOrEqual(125);
}

describe('datasetFileName', () => {
  test('plain names stay readable; everything else is escaped', () => {
    expect(datasetFileName(undefined, 'public.orders')).toBe('public.orders.yaml');
    expect(datasetFileName('shop', 'public.orders')).toBe('shop+public.orders.yaml');
    expect(datasetFileName(undefined, 'Users')).toBe('~55sers.yaml');
    expect(datasetFileName(undefined, 'users')).toBe('users.yaml');
    expect(datasetFileName(undefined, '../etc/passwd')).toBe('~2e.~2fetc~2fpasswd.yaml');
    expect(datasetFileName(undefined, 'a"b\'c d')).toBe('a~22b~27c~20d.yaml');
    expect(datasetFileName(undefined, 'plan')).toBe('~70lan.yaml');
    expect(datasetFileName(undefined, 'con')).toBe('~63on.yaml');
    expect(datasetFileName(undefined, 'nul.backup')).toBe('~6eul.backup.yaml');
    expect(datasetFileName(undefined, '')).toBe('~_.yaml');
    expect(datasetFileName(undefined, 'café')).toBe('caf~u00e9.yaml');
    expect(datasetFileName(undefined, 'tab\there')).toBe('tab~09here.yaml');
    expect(datasetFileName('a+b', 'c')).toBe('a~2bb+c.yaml');
  });

  test('very long names are cut, end in a hash, and cannot be parsed back', () => {
    const long = 'x'.repeat(300);
    const file = datasetFileName('shop', long);
    expectSafe(file);
    expect(file).toMatch(/^shop\+x+~~[0-9a-f]{16}\.yaml$/);
    expect(datasetFileName('shop', `${long}y`)).not.toBe(file);
    expect(parseDatasetFileName(file)).toBeUndefined();
    const escaped = datasetFileName(undefined, 'É'.repeat(100));
    expectSafe(escaped);
    expect(escaped).toMatch(/^(~u00c9)+~~[0-9a-f]{16}\.yaml$/);
  });

  test('the source prefix is used only when a profile has several sources', () => {
    expect(
      assignDatasetFileNames([
        { source: 's', name: 'a' },
        { source: 's', name: 'b' },
      ]),
    ).toEqual(['a.yaml', 'b.yaml']);
    expect(
      assignDatasetFileNames([
        { source: 's', name: 'a' },
        { source: 't', name: 'a' },
      ]),
    ).toEqual(['s+a.yaml', 't+a.yaml']);
  });

  test('parseDatasetFileName reverses it and refuses names it would not produce', () => {
    expect(parseDatasetFileName('shop+public.orders.yaml')).toEqual({
      source: 'shop',
      name: 'public.orders',
    });
    expect(parseDatasetFileName('~55sers.yaml')).toEqual({ name: 'Users' });
    expect(parseDatasetFileName('Users.yaml')).toBeUndefined();
    expect(parseDatasetFileName('plan.yaml')).toBeUndefined();
    expect(parseDatasetFileName('a+b+c.yaml')).toBeUndefined();
    expect(parseDatasetFileName('a~zz.yaml')).toBeUndefined();
    expect(parseDatasetFileName('a~41.yaml')).toEqual({ name: 'aA' });
    expect(parseDatasetFileName('a~61.yaml')).toBeUndefined(); // `a` is never escaped
    expect(parseDatasetFileName('orders.yml')).toBeUndefined();
  });
});

describe('hostile names (property-based)', () => {
  const name = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({
      unit: fc.constantFrom('a', 'A', '.', '/', '\\', '+', '~', '_', '-', ' ', 'é', '\u0000', 'ß'),
      maxLength: 12,
    }),
    fc.constantFrom('plan', 'PLAN', '..', '.', 'con', 'CON', 'lpt1', 'a/../b', '~', '~41', '+', ''),
  );
  const source = fc.option(name, { nil: undefined });

  test('every file name is safe and parses back to its source and name', () => {
    fc.assert(
      fc.property(source, name, (s, n) => {
        const file = datasetFileName(s, n);
        expectSafe(file);
        const parsed = parseDatasetFileName(file);
        if (!file.includes('~~'))
          expect(parsed).toEqual(s === undefined ? { name: n } : { source: s, name: n });
      }),
      { numRuns: 5000 },
    );
  });

  test('distinct datasets never share a file name, not even ignoring case', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, name), { maxLength: 30, selector: ([s, n]) => `${s}\u0000${n}` }),
        (pairs) => {
          const files = assignDatasetFileNames(pairs.map(([s, n]) => ({ source: s, name: n })));
          expect(new Set(files.map((file) => file.toLowerCase())).size).toBe(files.length);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
