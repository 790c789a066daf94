import { describe, expect, it } from 'vitest';
import { createUniquePatternGenerator } from '../../../src/generate/values/unique-pattern.js';
import { StreamRandom } from '../../../src/shared/random.js';

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

  it('declines spaces smaller than the rows', () => {
    expect(createUniquePatternGenerator('Department [0-9]{1,2}', 101, 7)).toBeUndefined();
    expect(createUniquePatternGenerator('[A-C][0-9]', 31, 7)).toBeUndefined();
  });
});
