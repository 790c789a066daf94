/** What each field's chart draws, chosen from the richest thing its task file holds. */
import { describe, expect, it } from 'vitest';
import { distributionOf, lengthBinsOf } from '../../../src/report/distribution.js';
import type { FieldTask } from '../../../src/tasks/types.js';

const base = { nullable: false, type: { logical: 'integer', native: 'bigint', bits: 64 } } as const;

function field(overrides: Partial<FieldTask>): FieldTask {
  return { name: 'f', ...base, generator: { kind: 'null' }, ...overrides } as FieldTask;
}

describe('distributionOf', () => {
  it('draws the histogram recipe bin by bin, dates on a date axis', () => {
    const result = distributionOf(
      field({
        type: { logical: 'date', native: 'date' },
        generator: {
          kind: 'histogram',
          bins: [
            ['2024-01-01', '2024-02-01', 0.5],
            ['2024-02-01', '2024-02-01', 0.5],
          ],
        },
      }),
    );
    expect(result).toEqual({
      kind: 'bins',
      basis: 'histogram',
      axis: 'date',
      bins: [
        { low: Date.UTC(2024, 0, 1), high: Date.UTC(2024, 1, 1), weight: 0.5 },
        { low: Date.UTC(2024, 1, 1), high: Date.UTC(2024, 1, 1), weight: 0.5 },
      ],
    });
  });

  it('draws kept values of categorical, boolean and constant recipes, with the other share apart', () => {
    expect(
      distributionOf(
        field({ generator: { kind: 'categorical', weights: { a: 0.6, b: 0.3 }, other: { share: 0.1 } } }),
      ),
    ).toEqual({
      kind: 'values',
      basis: 'weights',
      values: [
        { label: 'a', share: 0.6 },
        { label: 'b', share: 0.3 },
      ],
      other: 0.1,
    });
    expect(distributionOf(field({ generator: { kind: 'boolean', true_share: 0.25 } }))).toMatchObject({
      basis: 'boolean',
      values: [
        { label: 'true', share: 0.25 },
        { label: 'false', share: 0.75 },
      ],
    });
    expect(distributionOf(field({ generator: { kind: 'constant', value: { x: 1 } } }))).toMatchObject({
      basis: 'constant',
      values: [{ label: '{"x":1}', share: 1 }],
    });
  });

  it('draws keys and references between their stored quantiles, tail quantiles at the ends', () => {
    const result = distributionOf(
      field({
        generator: { kind: 'sequence', start: 1, step: 1 },
        stats: {
          count: 100,
          nulls: 0,
          min: 1,
          max: 100,
          quantiles: { p5: 5, p25: 25, p50: 50, p75: 75, p95: 95 },
        },
      }),
    );
    const round = (weight: number) => Math.round(weight * 1e9) / 1e9;
    expect(
      result.kind === 'bins' && result.bins.map((bin) => [bin.low, bin.high, round(bin.weight)]),
    ).toEqual([
      [1, 5, 0.05],
      [5, 25, 0.2],
      [25, 50, 0.25],
      [50, 75, 0.25],
      [75, 95, 0.2],
      [95, 100, 0.05],
    ]);
    expect(result.basis).toBe('quantiles');
  });

  it('falls back to top values, then key presence, then lengths, then nothing', () => {
    const top = distributionOf(
      field({
        type: { logical: 'string', native: 'text' },
        generator: { kind: 'pattern', pattern: '[A-Z]{2}' },
        stats: { count: 10, nulls: 0, top: [{ value: 'AB', share: 0.5 }] },
      }),
    );
    expect(top).toMatchObject({ basis: 'top values', values: [{ label: 'AB', share: 0.5 }] });
    const child = field({ name: 'k', stats: { count: 5, nulls: 0, presence: 0.4 } });
    expect(
      distributionOf(
        field({
          type: { logical: 'json', native: 'jsonb' },
          generator: { kind: 'document' },
          fields: [child],
        }),
      ),
    ).toMatchObject({ basis: 'key presence', values: [{ label: 'k', share: 0.4 }] });
    const personal = distributionOf(
      field({
        type: { logical: 'string', native: 'text' },
        generator: { kind: 'semantic', semantic: 'email' },
        stats: { count: 10, nulls: 0, length: { min: 10, p5: 12, p50: 20, p95: 30, max: 31 } },
      }),
    );
    expect(personal).toMatchObject({ basis: 'lengths', axis: 'number' });
    expect(personal.kind === 'bins' && personal.bins).toHaveLength(4);
    expect(distributionOf(field({ generator: { kind: 'uuid' } }))).toEqual({ kind: 'none', basis: 'none' });
  });

  it('makes point masses of repeated length quantiles', () => {
    const bins = lengthBinsOf({ min: 36, p5: 36, p50: 36, p95: 36, max: 36 });
    expect(bins.map((bin) => [bin.low, bin.high, Math.round(bin.weight * 1e9) / 1e9])).toEqual([
      [36, 36, 0.05],
      [36, 36, 0.45],
      [36, 36, 0.45],
      [36, 36, 0.05],
    ]);
  });
});
