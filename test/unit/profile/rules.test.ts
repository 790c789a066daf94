import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/catalog/values.js';
import { correlate, summarizeGap } from '../../../src/profile/measure/gaps.js';
import { RuleTracker } from '../../../src/profile/measure/rules.js';
import { dataset, field, type } from './memory-session.js';

const shop = dataset('public.orders', [
  field('id', type('integer')),
  field('created_at', type('timestamptz')),
  field('shipped_at', type('timestamptz')),
  field('city', type('string')),
  field('country', type('string')),
  field('channel', type('string')),
]);

const CITIES: Record<string, string> = { Berlin: 'DE', Hamburg: 'DE', Paris: 'FR', Lyon: 'FR', Leeds: 'GB' };

function rows(count: number, breakOrder = false): Row[] {
  const cities = Object.keys(CITIES);
  return Array.from({ length: count }, (_, i) => {
    const created = Date.UTC(2024, 0, 1) + i * 3_600_000;
    const city = cities[i % cities.length]!;
    return {
      id: i,
      created_at: new Date(created).toISOString(),
      shipped_at:
        breakOrder && i === 7
          ? new Date(created - 1000).toISOString()
          : i % 5 === 0
            ? null
            : new Date(created + 86_400_000).toISOString(),
      city,
      country: CITIES[city]!,
      channel: i % 3 === 0 ? 'web' : 'app',
    };
  });
}

function rulesOf(data: readonly Row[]) {
  const tracker = new RuleTracker(shop, new Set(['id']), 10);
  for (const row of data) tracker.add(row);
  return tracker.finish();
}

describe('rules', () => {
  it('finds an ordered pair of timestamps that always holds', () => {
    expect(rulesOf(rows(200))).toContainEqual({
      kind: 'ordered',
      fields: ['created_at', 'shipped_at'],
      strict: true,
      gap: { histogram: [[86400, 86400, 1]], unit: 'seconds' },
    });
  });

  it('measures the gap of an ordered pair with tail quantiles as its outer edges', () => {
    const gaps = Array.from({ length: 1000 }, (_, i) => (i === 999 ? 1e9 : 3600 * (1 + (i % 48))));
    const gap = summarizeGap(gaps, 'seconds', 10)!;
    expect(gap.unit).toBe('seconds');
    expect(gap.histogram).toHaveLength(20);
    expect(gap.histogram[0]![0]).toBe(3600);
    // 48 hours, rounded to 3 significant digits; the one outlier is left out.
    expect(gap.histogram.at(-1)![1]).toBe(173000);
    expect(gap.histogram.reduce((sum, bin) => sum + bin[2], 0)).toBeCloseTo(1, 3);
    expect(summarizeGap(gaps.slice(0, 5), 'seconds', 10)).toBeUndefined();
  });

  it('keeps no gap when it depends on the earlier value (a birth date before a sign-up)', () => {
    const people = dataset('public.people', [field('born', type('date')), field('joined', type('date'))]);
    const tracker = new RuleTracker(people, new Set(), 10);
    for (let i = 0; i < 500; i++)
      tracker.add({
        born: new Date(Date.UTC(1950 + (i % 50), 0, 1)).toISOString().slice(0, 10),
        joined: new Date(Date.UTC(2021, 0, 1 + ((i * 7) % 365))).toISOString().slice(0, 10),
      });
    expect(tracker.finish()).toEqual([{ kind: 'ordered', fields: ['born', 'joined'], strict: true }]);
    expect(correlate([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 9);
  });

  it('orders a key after nothing but lets it come first, and leaves open periods out of the gap', () => {
    // MySQL employees' salaries: (emp_no, from_date) is the primary key, periods last a year, one in six is
    // still open (`9999-01-01`).
    const salaries = dataset('public.salaries', [
      field('emp_no', type('integer')),
      field('from_date', type('date')),
      field('to_date', type('date')),
    ]);
    const date = (day: number) =>
      new Date(Date.UTC(1990, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const tracker = new RuleTracker(salaries, new Set(['emp_no', 'from_date']), 10);
    for (let i = 0; i < 600; i++) {
      const from = (i * 37) % 4000;
      tracker.add({
        emp_no: i,
        from_date: date(from),
        to_date: i % 6 === 5 ? '9999-01-01' : date(from + 365),
      });
    }
    expect(tracker.finish()).toEqual([
      {
        kind: 'ordered',
        fields: ['from_date', 'to_date'],
        strict: true,
        gap: { histogram: [[365, 365, 1]], unit: 'days' },
      },
    ]);
    // The later field a key: no rule (generation would have to change the key).
    const reversed = new RuleTracker(salaries, new Set(['emp_no', 'to_date']), 10);
    for (let i = 0; i < 600; i++) reversed.add({ emp_no: i, from_date: date(i), to_date: date(i + 365) });
    expect(reversed.finish()).toEqual([]);
  });

  it('does not state an order that one row breaks', () => {
    expect(rulesOf(rows(200, true)).some((rule) => rule.kind === 'ordered')).toBe(false);
  });

  it('finds city → country but not country → city nor dependencies on an independent field', () => {
    const rules = rulesOf(rows(200));
    expect(rules).toContainEqual({
      kind: 'depends',
      fields: ['city'],
      determines: 'country',
      measured: Object.keys(CITIES)
        .sort()
        .map((city) => ({ determinant: city, dependent: CITIES[city], rows: 40 })),
    });
    expect(rules).not.toContainEqual(expect.objectContaining({ fields: ['country'], determines: 'city' }));
    expect(
      rules.some(
        (rule) => rule.kind === 'depends' && (rule.determines === 'channel' || rule.fields[0] === 'channel'),
      ),
    ).toBe(false);
  });

  it('needs about k rows per determinant value', () => {
    expect(rulesOf(rows(20)).some((rule) => rule.kind === 'depends')).toBe(false);
  });

  it('counts only rows where both fields have a value (a mostly-null company whose few values differ)', () => {
    // 200 rows; channel holds a value in 12 of them, each different: channel → city holds by chance.
    const sparse = rows(200).map((row, i) => ({ ...row, channel: i % 17 === 0 ? `c${i}` : null }));
    expect(rulesOf(sparse).some((rule) => rule.kind === 'depends' && rule.fields[0] === 'channel')).toBe(
      false,
    );
  });

  it('measures the gap of numbers a declared check compares, and only those', () => {
    const prices = dataset(
      'public.prices',
      [field('price', type('decimal')), field('discount', type('decimal')), field('weight', type('integer'))],
      {
        checks: [
          {
            expression: '(discount IS NULL OR discount <= price)',
            parsed: { kind: 'compare', left: 'discount', op: '<=', right: 'price' },
          },
        ],
      },
    );
    const tracker = new RuleTracker(prices, new Set(), 10);
    // discount = price - a gap independent of it; weight is below price on every row too, by chance.
    for (let i = 0; i < 500; i++) {
      const price = 50 + ((i * 37) % 150);
      tracker.add({ price: price.toFixed(2), discount: (price - (i % 20)).toFixed(2), weight: i % 40 });
    }
    const ordered = tracker.finish().filter((rule) => rule.kind === 'ordered');
    expect(ordered).toHaveLength(1);
    expect(ordered[0]).toMatchObject({ kind: 'ordered', fields: ['discount', 'price'] });
    const gap = ordered[0]?.kind === 'ordered' ? ordered[0].gap : undefined;
    expect(gap?.unit).toBe('number');
    expect(Number(gap?.histogram[0]?.[0])).toBeGreaterThanOrEqual(0);
    expect(Number(gap?.histogram.at(-1)?.[1])).toBeLessThanOrEqual(19);
  });
});
