import { describe, expect, it } from 'vitest';
import type { Value } from '../../../src/catalog/values.js';
import { compileGapRepair, drawOwnValues } from '../../../src/generate/rows/ordered-gap.js';
import { parseEpochSeconds } from '../../../src/generate/values/value-text.js';
import { type Random, StreamRandom } from '../../../src/shared/random.js';
import type { FieldTask, TypeTask } from '../../../src/tasks/types.js';

function field(name: string, type: TypeTask): FieldTask {
  return { name, type, nullable: true, generator: { kind: 'null' } };
}

const timestamp: TypeTask = {
  logical: 'timestamp',
  native: 'timestamp without time zone',
  time_precision: 0,
};
const date: TypeTask = { logical: 'date', native: 'date' };

describe('ordered gap', () => {
  it('draws the later timestamp as the earlier one plus a gap from the histogram', () => {
    const repair = compileGapRepair(
      field('ordered_at', timestamp),
      field('shipped_at', timestamp),
      {
        histogram: [
          [3600, 7200, 0.5],
          [86400, 86400, 0.5],
        ],
        unit: 'seconds',
      },
      true,
    )!;
    const random = new StreamRandom();
    const lags: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const row: Record<string, Value> = {
        ordered_at: '2024-03-01T10:00:00',
        shipped_at: '2000-01-01T00:00:00',
      };
      repair(row, random.reset(99, i));
      lags.push(parseEpochSeconds(String(row.shipped_at)) - parseEpochSeconds('2024-03-01T10:00:00'));
    }
    expect(lags.every((lag) => (lag >= 3600 && lag <= 7200) || lag === 86400)).toBe(true);
    const day = lags.filter((lag) => lag === 86400).length / lags.length;
    expect(day).toBeGreaterThan(0.45);
    expect(day).toBeLessThan(0.55);
  });

  it('keeps a later value drawn on a point mass of its own histogram (open periods end 9999-01-01)', () => {
    const toDate: FieldTask = {
      ...field('to_date', date),
      generator: {
        kind: 'histogram',
        bins: [
          ['1990-01-01', '2002-01-01', 0.8],
          ['9999-01-01', '9999-01-01', 0.2],
        ],
      },
    };
    const repair = compileGapRepair(
      field('from_date', date),
      toDate,
      { histogram: [[365, 365, 1]], unit: 'days' },
      true,
    )!;
    const random = new StreamRandom();
    const open: Record<string, Value> = { from_date: '1995-06-01', to_date: '9999-01-01' };
    repair(open, random.reset(1, 1));
    expect(open.to_date).toBe('9999-01-01');
    const closed: Record<string, Value> = { from_date: '1995-06-01', to_date: '1991-03-04' };
    repair(closed, random.reset(1, 2));
    expect(closed.to_date).toBe('1996-05-31');
  });

  it('leaves nulls alone and converts a gap in seconds onto a date axis', () => {
    const repair = compileGapRepair(
      field('start', date),
      field('end', date),
      { histogram: [[172800, 172800, 1]], unit: 'seconds' },
      false,
    )!;
    const random = new StreamRandom();
    const row: Record<string, Value> = { start: '2024-02-28', end: '1999-01-01' };
    repair(row, random.reset(1, 1));
    expect(row.end).toBe('2024-03-01');
    const empty: Record<string, Value> = { start: '2024-02-28', end: null };
    repair(empty, random.reset(1, 2));
    expect(empty.end).toBeNull();
  });

  it('has no repair for types without an axis (the rule falls back to swapping)', () => {
    const text: TypeTask = { logical: 'string', native: 'text' };
    expect(
      compileGapRepair(field('a', text), field('b', text), { histogram: [[1, 2, 1]], unit: 'number' }, false),
    ).toBeUndefined();
  });

  it('keeps a later field whose values repeat on its own values (a total of 900 prices, not 3,000)', () => {
    const money: TypeTask = { logical: 'decimal', native: 'decimal(12,2)', precision: 12, scale: 2 };
    const total: FieldTask = {
      ...field('total', money),
      stats: { count: 3000, nulls: 0, distinct: 899 },
    };
    // The later field's own generator: 900 prices on a grid of whole units and a quarter.
    const prices = (random: Random) => (10.25 + random.below(900)).toFixed(2);
    const own = drawOwnValues(total, prices, 5)!;
    expect(new Set(own).size).toBeLessThanOrEqual(900);
    const repair = compileGapRepair(
      field('discount', money),
      total,
      { histogram: [[4, 900, 1]], unit: 'number' },
      true,
      own,
    )!;
    const random = new StreamRandom();
    const totals = new Set<Value>();
    for (let i = 0; i < 3000; i++) {
      const row: Record<string, Value> = { discount: `${i % 10}.00`, total: '0.00' };
      repair(row, random.reset(17, i));
      expect(Number(row.total)).toBeGreaterThan(i % 10);
      totals.add(row.total!);
    }
    // Without the field's own values, every row drew cents of its own: about 2,960 distinct totals.
    expect([...totals].every((value) => String(value).endsWith('.25'))).toBe(true);
    expect(totals.size).toBeGreaterThan(700);
    expect(totals.size).toBeLessThan(1000);
  });

  it('has no own values for a later field whose values hardly repeat', () => {
    const at: FieldTask = { ...field('at', timestamp), stats: { count: 3000, nulls: 0, distinct: 2990 } };
    expect(drawOwnValues(at, () => '2024-01-01T00:00:00', 5)).toBeUndefined();
  });
});
