import { describe, expect, it } from 'vitest';
import {
  epochDayOf,
  formatEpochDay,
  formatEpochSeconds,
  formatScaled,
  formatTimeOfDay,
} from '../../../src/generate/values/value-text.js';
import { createRandom } from '../../../src/shared/random.js';

describe('text fast paths', () => {
  it('format two-digit decimals like the exact BigInt path', () => {
    const random = createRandom(3);
    const samples = [0, 1, -1, 99, -99, 100, -100, 123456, -5, 2 ** 40 - 1, -(2 ** 40) + 1, 2 ** 40, 2 ** 52];
    for (let i = 0; i < 2000; i++) samples.push(random.between(-1e9, 1e9));
    for (const units of samples)
      expect(formatScaled(units, 2), String(units)).toBe(formatScaled(BigInt(units), 2));
  });

  it('give the same day and clock text from the caches as when first computed', () => {
    const random = createRandom(5);
    const days = Array.from({ length: 3000 }, () => random.between(-800_000, 2_900_000));
    const first = days.map((day) => formatEpochDay(day));
    // Interleave colliding slots (same day modulo the cache size) before reading again.
    for (const day of days) formatEpochDay(day + 4096);
    expect(days.map((day) => formatEpochDay(day))).toEqual(first);
    for (const [index, day] of days.entries()) {
      const [year, month, date] = first[index]!.replace(/^-/, 'm').split('-');
      const signed = year!.startsWith('m') ? -Number(year!.slice(1)) : Number(year);
      expect(epochDayOf(signed, Number(month), Number(date))).toBe(day);
    }
    expect(formatTimeOfDay(3661.5, 0)).toBe('01:01:01');
    expect(formatTimeOfDay(3661.5, 2)).toBe('01:01:01.50');
    expect(formatTimeOfDay(3661.25, 0)).toBe('01:01:01');
    expect(formatEpochSeconds(86_399, 0, true)).toBe('1970-01-01T23:59:59Z');
    expect(formatEpochSeconds(-1, 0, false)).toBe('1969-12-31T23:59:59');
  });
});
