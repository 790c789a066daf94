import { describe, expect, it } from 'vitest';
import { parseInstant, parseShortDecimal } from '../../../src/catalog/line-numbers.js';
import type { Value } from '../../../src/catalog/values.js';
import { createAccumulator } from '../../../src/profile/measure/accumulators/index.js';
import {
  millisecondOfDay,
  parseIntervalSeconds,
  parseTimeOfDay,
} from '../../../src/profile/measure/accumulators/line-accumulator.js';
import type { FieldMeasure } from '../../../src/profile/measure/measure.js';
import { type } from './memory-session.js';

function measure(values: readonly Value[], fieldType = type('integer'), name = 'value'): FieldMeasure {
  const accumulator = createAccumulator(name, fieldType, 10);
  for (const value of values) accumulator.add(value);
  return accumulator.finish();
}

describe('field accumulators', () => {
  it('counts rows, nulls and distinct values and measures an integer line', () => {
    const values: Value[] = [];
    for (let i = 1; i <= 1000; i++) values.push(i);
    values.push(null, null);
    const result = measure(values);
    expect(result.rows).toBe(1002);
    expect(result.nulls).toBe(2);
    expect(Math.abs(result.distinct - 1000)).toBeLessThan(30);
    expect(result.line?.integer).toBe(true);
    expect(result.line?.monotonic).toBe(true);
    expect(result.line?.sketch.quantile(0.5)).toBeGreaterThan(490);
    expect(result.line?.sketch.quantile(0.5)).toBeLessThan(510);
    expect(result.line?.mean).toBeCloseTo(500.5, 5);
  });

  it('notices shuffled integers are not a sequence, and decimal digits used', () => {
    const shuffled = Array.from({ length: 200 }, (_, i) => (i * 7919) % 200);
    expect(measure(shuffled).line?.monotonic).toBe(false);
    const decimals = measure(['12.50', '1234.05', '-3.10'], type('decimal', 'numeric(10,2)'));
    expect(decimals.line?.decimals).toEqual({ precision: 6, scale: 2 });
    expect(decimals.line?.integer).toBe(false);
  });

  it('measures the decimals binary floats are written to, and none for continuous ones', () => {
    const freight = measure([10.49, 3.2, 148.33, 7], type('float', 'real'));
    expect(freight.line?.decimals).toEqual({ precision: 5, scale: 2 });
    expect(measure([1, 2, 3], type('float', 'real')).line?.decimals).toBeUndefined();
    const continuous = measure([0.5, Math.PI, 1.25], type('float', 'double precision'));
    expect(continuous.line?.decimals).toBeUndefined();
  });

  it('parses instants and times of the value representation', () => {
    expect(parseInstant('2024-03-05')).toBe(Date.UTC(2024, 2, 5));
    expect(parseInstant('2024-03-05T10:20:30.5Z')).toBe(Date.UTC(2024, 2, 5, 10, 20, 30, 500));
    expect(parseInstant('infinity')).toBeNaN();
    expect(parseTimeOfDay('10:20:30+02')).toBe(10 * 3600 + 20 * 60 + 30);
  });

  it('reads every calendar day as Date.UTC does, odd years and days that roll over included', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    for (const year of [1, 99, 100, 1582, 1600, 1700, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9999])
      for (let month = 1; month <= 12; month++)
        for (let day = 0; day <= 31; day++) {
          const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(parseInstant(date), date).toBe(Date.UTC(year, month - 1, day));
          expect(parseInstant(`${date}T23:59:58Z`), date).toBe(Date.UTC(year, month - 1, day, 23, 59, 58));
        }
  });

  it('measures intervals as seconds on a line', () => {
    expect(parseIntervalSeconds('1 year 2 mons 3 days 04:05:06.5')).toBe(
      365.25 * 86_400 + 60 * 86_400 + 3 * 86_400 + 4 * 3600 + 5 * 60 + 6.5,
    );
    expect(parseIntervalSeconds('-1 days +02:00:00')).toBe(-86_400 + 7200);
    expect(parseIntervalSeconds('-00:00:01')).toBe(-1);
    expect(parseIntervalSeconds('soon')).toBeNaN();
    const spans = measure(['00:10:00', '1 day', '2 days 00:00:30'], type('interval', 'interval'));
    expect(spans.line?.sketch.quantile(0.5)).toBe(86_400);
  });

  it('measures weekday and hour shape of timestamps', () => {
    // 2024-01-01 is a Monday: put every value on Mondays at 09:xx.
    const values = Array.from(
      { length: 50 },
      (_, i) =>
        `2024-01-${String(1 + 7 * (i % 4)).padStart(2, '0')}T09:${String(i % 60).padStart(2, '0')}:00Z`,
    );
    const result = measure(values, type('timestamptz'));
    expect(result.line?.weekday?.[0]).toBe(1);
    expect(result.line?.hour?.[9]).toBe(1);
  });

  it('measures strings: lengths, empties, top values, pattern and classes', () => {
    const values: Value[] = [];
    for (let i = 0; i < 300; i++) values.push(`AB-${String(1000 + i)}`);
    values.push('');
    const result = measure(values, type('string', 'text'), 'code');
    expect(result.empties).toBe(1);
    expect(result.lengths?.quantile(0.5)).toBe(7);
    expect(result.pattern?.coverage).toBeGreaterThan(0.9);
    expect(new RegExp(`^${result.pattern?.regex}$`).test('AB-1234')).toBe(true);
    expect(result.classes).toContain('digit');
    expect(result.top?.length).toBeGreaterThan(0);
  });

  it('counts booleans', () => {
    const result = measure([true, true, false, null], type('boolean'));
    expect(result.trues).toBe(2);
    expect(result.nulls).toBe(1);
  });

  it('measures arrays by length and element', () => {
    const result = measure(
      [['a', 'b'], ['c'], [], null],
      type('array', 'text[]', { element: type('string', 'text') }),
    );
    expect(result.lengths?.quantile(0.5)).toBe(1);
    expect(result.empties).toBe(1);
    expect(result.element?.rows).toBe(3);
    expect(result.element?.logical).toBe('string');
  });

  it('measures JSON objects by key presence and inner types, recursively', () => {
    const values: Value[] = Array.from({ length: 40 }, (_, i) => ({
      color: i % 2 === 0 ? 'red' : 'blue',
      weight: i * 10,
      ...(i % 4 === 0 ? { size: { w: 1.5, h: 2 } } : {}),
    }));
    const result = measure(values, type('json', 'jsonb'));
    expect(result.logical).toBe('json');
    const children = new Map(result.children?.map((child) => [child.name, child]));
    expect(children.get('color')?.present).toBe(40);
    expect(children.get('color')?.measure.logical).toBe('string');
    expect(children.get('weight')?.measure.logical).toBe('integer');
    expect(children.get('size')?.present).toBe(10);
    expect(children.get('size')?.measure.children?.map((child) => child.name)).toEqual(['w', 'h']);
  });

  it('bounds the keys it tracks per object', () => {
    const wide: Record<string, Value> = {};
    for (let i = 0; i < 100; i++) wide[`k${i}`] = i;
    const result = measure([wide], type('json', 'jsonb'));
    expect(result.children?.length).toBe(32);
  });

  it('stops counting heavy hitters of a field that shows none, and keeps counting one that does', () => {
    const heavyLate = (first: (i: number) => string) => {
      const values: string[] = [];
      for (let i = 0; i < 1024; i++) values.push(first(i));
      // From here on, one value in five is `late`: far above the 0.1% a heavy hitter needs.
      for (let i = 0; i < 20_000; i++) values.push(i % 5 === 0 ? 'late' : `after-${i}`);
      return measure(values, type('string', 'text')).top?.find((entry) => entry.value === 'late');
    };
    // No value of the first 1,024 seen twice: the sketch froze there and never saw `late`.
    expect(heavyLate((i) => `first-${i}`)).toBeUndefined();
    // One value in 64 among them (1.6%) keeps it counting, and `late` is counted exactly.
    expect(heavyLate((i) => (i % 64 === 0 ? 'often' : `first-${i}`))?.count).toBe(4000);
    // Dates of a sample read in key order: a few repeated far apart among the first 1,024 (the sketch's lower
    // bounds cannot show them), the `9999-01-01` closing each history only later. Repeats were seen, exactly:
    // the sketch keeps counting and counts `late`.
    expect(heavyLate((i) => `first-${i % 970}`)?.count).toBe(4000);
  });

  it('measures texts in place left unchecked for ASCII as their values, UTF-8 ones included', () => {
    // A categorical field with a UTF-8 heavy hitter, and one of distinct values (its heavy hitters freeze).
    const fields = {
      town: (i: number) => (i % 4 === 0 ? 'Köln' : i % 4 === 1 ? `Zoë ${i}` : `town ${i % 50}`),
      greeting: (i: number) => (i % 3 === 0 ? `Grüße ${i}` : `hello ${(i * 7919) % 100_003}`),
    };
    for (const [name, valueAt] of Object.entries(fields)) {
      const byValues = createAccumulator(name, type('string', 'text'), 3);
      const inPlace = createAccumulator(name, type('string', 'text'), 3);
      for (let batch = 0; batch < 60; batch++) {
        const values = Array.from({ length: 500 }, (_, i) => valueAt(batch * 500 + i));
        for (const value of values) byValues.add(value);
        const bytes = Buffer.concat(values.map((value) => Buffer.from(value, 'utf8')));
        const starts = new Int32Array(values.length);
        const ends = new Int32Array(values.length);
        for (let i = 0, at = 0; i < values.length; i++) {
          starts[i] = at;
          at += Buffer.byteLength(values[i]!, 'utf8');
          ends[i] = at;
        }
        const ascii = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
        const text = bytes.toString('latin1');
        inPlace.addSpans?.({ text, starts, ends, others: [], ascii, unchecked: true });
      }
      const measured = inPlace.finish();
      expect(measured, name).toEqual(byValues.finish());
      if (name === 'town') expect(measured.top?.map((entry) => entry.value)).toContain('Köln');
    }
  });

  it('counts values of the wrong representation as mismatched', () => {
    const result = measure(['not a number', 3], type('float', 'double precision'));
    expect(result.mismatched).toBe(1);
  });
});

describe('the millisecond of the day', () => {
  it('is the floating-point remainder, for times around midnight, before 1970, with fractions', () => {
    const day = 86_400_000;
    const hour = 3_600_000;
    const times = [0, 1, -1, day - 1, day, -day, 1.7e12, 1.7e12 + 0.001, -1.7e12 - 0.5, 0.25, -0.25];
    for (let k = -3; k <= 3; k++) for (const near of [-0.001, 0, 0.001]) times.push(k * 19_000 * day + near);
    for (let i = 0; i < 2000; i++) times.push((i * 7_919_113.37 - 4e9) * (i % 2 === 0 ? 1 : 431));
    for (const x of times) {
      const ms = millisecondOfDay(x, Math.floor(x / day));
      const remainder = ((x % day) + day) % day;
      // Whole milliseconds: the same number. Fractions: the remainder rounds where this is exact, never
      // across an hour.
      if (Number.isInteger(x)) expect(ms, String(x)).toBe(remainder);
      else expect(ms, String(x)).toBeCloseTo(remainder, 4);
      expect(Math.floor(ms / hour), String(x)).toBe(Math.floor(remainder / hour));
    }
  });
});

describe('decimal text read digit by digit', () => {
  it('gives what Number gives, to the last bit, signs, zeros and long or odd texts included', () => {
    const texts = ['0', '-0', '0.00', '-0.00', '1', '-1', '12.5', '0.1', '0.3', '-123.45', '999999999999999'];
    texts.push('99999999999999.9', '0.000000000000001', '1234567890123456', '1e5', 'NaN', '-', '.', '1.2.3');
    texts.push('Infinity', '', '+5', '00012.3400');
    for (let i = 0; i < 5000; i++) {
      const scale = i % 9;
      const digits = String((i * 982_451_653) % 10 ** (1 + (i % 15)));
      const padded = digits.padStart(scale + 1, '0');
      const text = scale === 0 ? padded : `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
      texts.push(i % 3 === 0 ? `-${text}` : text);
    }
    for (const text of texts) expect(Object.is(parseShortDecimal(text), Number(text)), text).toBe(true);
  });
});
