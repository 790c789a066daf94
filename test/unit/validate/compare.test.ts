import { describe, expect, it } from 'vitest';
import type { DatasetTask, FieldTask, Profile, RelationTask } from '../../../src/tasks/types.js';
import { compareProfiles } from '../../../src/validate/compare.js';
import {
  cdfFromBins,
  cdfFromQuantiles,
  ksBetween,
  readCategoricalShares,
  readEdge,
  tvBetween,
} from '../../../src/validate/distributions.js';
import { formatComparison } from '../../../src/validate/format-comparison.js';

function field(name: string, overrides: Partial<FieldTask>): FieldTask {
  return {
    name,
    type: { logical: 'decimal', native: 'numeric(10,2)' },
    nullable: true,
    generator: { kind: 'text', length: { p50: 5 } },
    stats: { count: 1000, nulls: 0 },
    ...overrides,
  };
}

function dataset(name: string, fields: FieldTask[], relations: RelationTask[] = []): DatasetTask {
  return {
    version: 1,
    dataset: { source: 's', name, local: name, kind: 'table', writable: true, rows: 1000 },
    sampling: { method: 'full', rows: 1000, seed: 1 },
    fields,
    keys: { unique: [] },
    checks: [],
    indexes: [],
    relations,
    rules: [],
  };
}

function profile(datasets: DatasetTask[]): Profile {
  return {
    plan: {
      version: 1,
      profile: 'p',
      taken: { at: '2024-01-01T00:00:00Z', by: 'doppel test' },
      sampling: { method: 'full', seed: 1 },
      privacy: { k: 10, digits: 3, overrides: [] },
      sources: [{ name: 's', kind: 'postgres' }],
      datasets: datasets.map((task) => ({
        source: 's',
        name: task.dataset.name,
        file: `${task.dataset.name}.yaml`,
        enabled: true,
      })),
      relations: [],
    },
    datasets,
  };
}

const histogram = (bins: [number | string, number | string, number][]): FieldTask['generator'] => ({
  kind: 'histogram',
  bins,
});

describe('KS between stored distributions', () => {
  it('is 0 for the same bins and the shifted mass for a shifted uniform', () => {
    const a = cdfFromBins([[0, 10, 1]])!;
    expect(ksBetween(a, a)).toBe(0);
    expect(ksBetween(a, cdfFromBins([[2, 12, 1]])!)).toBeCloseTo(0.2, 10);
    expect(ksBetween(a, cdfFromBins([[20, 30, 1]])!)).toBe(1);
  });

  it('sees point masses (bins with equal edges) as jumps', () => {
    const point = cdfFromBins([
      [5, 5, 0.5],
      [5, 10, 0.5],
    ])!;
    const spread = cdfFromBins([[0, 10, 1]])!;
    // Just below 5: 0 vs 0.5; at 5: 0.5 vs 0.5.
    expect(ksBetween(point, spread)).toBeCloseTo(0.5, 10);
  });

  it('reads dates, instants and times on their axes', () => {
    expect(readEdge('2024-01-02') - readEdge('2024-01-01')).toBe(86_400_000);
    expect(readEdge('2024-01-01T12:00:00') - readEdge('2024-01-01')).toBe(43_200_000);
    expect(readEdge('2024-01-01T12:00:00Z')).toBe(readEdge('2024-01-01T12:00:00'));
    expect(readEdge('01:30:00')).toBe(5400);
    const days = cdfFromBins([['2024-01-01', '2024-01-11', 1]])!;
    const later = cdfFromBins([['2024-01-02', '2024-01-12', 1]])!;
    expect(ksBetween(days, later)).toBeCloseTo(0.1, 10);
  });

  it('builds a CDF through the quantiles when there are no bins', () => {
    const cdf = cdfFromQuantiles({ p5: 5, p25: 25, p50: 50, p75: 75, p95: 95 }, 0, 100)!;
    const uniform = cdfFromBins([[0, 100, 1]])!;
    expect(ksBetween(cdf, uniform)).toBeLessThan(1e-9);
  });
});

describe('total variation of categorical shares', () => {
  const shares = (weights: Record<string, number>, other = 0, count = 1000) =>
    readCategoricalShares(
      field('f', {
        type: { logical: 'string', native: 'text' },
        generator: { kind: 'categorical', weights, ...(other > 0 ? { other: { share: other } } : {}) },
        stats: { count, nulls: 0 },
      }),
      10,
    )!;

  it('is half the summed difference over values', () => {
    expect(tvBetween(shares({ a: 0.5, b: 0.5 }), shares({ a: 0.5, b: 0.5 }))).toBe(0);
    expect(tvBetween(shares({ a: 0.7, b: 0.3 }), shares({ a: 0.5, b: 0.5 }))).toBeCloseTo(0.2, 10);
  });

  it('counts a value kept on one side only as missing when the other side has no other bucket', () => {
    expect(tvBetween(shares({ a: 0.5, b: 0.5 }), shares({ a: 0.5, c: 0.5 }))).toBeCloseTo(0.5, 10);
  });

  it('lets a value hide in the other bucket only up to the share of k occurrences', () => {
    // b (0.005) was rare on the right: 10 of 1000 rows can hide it entirely.
    expect(tvBetween(shares({ a: 0.995, b: 0.005 }), shares({ a: 0.995 }, 0.005))).toBeCloseTo(0, 10);
    // b (0.3) cannot be rare on the right: at most 0.01 of it hides there.
    expect(tvBetween(shares({ a: 0.7, b: 0.3 }), shares({ a: 0.7 }, 0.3))).toBeCloseTo(0.29, 10);
  });
});

describe('compareProfiles', () => {
  const amount = (bins: [number, number, number][], nulls: number) =>
    field('amount', { generator: histogram(bins), stats: { count: 1000, nulls } });

  it('passes identical profiles and reports ks, nulls and children per parent', () => {
    const relation: RelationTask = {
      from: { dataset: 'orders', fields: ['customer_id'] },
      to: { dataset: 'customers', fields: ['id'] },
      declared: true,
      cardinality: { childless: 0.1, null_share: 0, p50: 2, p95: 8, max: 12, histogram: [[0, 12, 1]] },
    };
    const task = dataset('orders', [amount([[0, 100, 1]], 0.1)], [relation]);
    const comparison = compareProfiles(profile([task]), profile([task]));
    expect(comparison.ok).toBe(true);
    expect(comparison.metrics.map((metric) => metric.metric).sort()).toEqual(['children-ks', 'ks', 'nulls']);
  });

  it('fails a shifted distribution and a changed null share, and names them in the table', () => {
    const expected = profile([dataset('orders', [amount([[0, 100, 1]], 0.1)])]);
    const actual = profile([dataset('orders', [amount([[10, 110, 1]], 0.13)])]);
    const comparison = compareProfiles(expected, actual);
    expect(comparison.ok).toBe(false);
    const failed = comparison.metrics.filter((metric) => !metric.ok);
    expect(failed.map((metric) => metric.metric).sort()).toEqual(['ks', 'nulls']);
    expect(failed.find((metric) => metric.metric === 'nulls')!.value).toBeCloseTo(3, 10);
    const table = formatComparison(comparison);
    expect(table).toMatch(/orders\s+amount\s+ks\s+0\.1000\s+0\.0500\s+FAIL/);
    expect(table).toContain('2 of 2 metrics out of bounds');
  });

  it('compares a number field of a few kept values by their shares, not by its quantiles', () => {
    // Two staff ids, half and half: the medians fall on either side (2 and 1), the shares differ by 0.0045.
    const staff = (one: number, p50: number) =>
      field('staff_id', {
        type: { logical: 'integer', native: 'smallint', bits: 16 },
        generator: { kind: 'categorical', weights: { '1': one, '2': 1 - one } },
        stats: { count: 6000, nulls: 0, min: 1, max: 2, quantiles: { p5: 1, p25: 1, p50, p75: 2, p95: 2 } },
      });
    const comparison = compareProfiles(
      profile([dataset('payment', [staff(0.4999, 2)])]),
      profile([dataset('payment', [staff(0.5044, 1)])]),
    );
    const ks = comparison.metrics.find((metric) => metric.metric === 'ks');
    expect(ks).toMatchObject({ basis: 'kept values', ok: true });
    expect(ks!.value).toBeCloseTo(0.0045, 10);
    const shifted = compareProfiles(
      profile([dataset('payment', [staff(0.5, 2)])]),
      profile([dataset('payment', [staff(0.8, 1)])]),
    );
    expect(shifted.metrics.find((metric) => metric.metric === 'ks')!.value).toBeCloseTo(0.3, 10);
  });

  it('leaves excluded fields out and skips keys and references', () => {
    const id = field('id', {
      type: { logical: 'integer', native: 'bigint', bits: 64 },
      key: ['primary'],
      generator: { kind: 'sequence', start: 1, step: 1 },
      stats: { count: 1000, nulls: 0, quantiles: { p5: 1, p50: 500, p95: 950 }, min: 1, max: 999 },
    });
    const shifted = { ...id, stats: { ...id.stats!, quantiles: { p5: 1001, p50: 1500, p95: 1950 } } };
    const comparison = compareProfiles(
      profile([dataset('t', [id, amount([[0, 1, 1]], 0)])]),
      profile([dataset('t', [shifted, amount([[5, 6, 1]], 0)])]),
      { exclude: ['t.amount'] },
    );
    expect(comparison.metrics.map((metric) => `${metric.subject} ${metric.metric}`)).toEqual(['id nulls']);
    expect(comparison.ok).toBe(true);
  });

  it('reports schema drift: datasets and fields added or removed, types changed', () => {
    const expected = profile([dataset('a', [amount([[0, 1, 1]], 0), field('gone', {})]), dataset('b', [])]);
    const changed = field('amount', { type: { logical: 'float', native: 'double precision' } });
    const actual = profile([dataset('a', [changed, field('new', {})]), dataset('c', [])]);
    const comparison = compareProfiles(expected, actual);
    expect(comparison.drift).toEqual([
      {
        kind: 'type-changed',
        dataset: 'a',
        field: 'amount',
        expected: 'decimal numeric(10,2)',
        actual: 'float double precision',
      },
      { kind: 'field-removed', dataset: 'a', field: 'gone' },
      { kind: 'field-added', dataset: 'a', field: 'new' },
      { kind: 'dataset-removed', dataset: 'b' },
      { kind: 'dataset-added', dataset: 'c' },
    ]);
    expect(comparison.ok).toBe(false);
    expect(formatComparison(comparison)).toContain('type changed: a.amount (decimal numeric(10,2) -> float');
  });

  it('counts character classes the actual values have and the measured ones do not', () => {
    const name = (classes: string[]) =>
      field('name', {
        type: { logical: 'string', native: 'text' },
        generator: { kind: 'semantic', semantic: 'person.first_name' },
        stats: { count: 1000, nulls: 0, length: { p50: 6 }, classes },
      });
    const comparison = compareProfiles(
      profile([dataset('t', [name(['lower', 'upper'])])]),
      profile([dataset('t', [name(['digit', 'lower', 'space', 'upper'])])]),
    );
    const classes = comparison.metrics.find((metric) => metric.metric === 'classes');
    expect(classes).toMatchObject({ subject: 'name', value: 2, bound: 0, ok: false });
    expect(comparison.metrics.map((metric) => metric.metric)).toEqual(['nulls', 'length-ks', 'classes']);
    expect(formatComparison(comparison)).toMatch(/name\s+classes\s+2\s+0\s+FAIL/);
    const fewer = compareProfiles(
      profile([dataset('t', [name(['lower', 'space', 'upper'])])]),
      profile([dataset('t', [name(['upper'])])]),
    );
    expect(fewer.ok).toBe(true);
  });

  it('compares the share of values in the expected dominant case style', () => {
    const name = (shares: Record<string, number>) =>
      field('city', {
        type: { logical: 'string', native: 'text' },
        generator: { kind: 'semantic', semantic: 'address.city' },
        stats: { count: 1000, nulls: 0, case: shares },
      });
    const upper = profile([dataset('t', [name({ upper: 0.98, title: 0.02 })])]);
    const title = compareProfiles(upper, profile([dataset('t', [name({ title: 1 })])]));
    expect(title.metrics.find((metric) => metric.metric === 'case')).toMatchObject({
      value: 0.98,
      bound: 0.05,
      ok: false,
      basis: 'stats.case.upper',
    });
    const close = compareProfiles(upper, profile([dataset('t', [name({ upper: 0.95, mixed: 0.05 })])]));
    expect(close.ok).toBe(true);
  });
});
