import { describe, expect, it } from 'vitest';
import { compileFieldValue } from '../../../src/generate/values/recipes.js';
import { createPoolRegistry } from '../../../src/generate/values/semantic/pools.js';
import { createUniquePatternGenerator } from '../../../src/generate/values/unique-pattern.js';
import { StreamRandom } from '../../../src/shared/random.js';
import type { FieldTask, LengthStats } from '../../../src/tasks/types.js';

/** Lengths of `Ada 1` .. `Ada 1200` (a name of two or three letters, a space, a counter), as profiled. */
const COUNTED_NAMES: LengthStats = { min: 4, p5: 5, p50: 6, p95: 7, max: 8 };

describe('unique values inside a pattern', () => {
  it('gives every row a distinct value that matches the pattern and keeps its length', () => {
    const generate = createUniquePatternGenerator('SKU-0[0-9]{4}', 9000, 7)!;
    const random = new StreamRandom();
    const values = Array.from({ length: 9000 }, (_, i) => String(generate(random.reset(3, i), i)));
    expect(new Set(values).size).toBe(9000);
    expect(values.every((value) => /^SKU-0[0-9]{4}$/.test(value))).toBe(true);
  });

  it('draws a variable-length head freely and enumerates the fixed-length tail', () => {
    const generate = createUniquePatternGenerator('\\+[0-9]{1,2} [0-9]{3} [0-9]{4}', 5000, 7)!;
    const random = new StreamRandom();
    const values = Array.from({ length: 5000 }, (_, i) => String(generate(random.reset(3, i), i)));
    expect(new Set(values).size).toBe(5000);
    expect(values.every((value) => /^\+[0-9]{1,2} [0-9]{3} [0-9]{4}$/.test(value))).toBe(true);
    expect(new Set(values.map((value) => value.length)).size).toBe(2);
  });

  it('numbers a variable-length last run without leading zeros', () => {
    const generate = createUniquePatternGenerator('Department [0-9]{1,4}', 5000, 7)!;
    const random = new StreamRandom();
    const values = Array.from({ length: 5000 }, (_, i) => String(generate(random.reset(3, i), i)));
    expect(new Set(values).size).toBe(5000);
    expect(values.every((value) => /^Department (0|[1-9][0-9]{0,3})$/.test(value))).toBe(true);
    const fourDigits = values.filter((value) => value.length === 'Department 1234'.length).length;
    expect(fourDigits / 5000).toBeGreaterThan(0.85);
  });

  it('numbers a variable-length last run only as far as the measured lengths reach', () => {
    const generate = createUniquePatternGenerator('[A-Z][a-z]{1,2} [0-9]{1,4}', 1200, 7, COUNTED_NAMES)!;
    const random = new StreamRandom();
    const values = Array.from({ length: 1200 }, (_, i) => String(generate(random.reset(3, i), i)));
    expect(new Set(values).size).toBe(1200);
    const numbers = values.map((value) => Number(value.split(' ')[1]));
    // Counted from the smallest numbers: 1,200 of them, not 1,200 of the 10,000 that [0-9]{1,4} holds.
    expect(Math.max(...numbers)).toBeLessThan(1200);
  });

  it("keeps unique values of blank-padded text in their pattern (Northwind's ALFKI, MySQL world's names)", () => {
    const cases = [
      { native: 'bpchar', pattern: '[A-Z]{5}', lengths: [5, 5], rows: 91 },
      { native: 'char(52)', length: 52, pattern: 'Country [0-9]{1,3}', lengths: [9, 11], rows: 239 },
    ];
    for (const { native, length, pattern, lengths, rows } of cases) {
      const field: FieldTask = {
        name: 'f',
        type: { logical: 'string', native, fixed_length: true, ...(length ? { length } : {}) },
        nullable: false,
        generator: {
          kind: 'pattern',
          pattern,
          length: { min: lengths[0]!, p5: lengths[0]!, p50: lengths[1]!, p95: lengths[1]!, max: lengths[1]! },
          unique: true,
        },
      };
      const context = { seed: 1, key: 5, rows, pools: createPoolRegistry(1), where: 't.f' };
      const generate = compileFieldValue(field, context, true);
      const random = new StreamRandom();
      const values = Array.from({ length: rows }, (_, i) => String(generate(random.reset(3, i), i)));
      expect(new Set(values).size).toBe(rows);
      for (const value of values) expect(value).toMatch(new RegExp(`^${pattern}$`));
    }
  });

  it('gives a unique pattern field the measured lengths (the free runs redrawn towards them)', () => {
    const field: FieldTask = {
      name: 'full_name',
      type: { logical: 'string', native: 'varchar(100)', length: 100 },
      nullable: false,
      generator: {
        kind: 'pattern',
        pattern: '[A-Z][a-z]{1,2} [0-9]{1,4}',
        length: COUNTED_NAMES,
        unique: true,
      },
    };
    const context = { seed: 1, key: 11, rows: 1200, pools: createPoolRegistry(1), where: 't.full_name' };
    const value = compileFieldValue(field, context, true);
    const random = new StreamRandom();
    const values = Array.from({ length: 1200 }, (_, i) => String(value(random.reset(5, i), i)));
    expect(new Set(values).size).toBe(1200);
    const lengths = values.map((text) => text.length).sort((a, b) => a - b);
    // The profiled source: median 6, 95th percentile 7 (before, mostly 7 and 8: four-digit numbers).
    expect(lengths[600]).toBe(6);
    expect(lengths[1140]).toBeLessThanOrEqual(7);
  });

  it('declines spaces smaller than the rows', () => {
    expect(createUniquePatternGenerator('Department [0-9]{1,2}', 101, 7)).toBeUndefined();
    expect(createUniquePatternGenerator('[A-C][0-9]', 31, 7)).toBeUndefined();
  });
});
