import { describe, expect, it } from 'vitest';
import type { Value } from '../../../src/catalog/values.js';
import { compileRowRepairs } from '../../../src/generate/rows/row-rules.js';
import { StreamRandom } from '../../../src/shared/random.js';
import { parseCheck } from '../../../src/sources/parse-check.js';
import type { CheckTask, DatasetTask, FieldTask, TypeTask } from '../../../src/tasks/types.js';

const timestamptz: TypeTask = {
  logical: 'timestamptz',
  native: 'timestamp with time zone',
  time_precision: 0,
};

function field(name: string, nullable = true): FieldTask {
  return { name, type: timestamptz, nullable, generator: { kind: 'null' } };
}

function flights(checks: readonly CheckTask[], fields: readonly FieldTask[]): DatasetTask {
  return {
    version: 1,
    dataset: {
      source: 's',
      name: 'bookings.flights',
      local: 'flights',
      kind: 'table',
      writable: true,
      rows: 10,
    },
    sampling: { method: 'full', rows: 10, seed: 1 },
    fields,
    keys: { unique: [] },
    checks,
    indexes: [],
    relations: [],
    rules: [],
  };
}

function repaired(task: DatasetTask, row: Record<string, Value>): Record<string, Value> {
  const copy = { ...row };
  for (const repair of compileRowRepairs(task)) repair(copy, new StreamRandom().reset(1, 1));
  return copy;
}

// The airline demo database's flights_check1, as pg_get_constraintdef prints it.
const arrivalCheck: CheckTask = {
  name: 'flights_check1',
  expression:
    '(actual_arrival IS NULL OR actual_departure IS NOT NULL AND actual_arrival IS NOT NULL AND actual_arrival > actual_departure)',
  parsed: parseCheck(
    '(actual_arrival IS NULL OR actual_departure IS NOT NULL AND actual_arrival IS NOT NULL AND actual_arrival > actual_departure)',
  )!,
};

describe('row repairs of a when-present check', () => {
  const task = flights([arrivalCheck], [field('actual_departure'), field('actual_arrival')]);

  it('leaves the arrival empty where the departure is', () => {
    expect(
      repaired(task, { actual_departure: null, actual_arrival: '2017-07-16T10:00:00Z' }).actual_arrival,
    ).toBeNull();
  });

  it('puts an arrival after its departure, a second on where they are equal', () => {
    expect(
      repaired(task, { actual_departure: '2017-07-16T12:00:00Z', actual_arrival: '2017-07-16T10:00:00Z' }),
    ).toEqual({ actual_departure: '2017-07-16T10:00:00Z', actual_arrival: '2017-07-16T12:00:00Z' });
    expect(
      repaired(task, { actual_departure: '2017-07-24T23:59:59Z', actual_arrival: '2017-07-24T23:59:59Z' })
        .actual_arrival,
    ).toBe('2017-07-25T00:00:00Z');
  });

  it('keeps the value of a field that cannot be null', () => {
    const required = flights([arrivalCheck], [field('actual_departure'), field('actual_arrival', false)]);
    expect(
      repaired(required, { actual_departure: null, actual_arrival: '2017-07-16T10:00:00Z' }).actual_arrival,
    ).toBe('2017-07-16T10:00:00Z');
  });
});

describe('row repairs of ordered rules with gaps', () => {
  const hours = { histogram: [[3600, 28_000, 1]] as [number, number, number][], unit: 'seconds' as const };
  const minutes = { histogram: [[0, 1140, 1]] as [number, number, number][], unit: 'seconds' as const };
  const task: DatasetTask = {
    ...flights(
      [],
      ['scheduled_departure', 'scheduled_arrival', 'actual_departure', 'actual_arrival'].map((name) =>
        field(name),
      ),
    ),
    rules: [
      { kind: 'ordered', fields: ['scheduled_departure', 'scheduled_arrival'], strict: true, gap: hours },
      { kind: 'ordered', fields: ['scheduled_departure', 'actual_departure'], gap: minutes },
      { kind: 'ordered', fields: ['scheduled_arrival', 'actual_arrival'], gap: minutes },
      { kind: 'ordered', fields: ['actual_departure', 'actual_arrival'], strict: true, gap: hours },
    ],
  };

  it('draws a field after the field of its narrowest gap (an arrival after its schedule, not its departure)', () => {
    const repairs = compileRowRepairs(task);
    const random = new StreamRandom();
    for (let i = 0; i < 200; i++) {
      const row: Record<string, Value> = {
        scheduled_departure: '2017-07-16T10:00:00Z',
        scheduled_arrival: '2017-07-16T00:00:00Z',
        actual_departure: '2017-07-16T00:00:00Z',
        actual_arrival: '2017-07-16T00:00:00Z',
      };
      random.reset(5, i);
      for (const repair of repairs) repair(row, random);
      const delay =
        (Date.parse(String(row.actual_arrival)) - Date.parse(String(row.scheduled_arrival))) / 1000;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(1140);
      expect(Date.parse(String(row.actual_departure))).toBeLessThan(Date.parse(String(row.actual_arrival)));
    }
  });
});

describe('row repairs of a chain of checks', () => {
  it('keeps ordered_at <= shipped_at < delivered_at whatever order the checks come in', () => {
    const chain: CheckTask[] = [
      {
        name: 'orders_delivered_after_shipped',
        expression: '(delivered_at IS NULL OR shipped_at IS NOT NULL AND delivered_at > shipped_at)',
        parsed: parseCheck('(delivered_at IS NULL OR shipped_at IS NOT NULL AND delivered_at > shipped_at)')!,
      },
      {
        name: 'orders_shipped_after_ordered',
        expression: '(shipped_at >= ordered_at)',
        parsed: parseCheck('(shipped_at >= ordered_at)')!,
      },
    ];
    const task = flights(chain, [field('ordered_at', false), field('shipped_at'), field('delivered_at')]);
    expect(
      repaired(task, {
        ordered_at: '2024-03-03T00:00:00Z',
        shipped_at: '2024-03-02T00:00:00Z',
        delivered_at: '2024-03-01T00:00:00Z',
      }),
    ).toEqual({
      ordered_at: '2024-03-01T00:00:00Z',
      shipped_at: '2024-03-02T00:00:00Z',
      delivered_at: '2024-03-03T00:00:00Z',
    });
  });
});
