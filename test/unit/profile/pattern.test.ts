import { describe, expect, it } from 'vitest';
import { characterClasses, PatternSketch } from '../../../src/profile/measure/pattern/pattern-sketch.js';
import {
  coarsenTokens,
  createTokenBuffer,
  type TokenBuffer,
  tokenize,
} from '../../../src/profile/measure/pattern/tokens.js';
import { createSequence } from './sketches/random-data.js';

const random = createSequence(42);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
const letters = (n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') =>
  Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const hex = (n: number) => letters(n, '0123456789abcdef');

function inferFrom(values: readonly string[], k = 10, options?: { maxShapes?: number }) {
  const sketch = new PatternSketch(options);
  for (const value of values) sketch.add(value);
  return sketch.infer(k);
}

/** The share of values the regex matches in full: never less than the reported coverage. */
function matchedShare(regex: string, values: readonly string[]): number {
  const whole = new RegExp(`^(?:${regex})$`);
  return values.filter((value) => whole.test(value)).length / values.length;
}

describe('PatternSketch', () => {
  it('infers order numbers with a shared literal prefix', () => {
    const values = Array.from({ length: 500 }, () => `ORD-${digits(6)}`);
    const pattern = inferFrom(values);
    expect(pattern).toEqual({ regex: 'ORD-[0-9]{6}', coverage: 1 });
  });

  it('keeps a prefix that ends inside a run and generalises varying lengths', () => {
    const values = Array.from({ length: 600 }, (_, i) => `ACC1${digits(5 + (i % 6))}`);
    expect(inferFrom(values)).toEqual({ regex: 'ACC1[0-9]{5,10}', coverage: 1 });
  });

  it('infers SKUs with varying codes and sizes', () => {
    const sizes = ['S', 'M', 'L', 'XL'];
    const values = Array.from({ length: 400 }, (_, i) => `${letters(3)}-${digits(4)}-${sizes[i % 4]}`);
    const pattern = inferFrom(values)!;
    expect(pattern.regex).toBe('[A-Z]{3}-[0-9]{4}-[A-Z]{1,2}');
    expect(matchedShare(pattern.regex, values)).toBe(1);
  });

  it('infers phone shapes, escaping punctuation', () => {
    const values = Array.from({ length: 300 }, () => `+1 (${digits(3)}) ${digits(3)}-${digits(4)}`);
    const pattern = inferFrom(values)!;
    expect(pattern.regex).toBe('\\+1 \\([0-9]{3}\\) [0-9]{3}-[0-9]{4}');
    expect(matchedShare(pattern.regex, values)).toBe(1);
  });

  it('generalises hex identifiers at the coarse granularity', () => {
    const values = Array.from({ length: 300 }, () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`);
    const pattern = inferFrom(values)!;
    expect(pattern.regex).toBe('[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}');
    expect(pattern.coverage).toBe(1);
  });

  it('reports the dominant shape of mixed values with its coverage', () => {
    const values = [
      ...Array.from({ length: 700 }, () => `INV-${digits(5)}`),
      ...Array.from({ length: 300 }, () => `${digits(3)}/${letters(2)}`),
    ];
    const pattern = inferFrom(values)!;
    expect(pattern).toEqual({ regex: 'INV-[0-9]{5}', coverage: 0.7 });
    expect(matchedShare(pattern.regex, values)).toBeGreaterThanOrEqual(pattern.coverage);
  });

  it('returns undefined for free text', () => {
    const words = 'the a quick brown fox jumps over lazy dog and then sleeps, quietly!'.split(' ');
    const values = Array.from({ length: 500 }, () =>
      Array.from(
        { length: 3 + Math.floor(random() * 12) },
        () => words[Math.floor(random() * words.length)],
      ).join(' '),
    );
    expect(inferFrom(values)).toBeUndefined();
  });

  it('generalises literals shared by fewer than k values (privacy)', () => {
    const few = ['SECRET-17', 'SECRET-42', 'SECRET-99'];
    const pattern = inferFrom(few, 10)!;
    expect(pattern.regex).not.toContain('SECRET');
    expect(pattern.regex).toBe('[A-Z]{6}[^0-9A-Za-z][0-9]{2}');
    expect(matchedShare(pattern.regex, few)).toBe(1);
    // With k met, the same values keep their literal.
    expect(inferFrom(few, 3)!.regex).toBe('SECRET-[0-9]{2}');
  });

  it('never keeps a rare prefix inside a common shape', () => {
    const values = [
      ...Array.from({ length: 200 }, () => `${letters(3)}-${digits(4)}`),
      ...Array.from({ length: 4 }, () => `VIP-${digits(4)}`),
    ];
    const pattern = inferFrom(values)!;
    expect(pattern.regex).toBe('[A-Z]{3}-[0-9]{4}');
    expect(pattern.regex).not.toContain('VIP');
  });

  it('keeps frequent shapes under a stream of one-off shapes, in bounded memory', () => {
    const values: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      values.push(i % 3 === 0 ? `REF${digits(8)}` : `${'x'.repeat(1 + (i % 97))}:${'-'.repeat(i % 13)}`);
    }
    const sketch = new PatternSketch({ maxShapes: 8 });
    for (const value of values) sketch.add(value);
    expect(sketch.infer(10, 0.3)).toEqual({ regex: 'REF[0-9]{8}', coverage: expect.closeTo(0.33, 1) });
  });

  it('merges parts into the pattern of the whole', () => {
    const values = Array.from({ length: 900 }, (_, i) => `${i % 2 ? 'EU' : 'US'}-${digits(3 + (i % 3))}`);
    const parts = [new PatternSketch(), new PatternSketch(), new PatternSketch()];
    for (const [i, value] of values.entries()) parts[i % 3]!.add(value);
    const merged = new PatternSketch();
    for (const part of parts) merged.merge(part);
    expect(merged.infer(10)).toEqual(inferFrom(values));
    expect(merged.infer(10)).toEqual({ regex: '[A-Z]{2}-[0-9]{3,5}', coverage: 1 });
  });

  it('ignores empty strings and reports nothing for no values', () => {
    const sketch = new PatternSketch();
    expect(sketch.infer(10)).toBeUndefined();
    sketch.add('');
    expect(sketch.infer(10)).toBeUndefined();
  });
});

describe('characterClasses', () => {
  it('lists the classes present, in a fixed order', () => {
    expect(characterClasses('AB-12 cd')).toEqual(['upper', 'lower', 'digit', 'space', 'punct']);
    expect(characterClasses('Ærø')).toEqual(['upper', 'lower']);
    expect(characterClasses('東京\u0001')).toEqual(['other']);
    expect(characterClasses('')).toEqual([]);
  });
});

describe('coarse tokens', () => {
  it('are the fine tokens with neighbouring runs joined, as tokenizing the value coarsely gives', () => {
    const values = [
      'ORD-004217',
      '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      'user.name+tag@Acme-Logistics.co.uk',
      'Zürich Straße 12a',
      '東京 1-2',
      '  a  ',
      'x',
      '',
      '--..//',
      'A1b2C3d4E5f6G7h8',
    ];
    const toText = (buffer: TokenBuffer, count: number) =>
      Array.from({ length: count }, (_, i) =>
        [buffer.kinds[i], buffer.starts[i], buffer.lengths[i], buffer.masks[i]].join(':'),
      ).join(' ');
    for (const value of values) {
      const fine = createTokenBuffer();
      const coarse = createTokenBuffer();
      const count = tokenize(value, 'fine', fine);
      expect(count, value).toBeGreaterThanOrEqual(0);
      const derived = createTokenBuffer();
      const joined = coarsenTokens(fine, count, derived);
      const direct = tokenize(value, 'coarse', coarse);
      expect(joined, value).toBe(direct);
      expect(toText(derived, joined), value).toBe(toText(coarse, direct));
    }
  });

  it('shape values with more fine tokens than a shape may have', () => {
    const values = Array.from({ length: 200 }, () =>
      Array.from({ length: 20 }, () => `${letters(1)}${digits(1)}`).join(''),
    );
    expect(inferFrom(values)).toEqual({ regex: '[0-9A-Z]{40}', coverage: 1 });
  });
});
