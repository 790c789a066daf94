import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/catalog/values.js';
import { createGeneration, type GenerationOptions } from '../../../src/generate/engine.js';
import type { CardinalityStats, DatasetTask, FieldTask } from '../../../src/tasks/types.js';
import { profileOf } from './shop-profile.js';

function table(
  name: string,
  rows: number,
  fields: FieldTask[],
  extra: Partial<DatasetTask> = {},
): DatasetTask {
  return {
    version: 1,
    dataset: { source: 'shop', name, local: name, kind: 'table', writable: true, rows },
    sampling: { method: 'full', rows, seed: 1 },
    fields,
    keys: { primary: { fields: [fields[0]!.name] }, unique: [] },
    checks: [],
    indexes: [],
    relations: [],
    rules: [],
    ...extra,
  };
}

const id: FieldTask = {
  name: 'id',
  type: { logical: 'integer', native: 'integer' },
  nullable: false,
  generator: { kind: 'sequence', start: 1, step: 1 },
};

function reference(name: string, dataset: string, unique = false): FieldTask {
  return {
    name,
    type: { logical: 'integer', native: 'integer' },
    nullable: false,
    generator: { kind: 'reference', dataset, field: 'id', ...(unique ? { unique: true } : {}) },
  };
}

/** Every order has 2 to 5 lines. */
const perOrder: CardinalityStats = {
  childless: 0,
  null_share: 0,
  p50: 3,
  p95: 5,
  max: 5,
  histogram: [
    [2, 2, 0.3],
    [3, 3, 0.35],
    [4, 4, 0.2],
    [5, 5, 0.15],
  ],
};

/** Most products sell a handful of times, a few best-sellers hundreds of times. */
const perProduct: CardinalityStats = {
  childless: 0,
  null_share: 0,
  p50: 9,
  p95: 40,
  max: 420,
  histogram: [
    [1, 5, 0.2],
    [5, 10, 0.35],
    [10, 20, 0.3],
    [20, 60, 0.12],
    [100, 420, 0.03],
  ],
};

/** Two reference fields to `left` and `right` keyed together; `uniqueLeft` marks the first unique as a sample may. */
function junction(
  name: string,
  rows: number,
  [left, leftCardinality]: readonly [string, CardinalityStats],
  [right, rightCardinality]: readonly [string, CardinalityStats],
  uniqueLeft = false,
): DatasetTask {
  const leftField = `${left}_id`;
  const rightField = `${right}_id`;
  const relation = (field: string, parent: string, cardinality: CardinalityStats) => ({
    from: { dataset: name, fields: [field] },
    to: { dataset: parent, fields: ['id'] },
    declared: true,
    cardinality,
  });
  return table(name, rows, [reference(leftField, left, uniqueLeft), reference(rightField, right)], {
    keys: { primary: { fields: [leftField, rightField] }, unique: [] },
    relations: [relation(leftField, left, leftCardinality), relation(rightField, right, rightCardinality)],
  });
}

async function collect(tasks: DatasetTask[], name: string, options: GenerationOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of createGeneration(profileOf(tasks), options).batches(name)) rows.push(...batch);
  return rows;
}

const orderLines = (uniqueOrder = false) => [
  table('order', 1500, [id]),
  table('product', 300, [id]),
  junction('order_lines', 4800, ['order', perOrder], ['product', perProduct], uniqueOrder),
];

/** Share of parents per child count (parents without children counted at 0). */
function countShares(rows: readonly Row[], field: string, parents: number): Map<number, number> {
  const perParent = new Map<unknown, number>();
  for (const row of rows) perParent.set(row[field], (perParent.get(row[field]) ?? 0) + 1);
  const shares = new Map<number, number>([[0, (parents - perParent.size) / parents]]);
  for (const count of perParent.values()) shares.set(count, (shares.get(count) ?? 0) + 1 / parents);
  return shares;
}

const distinctPairs = (rows: readonly Row[], left: string, right: string) =>
  new Set(rows.map((row) => `${row[left]}/${row[right]}`)).size;

describe('a junction of two references', () => {
  it('keeps both sides’ children per parent, every pair distinct', async () => {
    for (const uniqueOrder of [false, true]) {
      const rows = await collect(orderLines(uniqueOrder), 'order_lines', { seed: 5 });
      expect(rows).toHaveLength(4800);
      expect(distinctPairs(rows, 'order_id', 'product_id')).toBe(rows.length);
      // Orders are the spread side: 2 to 5 lines each, by their measured shares.
      const orders = countShares(rows, 'order_id', 1500);
      expect([...orders].filter(([count, share]) => (count < 2 || count > 5) && share > 0)).toEqual([]);
      const measured = new Map(perOrder.histogram!.map(([count, , share]) => [Number(count), share]));
      for (const [count, share] of measured)
        expect(Math.abs((orders.get(count) ?? 0) - share), `orders with ${count} lines`).toBeLessThan(0.03);
      // Products are the base side: a long tail and a few best-sellers with hundreds of lines.
      const products = countShares(rows, 'product_id', 300);
      const few = [...products].filter(([count]) => count < 10).reduce((sum, [, share]) => sum + share, 0);
      expect(few).toBeGreaterThan(0.4);
      expect(Math.max(...products.keys())).toBeGreaterThan(100);
    }
  });

  it('keeps 2 or 3 tags per order when eight tags each have a thousand orders', async () => {
    const perTag: CardinalityStats = {
      childless: 0,
      null_share: 0,
      p50: 1000,
      p95: 1000,
      max: 1000,
      histogram: [[1000, 1000, 1]],
    };
    const perTagged: CardinalityStats = {
      childless: 0,
      null_share: 0,
      p50: 3,
      p95: 3,
      max: 3,
      histogram: [
        [2, 2, 1 / 3],
        [3, 3, 2 / 3],
      ],
    };
    const tasks = [
      table('order', 3000, [id]),
      table('tag', 8, [id]),
      junction('order_tags', 8000, ['order', perTagged], ['tag', perTag]),
    ];
    const rows = await collect(tasks, 'order_tags', { seed: 7 });
    expect(distinctPairs(rows, 'order_id', 'tag_id')).toBe(8000);
    const orders = countShares(rows, 'order_id', 3000);
    expect([...orders].filter(([count, share]) => (count < 2 || count > 3) && share > 0)).toEqual([]);
    expect(Math.abs((orders.get(2) ?? 0) - 1 / 3)).toBeLessThan(0.03);
  });

  it('gives every shard exactly its slice of the one-shot output', async () => {
    const whole = await collect(orderLines(), 'order_lines', { seed: 5 });
    const parts: Row[] = [];
    for (let index = 0; index < 3; index++)
      parts.push(...(await collect(orderLines(), 'order_lines', { seed: 5, shard: { index, count: 3 } })));
    expect(JSON.stringify(parts)).toBe(JSON.stringify(whole));
  });
});
