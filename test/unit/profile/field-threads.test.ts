import { afterEach, describe, expect, it } from 'vitest';
import type { Field } from '../../../src/catalog/model.js';
import { profileThreads, splitFields } from '../../../src/profile/measure/field-threads.js';

const field = (name: string, logical: Field['type']['logical']): Field =>
  ({ name, type: { logical, native: logical }, nullable: true }) as Field;

afterEach(() => {
  delete process.env.DOPPEL_PROFILE_THREADS;
});

describe('sharing fields out between threads', () => {
  it('gives every field to exactly one thread, workers the leading columns near an even share', () => {
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
    // Two workers would each get too little: one does, with the columns up to the timestamp (it cuts each
    // line only that far); this thread keeps the rest of the line beside its own reading.
    expect(shares.map((share) => share.map((item) => item.name))).toEqual([
      ['tags', 'active'],
      ['id', 'email', 'name', 'created'],
    ]);
    // Many columns: several workers, each a run of columns in line order.
    const wide = Array.from({ length: 24 }, (_, index) => field(`c${index}`, 'decimal'));
    const [own, ...workers] = splitFields(wide, 3);
    expect(workers).toHaveLength(2);
    expect(workers.flat()).toEqual(wide.slice(0, workers.flat().length));
    expect(own!.length).toBeGreaterThan(0);
  });

  it('keeps one thread when a worker would get too little, and never uses more threads than fields', () => {
    const pair = [field('id', 'integer'), field('name', 'string')];
    expect(splitFields(pair, 4)).toEqual([pair]);
    expect(splitFields([field('id', 'integer')], 4)).toEqual([[field('id', 'integer')]]);
    const texts = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => field(name, 'string'));
    expect(splitFields(texts, 8)).toHaveLength(2);
    expect(splitFields(texts.slice(0, 4), 8)).toHaveLength(1);
  });

  it('leaves the fields this thread decodes anyway (key reservoirs) with this thread', () => {
    const fields = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => field(name, 'string'));
    const [own, ...workers] = splitFields(fields, 2, new Set(['f', 'g']));
    expect(workers).toHaveLength(1);
    expect(own!.map((item) => item.name)).toEqual(expect.arrayContaining(['f', 'g']));
    expect(workers.flat().map((item) => item.name)).not.toContain('f');
  });
});

describe('threads for a full scan', () => {
  const narrow = ['id', 'email', 'name', 'city', 'country'].map((name) =>
    field(name, name === 'id' ? 'integer' : 'string'),
  );
  const wide = Array.from({ length: 20 }, (_, index) => field(`c${index}`, 'decimal'));

  it('uses this thread alone for small or unknown tables, one per core (four at most) for large ones', () => {
    expect(profileThreads(1000, wide, 8)).toBe(1);
    expect(profileThreads(null, wide, 8)).toBe(1);
    expect(profileThreads(5_000_000, narrow, 8)).toBe(4);
    expect(profileThreads(5_000_000, narrow, 3)).toBe(3);
    process.env.DOPPEL_PROFILE_THREADS = '3';
    expect(profileThreads(5_000_000, narrow, 2)).toBe(3);
  });

  it('keeps a narrow table on one thread on two cores, and gives a wide one a worker', () => {
    expect(profileThreads(5_000_000, narrow, 2)).toBe(1);
    expect(profileThreads(5_000_000, narrow, 1)).toBe(1);
    expect(profileThreads(5_000_000, wide, 2)).toBe(2);
  });

  it('refuses a thread count that is not a whole number of 1 or more', () => {
    process.env.DOPPEL_PROFILE_THREADS = 'two';
    expect(() => profileThreads(5_000_000, narrow)).toThrow(/DOPPEL_PROFILE_THREADS=two/);
  });
});
