import { afterEach, describe, expect, it } from 'vitest';
import type { Field } from '../../../src/catalog/model.js';
import { profileThreads, splitFields } from '../../../src/profile/measure/field-threads.js';

const field = (name: string, logical: Field['type']['logical']): Field =>
  ({ name, type: { logical, native: logical }, nullable: true }) as Field;

afterEach(() => {
  delete process.env.DOPPEL_PROFILE_THREADS;
});

describe('sharing fields out between threads', () => {
  it('gives every field to exactly one thread, the costly ones spread, this thread keeping less', () => {
    const fields = [
      field('id', 'integer'),
      field('email', 'string'),
      field('name', 'string'),
      field('created', 'timestamptz'),
      field('tags', 'json'),
      field('active', 'boolean'),
    ];
    const shares = splitFields(fields, 3);
    expect(
      shares
        .flat()
        .map((item) => item.name)
        .sort(),
    ).toEqual(fields.map((item) => item.name).sort());
    expect(shares).toHaveLength(3);
    // The JSON field (the costliest) goes to a worker: this thread starts with its own reading to do.
    expect(shares[0]!.map((item) => item.name)).not.toContain('tags');
  });

  it('uses no more threads than fields', () => {
    expect(splitFields([field('id', 'integer'), field('name', 'string')], 4)).toEqual([
      [field('id', 'integer')],
      [field('name', 'string')],
    ]);
    expect(splitFields([field('id', 'integer')], 4)).toEqual([[field('id', 'integer')]]);
    expect(splitFields([field('id', 'integer')], 1)).toEqual([[field('id', 'integer')]]);
  });
});

describe('threads for a full scan', () => {
  it('uses this thread alone for small or unknown tables, several for large ones', () => {
    expect(profileThreads(1000)).toBe(1);
    expect(profileThreads(null)).toBe(1);
    expect(profileThreads(5_000_000)).toBeGreaterThanOrEqual(1);
    process.env.DOPPEL_PROFILE_THREADS = '3';
    expect(profileThreads(5_000_000)).toBe(3);
  });

  it('refuses a thread count that is not a whole number of 1 or more', () => {
    process.env.DOPPEL_PROFILE_THREADS = 'two';
    expect(() => profileThreads(5_000_000)).toThrow(/DOPPEL_PROFILE_THREADS=two/);
  });
});
