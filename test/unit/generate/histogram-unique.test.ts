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
