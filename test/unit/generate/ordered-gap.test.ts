import { describe, expect, it } from 'vitest';
import type { Value } from '../../../src/catalog/values.js';
import { compileGapRepair } from '../../../src/generate/rows/ordered-gap.js';
import { parseEpochSeconds } from '../../../src/generate/values/value-text.js';
import { StreamRandom } from '../../../src/shared/random.js';
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
});
