import { describe, expect, it } from 'vitest';
import { StreamRandom } from '../../../src/generate/random.js';
import { createUniquePatternGenerator } from '../../../src/generate/unique-pattern.js';

describe('unique values inside a pattern', () => {
  it('gives every row a distinct value that matches the pattern and keeps its length', () => {
    const generate = createUniquePatternGenerator('SKU-0[0-9]{4}', 9000, 7)!;
    const random = new StreamRandom();
    const values = Array.from({ length: 9000 }, (_, i) => String(generate(random.reset(3, i), i)));
    expect(new Set(values).size).toBe(9000);
    expect(values.every((value) => /^SKU-0[0-9]{4}$/.test(value))).toBe(true);
  });

  it('declines variable-length patterns and spaces smaller than the rows', () => {
    expect(createUniquePatternGenerator('Department [0-9]{1,4}', 100, 7)).toBeUndefined();
    expect(createUniquePatternGenerator('[A-C][0-9]', 31, 7)).toBeUndefined();
  });
});
