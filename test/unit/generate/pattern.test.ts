import { describe, expect, it } from 'vitest';
import { compileSimplePattern, createPatternGenerator } from '../../../src/generate/values/pattern.js';
import { StreamRandom } from '../../../src/shared/random.js';

/** Draws `count` values of `pattern` from fresh streams. */
function drawValues(pattern: string, count: number, maxRepeat = 16): string[] {
  const generate = createPatternGenerator(pattern, maxRepeat);
  const random = new StreamRandom();
  return Array.from({ length: count }, (_, index) => generate(random.reset(0x5eed, index)));
}

const PROFILER_SHAPES = [
  'ORD-[0-9]{6}',
  'ACC1[0-9]{5,10}',
  '[A-Z]{3}-[0-9]{4}-[A-Z]{1,2}',
  '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}',
  '[A-Z][a-z]{2,9}[^0-9A-Za-z][0-9]{1,3}',
  '[a-z]{3,8}\\.[a-z]{2,5}@[a-z]{4}\\.com',
  '[A-Za-z\\u0080-\\uffff]{4,12}',
  '\\x41\\(B\\)[0-9]',
];

const HAND_WRITTEN = ['^C-[0-9]{4}[A-Z]$', '\\d{3}-\\w+', 'x?y*z+', '[^,]{2,}', 'a{2,}?b', '[-a]{3}[a-]'];

const NEEDS_RANDEXP = ['(ab|cd){2}', 'a.c', '(?:x|y)z', '\\bword'];

describe('pattern generator', () => {
  it('compiles profiler shapes and hand-written simple patterns without randexp', () => {
    for (const pattern of [...PROFILER_SHAPES, ...HAND_WRITTEN])
      expect(compileSimplePattern(pattern, 16), pattern).toBeDefined();
    for (const pattern of NEEDS_RANDEXP) expect(compileSimplePattern(pattern, 16), pattern).toBeUndefined();
  });

  it('produces only strings the pattern matches, simple or not', () => {
    for (const pattern of [...PROFILER_SHAPES, ...HAND_WRITTEN, ...NEEDS_RANDEXP]) {
      const whole = new RegExp(`^(?:${pattern.replace(/^\^|\$$/g, '')})$`);
      for (const value of drawValues(pattern, 300)) expect(value, pattern).toMatch(whole);
    }
  });

  it('never emits lone surrogates from wide classes', () => {
    for (const value of drawValues('[\\u0080-\\uffff]{8}', 500)) expect(value).not.toMatch(/[\uD800-\uDFFF]/);
  });

  it('caps unbounded repeats at min + maxRepeat', () => {
    const lengths = drawValues('a{2,}', 500, 5).map((value) => value.length);
    expect(Math.min(...lengths)).toBe(2);
    expect(Math.max(...lengths)).toBe(7);
  });

  it('covers every character of a class and every length of a range', () => {
    const values = drawValues('[A-C]{1,3}', 2000);
    expect(new Set(values.join(''))).toEqual(new Set(['A', 'B', 'C']));
    expect(new Set(values.map((value) => value.length))).toEqual(new Set([1, 2, 3]));
  });

  it('repeats for the same stream position', () => {
    expect(drawValues('[A-Z]{3}-[0-9]{4}', 50)).toEqual(drawValues('[A-Z]{3}-[0-9]{4}', 50));
  });

  it('rejects invalid expressions with a clear error', () => {
    expect(() => createPatternGenerator('[a-')).toThrow(/not a valid regular expression/);
  });
});
