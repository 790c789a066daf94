import { describe, expect, it } from 'vitest';
import { hashAsciiSpan, hashSpan } from '../../../../src/profile/measure/sketches/hash.js';
import { HyperLogLog } from '../../../../src/profile/measure/sketches/hyperloglog.js';
import { createSequence } from './random-data.js';

function relativeError(estimate: number, truth: number): number {
  return Math.abs(estimate - truth) / truth;
}

describe('HyperLogLog', () => {
  it('estimates zero for an empty sketch', () => {
    expect(new HyperLogLog().estimate()).toBe(0);
  });

  it.each([10, 100, 1_000, 10_000, 50_000, 300_000])(
    'estimates %i distinct strings within 3 standard errors',
    (n) => {
      const sketch = new HyperLogLog();
      for (let i = 0; i < n; i++) sketch.add(`user-${i}@example.com`);
      // Linear counting is near exact for small counts; above, 3 × 0.81%.
      expect(relativeError(sketch.estimate(), n)).toBeLessThanOrEqual(n <= 1_000 ? 0.01 : 0.025);
    },
  );

  it('counts distinct values, not additions, under heavy duplication', () => {
    const random = createSequence(7);
    const sketch = new HyperLogLog();
    const exact = new Set<number>();
    for (let i = 0; i < 200_000; i++) {
      const value = Math.floor(random() ** 2 * 40_000);
      exact.add(value);
      sketch.add(value);
    }
    expect(relativeError(sketch.estimate(), exact.size)).toBeLessThanOrEqual(0.025);
  });

  it('estimates random floats, integers and bigints', () => {
    const random = createSequence(11);
    const floats = new HyperLogLog();
    const integers = new HyperLogLog();
    for (let i = 0; i < 100_000; i++) {
      floats.add(random() * 1e6);
      integers.add(BigInt(i) * 1_000_000_007n);
    }
    expect(relativeError(floats.estimate(), 100_000)).toBeLessThanOrEqual(0.025);
    expect(relativeError(integers.estimate(), 100_000)).toBeLessThanOrEqual(0.025);
  });

  it('treats numbers and their text as different values, and -0 as 0', () => {
    const sketch = new HyperLogLog();
    for (let i = 0; i < 500; i++) {
      sketch.add(i);
      sketch.add(String(i));
      sketch.add(BigInt(i));
    }
    sketch.add(-0);
    sketch.add(true);
    sketch.add(false);
    expect(sketch.estimate()).toBeGreaterThanOrEqual(995);
    expect(sketch.estimate()).toBeLessThanOrEqual(1_012);
  });

  it('hashes an ASCII text read from its bytes as from its characters', () => {
    const random = createSequence(7);
    const text = Array.from({ length: 4000 }, () => String.fromCharCode(Math.floor(random() * 128))).join('');
    // From an odd offset of a larger buffer, as a chunk's text is.
    const bytes = Buffer.concat([Buffer.from('x'), Buffer.from(text, 'latin1')]);
    const ascii = new DataView(bytes.buffer, bytes.byteOffset + 1, text.length);
    const fromText = new Uint32Array(2);
    const fromBytes = new Uint32Array(2);
    for (let start = 0; start < 200; start += 7)
      for (let length = 0; length <= 41; length++) {
        hashSpan(text, start, start + length, fromText);
        hashAsciiSpan(ascii, start, start + length, fromBytes);
        expect([...fromBytes], `${start}+${length}`).toEqual([...fromText]);
      }
  });

  it('merges parts into exactly the sketch of the whole', () => {
    const whole = new HyperLogLog();
    const parts = [new HyperLogLog(), new HyperLogLog(), new HyperLogLog()];
    for (let i = 0; i < 120_000; i++) {
      const value = `order-${i % 90_000}`;
      whole.add(value);
      parts[i % 3]!.add(value);
    }
    const merged = new HyperLogLog();
    for (const part of parts) merged.merge(part);
    expect(merged.estimate()).toBe(whole.estimate());
    expect(relativeError(merged.estimate(), 90_000)).toBeLessThanOrEqual(0.025);
  });

  it('keeps accuracy at other precisions and refuses to merge different ones', () => {
    const small = new HyperLogLog(10);
    for (let i = 0; i < 50_000; i++) small.add(i * 3);
    expect(relativeError(small.estimate(), 50_000)).toBeLessThanOrEqual(0.1);
    expect(() => small.merge(new HyperLogLog(12))).toThrow(RangeError);
    expect(() => new HyperLogLog(3)).toThrow(RangeError);
  });
});
