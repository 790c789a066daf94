import { describe, expect, it } from 'vitest';
import { buildAliasTable } from '../../../src/generate/values/alias-table.js';
import { createPermutation } from '../../../src/generate/values/permutation.js';
import {
  computeLuhnDigit,
  isIbanValid,
  isLuhnValid,
} from '../../../src/generate/values/semantic/checksums.js';
import {
  formatEpochDay,
  formatEpochSeconds,
  parseEpochSeconds,
} from '../../../src/generate/values/value-text.js';
import { createRandom, deriveKey, StreamRandom } from '../../../src/shared/random.js';

describe('seeded streams', () => {
  it('repeat for the same key and index and differ across indexes', () => {
    const key = deriveKey(42, 'public.orders', 'total');
    const a = createRandom(key, 7);
    const b = createRandom(key, 7);
    const drawsA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(drawsA);
    const firstDraws = new Set<number>();
    const random = new StreamRandom();
    for (let index = 0; index < 100_000; index++) firstDraws.add(random.reset(key, index).next());
    expect(firstDraws.size).toBe(100_000);
  });

  it('draws uniform floats in [0, 1)', () => {
    const random = createRandom(1);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = random.float();
      if (value < 0 || value >= 1) outside++;
      sum += value;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.01);
  });
});

describe('permutations', () => {
  it.each([1, 2, 7, 1000, 65_537])('are bijections of [0, %i)', (size) => {
    const permutation = createPermutation(size, 99);
    const seen = new Uint8Array(size);
    let outside = 0;
    for (let index = 0; index < size; index++) {
      const image = permutation.apply(index);
      if (image < 0 || image >= size) outside++;
      else seen[image] = 1;
    }
    expect(outside).toBe(0);
    expect(seen.every((flag) => flag === 1)).toBe(true);
  });
});

describe('alias tables', () => {
  it('draw in proportion to the weights', () => {
    const table = buildAliasTable([0.7, 0.2, 0.1, 0]);
    const random = createRandom(5);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 200_000; i++) counts[table.draw(random)]!++;
    expect(counts[0]! / 200_000).toBeCloseTo(0.7, 1);
    expect(counts[1]! / 200_000).toBeCloseTo(0.2, 1);
    expect(counts[2]! / 200_000).toBeCloseTo(0.1, 1);
    expect(counts[3]).toBe(0);
  });
});

describe('checksums', () => {
  it('computes Luhn digits that validate', () => {
    expect(computeLuhnDigit('7992739871')).toBe(3);
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
  });
  it('validates IBANs', () => {
    expect(isIbanValid('DE89370400440532013000')).toBe(true);
    expect(isIbanValid('DE89370400440532013001')).toBe(false);
  });
});

describe('calendar text', () => {
  it('formats and parses without the process time zone', () => {
    expect(formatEpochDay(0)).toBe('1970-01-01');
    expect(formatEpochDay(11016)).toBe('2000-02-29');
    expect(formatEpochDay(-719162)).toBe('0001-01-01');
    expect(formatEpochSeconds(951782400.25, 2, true)).toBe('2000-02-29T00:00:00.25Z');
    expect(parseEpochSeconds('2000-02-29')).toBe(951782400);
    expect(parseEpochSeconds('2000-02-29T02:00:00+02:00')).toBe(951782400);
    expect(parseEpochSeconds('2000-02-29T00:00:00')).toBe(951782400);
  });
});
