import { describe, expect, it } from 'vitest';
import { createGeneration } from '../../../src/generate/engine.js';
import { capBlocks } from '../../../src/generate/rows/parent-mapping.js';
import { DoppelError } from '../../../src/shared/errors.js';
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
const tags = table('tags', 6, [id]);
const customers = table('customers', 2000, [id]);

/** Two of six tags on nearly every customer, the others on a few hundred: counts near or past 2,000. */
const perTag: CardinalityStats = {
  childless: 0,
  null_share: 0,
  p50: 400,
  p95: 2000,
  max: 2000,
  histogram: [
    [200, 400, 0.66],
    [1950, 2000, 0.34],
  ],
};

function reference(name: string, dataset: string): FieldTask {
  return {
    name,
    type: { logical: 'integer', native: 'integer' },
    nullable: false,
    generator: { kind: 'reference', dataset, field: 'id' },
  };
}

function junction(rows: number, key: 'primary' | 'unique'): DatasetTask {
  const fields = [reference('tag_id', 'tags'), reference('customer_id', 'customers')];
  const pair = { fields: ['tag_id', 'customer_id'] };
  return table('customer_tags', rows, fields, {
    keys: key === 'primary' ? { primary: pair, unique: [] } : { unique: [{ ...pair, via: 'constraint' }] },
    relations: [
      {
        from: { dataset: 'customer_tags', fields: ['tag_id'] },
        to: { dataset: 'tags', fields: ['id'] },
        declared: true,
        cardinality: perTag,
      },
      {
        from: { dataset: 'customer_tags', fields: ['customer_id'] },
        to: { dataset: 'customers', fields: ['id'] },
        declared: true,
      },
    ],
  });
}

async function collectPairs(task: DatasetTask, scale: number): Promise<{ rows: number; pairs: Set<string> }> {
  const generation = createGeneration(profileOf([tags, customers, task]), { seed: 3, scale });
  const pairs = new Set<string>();
  let rows = 0;
  for await (const batch of generation.batches('customer_tags'))
    for (const row of batch) {
      pairs.add(`${row.tag_id}/${row.customer_id}`);
      rows++;
    }
  return { rows, pairs };
}

describe('a key made of two references', () => {
  for (const key of ['primary', 'unique'] as const)
    for (const scale of [1, 3])
      it(`is unique by construction (${key} key, --scale ${scale}), with a few parents on nearly every row`, async () => {
        const { rows, pairs } = await collectPairs(junction(6000, key), scale);
        expect(rows).toBe(6000 * scale);
        expect(pairs.size).toBe(rows);
      });

  it('is unique by construction when a sample marked one reference unique (each parent seen once)', async () => {
    const sampled = junction(6000, 'primary');
    const { rows, pairs } = await collectPairs(
      {
        ...sampled,
        fields: sampled.fields.map((field) =>
          field.name === 'customer_id'
            ? { ...field, generator: { ...field.generator, unique: true } }
            : field,
        ),
        relations: sampled.relations.map((relation, position) =>
          position === 1
            ? { ...relation, cardinality: { ...perTag, p50: 3, p95: 3, max: 3, histogram: [[3, 3, 1]] } }
            : relation,
        ),
      },
      1,
    );
    expect(rows).toBe(6000);
    expect(pairs.size).toBe(rows);
  });

  it('fills nearly every pair when every tag is on nearly every customer', async () => {
    const dense = junction(11_990, 'primary');
    const { rows, pairs } = await collectPairs(
      {
        ...dense,
        relations: dense.relations.map((relation, position) =>
          position === 0
            ? { ...relation, cardinality: { ...perTag, histogram: [[1900, 2000, 1]] } }
            : relation,
        ),
      },
      1,
    );
    expect(rows).toBe(11_990);
    expect(pairs.size).toBe(rows);
  });

  it('keeps to the pairs its parents make, and refuses more rows asked for explicitly', async () => {
    const generate = async (rows: Readonly<Record<string, number>>) => {
      const generation = createGeneration(profileOf([tags, customers, junction(6000, 'primary')]), {
        seed: 3,
        rows,
      });
      const pairs = new Set<string>();
      for await (const batch of generation.batches('customer_tags'))
        for (const row of batch) pairs.add(`${row.tag_id}/${row.customer_id}`);
      return pairs.size;
    };
    // 100 customers and 6 tags: the profiled 6,000 rows become the 600 pairs there are.
    expect(await generate({ customers: 100 })).toBe(600);
    await expect(generate({ customers: 100, customer_tags: 6000 })).rejects.toThrow(DoppelError);
  });
});

describe('capped child counts', () => {
  it('hold every parent at the capacity, share the rest by weight and add up exactly', () => {
    const weights = [5000, 4000, 10, 20, 30, 0];
    const cumulative = new Float64Array(weights.length + 1);
    for (const [p, weight] of weights.entries()) cumulative[p + 1] = cumulative[p]! + weight;
    const capped = capBlocks(cumulative, 2100, 1000);
    const counts = weights.map((_, p) => capped[p + 1]! - capped[p]!);
    expect(counts.slice(0, 2)).toEqual([1000, 1000]);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(2100);
    expect(counts.every((count) => Number.isInteger(count) && count <= 1000)).toBe(true);
    expect(counts[4]!).toBeGreaterThan(counts[2]!);
  });
});
