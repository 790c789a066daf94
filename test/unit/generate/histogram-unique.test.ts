import { describe, expect, it } from 'vitest';
import { compileFieldValue } from '../../../src/generate/values/recipes.js';
import { createPoolRegistry } from '../../../src/generate/values/semantic/pools.js';
import { StreamRandom } from '../../../src/shared/random.js';
import type { FieldTask } from '../../../src/tasks/types.js';

describe('unique times and timestamps', () => {
  it('take fractional seconds when the profiled span has fewer seconds than rows', () => {
    const rows = 20_000;
    const field: FieldTask = {
      name: 'wake',
      type: { logical: 'time', native: 'time without time zone' },
      nullable: false,
      generator: {
        kind: 'histogram',
        bins: [
          ['07:00:00', '08:00:00', 0.5],
          ['08:00:00', '09:00:00', 0.5],
        ],
        unique: true,
      },
    };
    const context = { seed: 1, key: 9, rows, pools: createPoolRegistry(1), where: 't.wake' };
    const generate = compileFieldValue(field, context, true);
    const random = new StreamRandom();
    const values = Array.from({ length: rows }, (_, index) =>
      String(generate(random.reset(3, index), index)),
    );
    expect(new Set(values).size).toBe(rows);
    expect(values.every((value) => value >= '07:00:00' && value <= '09:00:00')).toBe(true);
  });
});

describe('decimal histograms', () => {
  it('reach the profiled magnitude of a numeric without precision, as integers when the recipe says so', () => {
    const field: FieldTask = {
      name: 'big',
      type: { logical: 'decimal', native: 'numeric' },
      nullable: false,
      generator: { kind: 'histogram', bins: [[1e18, 9e19, 1]], integer: true },
    };
    const context = { seed: 1, key: 5, rows: 100, pools: createPoolRegistry(1), where: 't.big' };
    const generate = compileFieldValue(field, context, false);
    const random = new StreamRandom();
    const values = Array.from({ length: 100 }, (_, index) => String(generate(random.reset(3, index), index)));
    expect(values.every((value) => /^[0-9]{19,20}$/.test(value))).toBe(true);
  });
});

describe('timestamps at the measured hours of the day', () => {
  /** `rows` values of a timestamp field over 2009-2013 with the measured `hour` shares. */
  function timestamps(hour: readonly number[], rows: number, unique: boolean): string[] {
    const field: FieldTask = {
      name: 'at',
      type: { logical: 'timestamp', native: 'timestamp without time zone' },
      nullable: false,
      generator: {
        kind: 'histogram',
        bins: [
          ['2009-01-07', '2011-04-07', 0.5],
          ['2011-04-07', '2013-07-05', 0.5],
        ],
        ...(unique ? { unique: true } : {}),
      },
      stats: { count: rows, nulls: 0, hour: [...hour] },
    };
    const context = { seed: 1, key: 4, rows, pools: createPoolRegistry(1), where: 't.at' };
    const generate = compileFieldValue(field, context, unique);
    const random = new StreamRandom();
    return Array.from({ length: rows }, (_, index) => String(generate(random.reset(3, index), index)));
  }
  const firstHour = [1, ...Array.from({ length: 23 }, () => 0)];

  it('are midnights when every value fell in the first hour (dates in a timestamp column), unique ones too', () => {
    for (const unique of [false, true]) {
      const values = timestamps(firstHour, 1000, unique);
      for (const value of values) expect(value, value).toMatch(/^20(09|1[0-3])-\d\d-\d\dT00:00:00$/);
      if (unique) expect(new Set(values).size).toBe(1000);
    }
  });

  it('take the hours by their measured shares (business hours)', () => {
    const hours = Array.from({ length: 24 }, (_, hour) =>
      hour >= 9 && hour < 17 ? (hour === 12 ? 0.3 : 0.1) : 0,
    );
    const values = timestamps(hours, 4000, false);
    const counts = new Array<number>(24).fill(0);
    for (const value of values) counts[Number(value.slice(11, 13))]!++;
    for (let hour = 0; hour < 24; hour++)
      expect(counts[hour]! / 4000, `hour ${hour}`).toBeCloseTo(hours[hour]!, 1);
  });
});

describe('dates far from now', () => {
  it('reach a 9999-01-01 point mass exactly (the sentinel of open periods)', () => {
    const field: FieldTask = {
      name: 'to_date',
      type: { logical: 'date', native: 'date' },
      nullable: false,
      generator: {
        kind: 'histogram',
        bins: [
          ['1986-01-01', '2006-01-01', 0.8],
          ['9999-01-01', '9999-01-01', 0.2],
        ],
      },
    };
    const context = { seed: 1, key: 4, rows: 2000, pools: createPoolRegistry(1), where: 't.to_date' };
    const generate = compileFieldValue(field, context, false);
    const random = new StreamRandom();
    const values = Array.from({ length: 2000 }, (_, index) =>
      String(generate(random.reset(3, index), index)),
    );
    const open = values.filter((value) => value === '9999-01-01').length;
    expect(open / 2000).toBeCloseTo(0.2, 1);
    expect(values.every((value) => value === '9999-01-01' || value < '2006-01-02')).toBe(true);
  });
});
