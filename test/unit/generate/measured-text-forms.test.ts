import { describe, expect, it } from 'vitest';
import { createGeneration } from '../../../src/generate/engine.js';
import { createPools } from '../../../src/generate/values/semantic/pools.js';
import { SEMANTIC_GENERATORS } from '../../../src/generate/values/semantic/semantic-generators.js';
import { StreamRandom } from '../../../src/shared/random.js';
import type { FieldTask } from '../../../src/tasks/types.js';
import { dataset, profileOf } from './shop-profile.js';

describe('text forms the profile measured', () => {
  it('keeps the empty text of a semantic field at its measured share (an unused second address line)', async () => {
    const address2: FieldTask = {
      name: 'address2',
      type: { logical: 'string', native: 'text' },
      nullable: true,
      generator: { kind: 'semantic', semantic: 'address.street', nulls: 0.02 },
      stats: { count: 1000, nulls: 0.02, empty: 0.882, length: { min: 0, p50: 0, max: 20 } },
    };
    const generation = createGeneration(profileOf([dataset('public.address', 1000, [address2])]), {
      seed: 2,
    });
    const values: unknown[] = [];
    for await (const batch of generation.batches('public.address'))
      values.push(...batch.map((row) => row.address2));
    const share = (test: (value: unknown) => boolean) => values.filter(test).length / values.length;
    expect(share((value) => value === null)).toBeCloseTo(0.02, 2);
    // 0.882 of all rows: 0.9 of the non-null ones.
    expect(share((value) => value === '')).toBeCloseTo(0.882, 2);
    expect(share((value) => typeof value === 'string' && value.length > 0)).toBeGreaterThan(0.05);
  });

  it('writes whole postal addresses over two lines where they were measured so, else on one', async () => {
    const address = (lines: boolean): FieldTask => ({
      name: 'address',
      type: { logical: 'string', native: 'text' },
      nullable: false,
      semantic: { type: 'address.full', personal: true, confidence: 1, ...(lines ? { lines } : {}) },
      generator: { kind: 'semantic', semantic: 'address.full', unique: true },
      stats: { count: 500, nulls: 0, distinct: 500, unique: true, case: { mixed: 1 } },
    });
    const generate = async (lines: boolean) => {
      const generation = createGeneration(profileOf([dataset('public.customers', 500, [address(lines)])]), {
        seed: 3,
      });
      const values: string[] = [];
      for await (const batch of generation.batches('public.customers'))
        values.push(...batch.map((row) => String(row.address)));
      return values;
    };
    const lined = await generate(true);
    expect(new Set(lined).size).toBe(500);
    // Unique house numbers in no visible order (not 1, 2, 3, ...).
    const numbers = lined.map((value) => Number.parseInt(value, 10));
    expect(new Set(numbers).size).toBe(500);
    expect(numbers.slice(0, 10)).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const value of lined) expect(value).toMatch(/^\d+ [^\n,]+\n[^\n]+, ([A-Z]{2} )?[\dA-Z -]+$/);
    for (const value of await generate(false))
      expect(value).toMatch(/^\d+ [^\n,]+, [^\n]+, ([A-Z]{2} )?[\dA-Z -]+$/);
  });

  it('writes a password digest measured as hex at its length, and bcrypt otherwise', () => {
    const draw = (classes: string[], length: number) => {
      const generate = SEMANTIC_GENERATORS.password_hash({
        pools: createPools(1),
        stats: { count: 10, nulls: 0, classes, length: { min: length, p50: length, max: length } },
      });
      return generate(new StreamRandom(3).reset(1, 1), 1, false);
    };
    expect(draw(['digit', 'lower'], 40)).toMatch(/^[0-9a-f]{40}$/);
    expect(draw(['digit', 'upper'], 32)).toMatch(/^[0-9A-F]{32}$/);
    expect(draw(['digit', 'lower', 'punct', 'upper'], 60)).toMatch(/^\$2b\$10\$.{53}$/);
  });

  it("writes a categorical field's other values in the case styles left without the kept values'", async () => {
    const country: FieldTask = {
      name: 'country',
      type: { logical: 'string', native: 'text' },
      nullable: false,
      generator: {
        kind: 'categorical',
        weights: { USA: 0.2, UK: 0.1 },
        other: { share: 0.7, semantic: 'address.country' },
      },
      stats: { count: 1000, nulls: 0, distinct: 20, case: { upper: 0.3, title: 0.7 } },
    };
    const generation = createGeneration(profileOf([dataset('public.customers', 1000, [country])]), {
      seed: 4,
    });
    const others: string[] = [];
    for await (const batch of generation.batches('public.customers'))
      for (const row of batch)
        if (row.country !== 'USA' && row.country !== 'UK') others.push(String(row.country));
    expect(others.length).toBeGreaterThan(500);
    // Before, 30% of the invented countries came out upper case (LIECHTENSTEIN).
    expect(others.filter((value) => value === value.toUpperCase())).toEqual([]);
  });
});
