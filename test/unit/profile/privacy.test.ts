import { describe, expect, it } from 'vitest';
import type { Value } from '../../../src/catalog/values.js';
import { createAccumulator } from '../../../src/profile/measure/accumulators/index.js';
import { roundToSignificant } from '../../../src/profile/privacy/coarsen.js';
import {
  DEFAULT_PRIVACY,
  filterField,
  hasLiteralAlphanumerics,
} from '../../../src/profile/privacy/privacy.js';
import { type } from './memory-session.js';

function summarize(
  values: readonly Value[],
  fieldType = type('string', 'text'),
  path = 'public.t.value',
  settings = DEFAULT_PRIVACY,
) {
  const accumulator = createAccumulator(path.split('.').pop()!, fieldType, settings.k);
  for (const value of values) accumulator.add(value);
  return filterField(accumulator.finish(), { path }, settings);
}

const repeat = (value: Value, times: number): Value[] => Array.from({ length: times }, () => value);

describe('privacy filter', () => {
  it('keeps a literal seen k times and drops one seen k - 1 times', () => {
    const k = DEFAULT_PRIVACY.k;
    const summary = summarize([...repeat('often', k), ...repeat('rare', k - 1)]);
    expect(summary.kept.map((entry) => entry.value)).toEqual(['often']);
    expect(JSON.stringify(summary)).not.toContain('rare');
    expect(summary.keptShare).toBeCloseTo(k / (2 * k - 1), 3);
  });

  it('respects a configured k', () => {
    const summary = summarize(repeat('x', 5), type('string'), 'public.t.value', { ...DEFAULT_PRIVACY, k: 3 });
    expect(summary.kept).toHaveLength(1);
    expect(
      summarize(repeat('x', 5), type('string'), 'public.t.value', { ...DEFAULT_PRIVACY, k: 6 }).kept,
    ).toHaveLength(0);
  });

  it('coarsens numbers and never writes the true extremes', () => {
    const values: Value[] = Array.from({ length: 5000 }, (_, i) => 100 + (i % 900) + 0.123);
    values.push(987654.321);
    const summary = summarize(values, type('float', 'double precision'));
    const text = JSON.stringify(summary);
    expect(text).not.toContain('987654');
    expect(text).not.toContain('.123');
    const max = summary.stats.max as number;
    expect(max).toBe(roundToSignificant(max, 3));
    expect(max).toBeLessThan(987654);
    for (const [low, high] of summary.bins ?? []) {
      expect(roundToSignificant(low as number, 3)).toBe(low);
      expect(roundToSignificant(high as number, 3)).toBe(high);
    }
  });

  it('writes dates to the day and keeps time of day only when the span is short', () => {
    const long = summarize(
      Array.from({ length: 100 }, (_, i) =>
        new Date(Date.UTC(2024, 0, 1) + i * 86_400_000 + 37_000).toISOString(),
      ),
      type('timestamptz'),
    );
    for (const [low] of long.bins ?? []) expect(low).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const short = summarize(
      Array.from({ length: 100 }, (_, i) =>
        new Date(Date.UTC(2024, 0, 1) + i * 60_000 + 17_000).toISOString(),
      ),
      type('timestamptz'),
    );
    for (const [low] of short.bins ?? []) expect(low).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
  });

  it('spreads bins narrower than a day over the days beside them, not on midnight (flights over nine days)', () => {
    const flights = summarize(
      Array.from({ length: 6000 }, (_, i) =>
        new Date(
          Date.UTC(2017, 6, 16) + Math.floor(i / 700) * 86_400_000 + ((i * 37) % 1440) * 60_000,
        ).toISOString(),
      ),
      type('timestamptz'),
    );
    const bins = flights.bins ?? [];
    expect(bins.every(([low, high]) => low !== high)).toBe(true);
    expect(bins.reduce((sum, [, , share]) => sum + Number(share), 0)).toBeCloseTo(1, 3);
  });

  it('keeps only shape, length and nulls of personal fields (and email domains shared by k rows)', () => {
    const values = Array.from({ length: 300 }, (_, i) => `person${i % 20}@example.com`);
    const summary = summarize(values, type('string', 'text'), 'public.users.email');
    expect(summary.personal).toBe(true);
    expect(summary.semantic?.type).toBe('email');
    expect(summary.kept).toHaveLength(0);
    expect(summary.stats.top).toBeUndefined();
    expect(summary.stats.length?.p50).toBeGreaterThan(0);
    expect(JSON.stringify(summary)).not.toContain('person1');
    // A domain shared by at least k addresses is not personal by itself: kept with its share.
    expect(summary.stats.domains).toEqual([{ value: 'example.com', share: 1 }]);
    expect(summary.stats.local_shapes).toEqual([
      { value: 'a9', share: 0.5 },
      { value: 'a99', share: 0.5 },
    ]);
  });

  it('applies overrides by glob and records them', () => {
    const values = repeat('Gold', 50);
    const settings = { ...DEFAULT_PRIVACY, overrides: [{ match: 'public.*.tier', personal: true }] };
    const summary = summarize(values, type('string'), 'public.customers.tier', settings);
    expect(summary.personal).toBe(true);
    expect(summary.semantic?.overridden).toBe(true);
    expect(summary.kept).toHaveLength(0);
    const email = summarize(
      Array.from({ length: 30 }, () => 'team@example.com'),
      type('string'),
      'public.t.contact_email',
      { ...DEFAULT_PRIVACY, overrides: [{ match: 'public.t.contact_email', personal: false }] },
    );
    expect(email.personal).toBe(false);
    expect(email.kept.map((entry) => entry.value)).toEqual(['team@example.com']);
  });

  it('passes personal classification down to JSON keys and array elements', () => {
    const settings = { ...DEFAULT_PRIVACY, overrides: [{ match: 'public.t.notes', personal: true }] };
    const summary = summarize(
      repeat({ text: 'same words' }, 40),
      type('json', 'jsonb'),
      'public.t.notes',
      settings,
    );
    expect(summary.children?.[0]?.summary.personal).toBe(true);
    expect(JSON.stringify(summary)).not.toContain('same words');
  });

  it('names a JSON key only when k objects carry it', () => {
    const values: Value[] = Array.from(
      { length: 30 },
      (_, i): Value => (i === 0 ? { common: 1, secret_key_x: 1 } : { common: 1 }),
    );
    const summary = summarize(values, type('json', 'jsonb'));
    expect(summary.children?.map((child) => child.name)).toEqual(['common']);
  });

  it('finds literal letters or digits in a regex', () => {
    expect(hasLiteralAlphanumerics('[A-Z]{3}-[0-9]{4}')).toBe(false);
    expect(hasLiteralAlphanumerics('ACC1[0-9]{5}')).toBe(true);
    expect(hasLiteralAlphanumerics('[a-z]+@[a-z]+\\.[a-z]{2,3}')).toBe(false);
  });
});

describe('point masses of line fields', () => {
  it('keeps a sentinel date shared by many rows exact, and no bin spans the gap before it', () => {
    // Salary periods of the MySQL employees sample: 1986-2005, and one in six still open (`9999-01-01`).
    const day = 86_400_000;
    const values = Array.from({ length: 12_000 }, (_, i) =>
      i % 6 === 5
        ? '9999-01-01'
        : new Date(Date.UTC(1986, 0, 1) + ((i * 7919) % 7300) * day).toISOString().slice(0, 10),
    );
    const summary = summarize(values, type('date', 'date'), 'public.salaries.to_date');
    expect(summary.stats.max).toBe('9999-01-01');
    const bins = summary.bins!;
    const mass = bins.find((bin) => bin[0] === '9999-01-01');
    expect(mass?.[1]).toBe('9999-01-01');
    expect(mass?.[2]).toBeCloseTo(1 / 6, 2);
    for (const bin of bins) if (bin !== mass) expect(String(bin[1]) < '2007').toBe(true);
  });

  it('finds a sentinel that comes after the heavy-hitter sketch stopped looking, from the exact highest value', () => {
    // Read in a year-major order, as after updates moved the open periods to the table's end: the first
    // 16,384 dates are all different days, so the heavy-hitter sketch is frozen long before `9999-01-01`.
    const day = 86_400_000;
    const closed = Array.from({ length: 20_000 }, (_, i) =>
      new Date(Date.UTC(1986, 0, 1) + ((i * 7919) % 7300) * day).toISOString().slice(0, 10),
    );
    const values = [...closed, ...Array.from({ length: 2_000 }, () => '9999-01-01')];
    const summary = summarize(values, type('date', 'date'), 'public.salaries.to_date');
    expect(summary.kept).toEqual([]);
    const mass = summary.bins!.find((bin) => bin[0] === '9999-01-01');
    expect(mass?.[1]).toBe('9999-01-01');
    expect(mass?.[2]).toBeCloseTo(2_000 / 22_000, 2);
    expect(summary.stats.max).toBe('9999-01-01');
    // Held by fewer than k rows, an exact end is no point mass (the privacy rule of kept values).
    const strict = { ...DEFAULT_PRIVACY, k: 2_001 };
    const few = summarize(values, type('date', 'date'), 'public.salaries.to_date', strict);
    expect(JSON.stringify(few)).not.toContain('9999-01-01');
  });

  it('leaves a field without such a value as it was', () => {
    const values = Array.from({ length: 12_000 }, (_, i) => 1 + ((i * 7919) % 5000) / 10);
    const summary = summarize(values, type('decimal', 'numeric'), 'public.t.amount');
    expect(summary.bins!.every((bin) => bin[0] !== bin[1])).toBe(true);
  });
});
