/**
 * An orders table's shipping fields with the `depends` rules the profiler finds on them, alone or copied from
 * a customers table (a `copies` rule), a count of the rows that break a `depends` rule, and the rows a set of
 * tasks generates: shared by the tests of depends-order.ts, copies-steps.ts and parent-determines-steps.ts.
 */
import type { Row } from '../../../src/catalog/values.js';
import { createGeneration } from '../../../src/generate/engine.js';
import type { DependsRule } from '../../../src/generate/rows/depends-order.js';
import type { DatasetTask, FieldTask, RuleTask, TypeTask } from '../../../src/tasks/types.js';
import { dataset, profileOf } from './shop-profile.js';

export const depends = (from: string, to: string, pairs?: Record<string, string>): DependsRule => ({
  kind: 'depends',
  fields: [from],
  determines: to,
  ...(pairs ? { pairs } : {}),
});

const CITIES: Record<string, string> = {
  Lisboa: 'PT',
  Porto: 'PT',
  Madrid: 'ES',
  Paris: 'FR',
  Lyon: 'FR',
  Berlin: 'DE',
};

// The rules the profiler finds on an orders table's shipping fields, in its order.
export const SHIPPING: DependsRule[] = [
  depends('ship_name', 'ship_address'),
  depends('ship_name', 'ship_city'),
  depends('ship_name', 'ship_postal_code'),
  depends('ship_name', 'ship_country'),
  depends('ship_address', 'ship_city'),
  depends('ship_address', 'ship_postal_code'),
  depends('ship_address', 'ship_country'),
  depends('ship_city', 'ship_country', CITIES),
  depends('ship_postal_code', 'ship_city'),
  depends('ship_postal_code', 'ship_country'),
];

const text: TypeTask = { logical: 'string', native: 'text' };
const field = (
  name: string,
  generator: FieldTask['generator'],
  extra: Partial<FieldTask> = {},
): FieldTask => ({
  name,
  type: text,
  nullable: false,
  generator,
  ...extra,
});
const categorical = (values: string[]): FieldTask['generator'] => ({
  kind: 'categorical',
  weights: Object.fromEntries(values.map((value, index) => [value, index + 1])),
});

const shippingFields = (): FieldTask[] => [
  field('ship_name', categorical(Array.from({ length: 40 }, (_, index) => `Company ${index}`))),
  field('ship_address', { kind: 'semantic', semantic: 'address.street' }),
  field('ship_city', categorical(Object.keys(CITIES))),
  field('ship_postal_code', { kind: 'semantic', semantic: 'address.postal_code' }),
  field('ship_country', categorical(['PT', 'ES', 'FR', 'DE'])),
];

/** 3,000 orders with only their shipping fields and `rules`. */
export function ordersWith(rules: RuleTask[]): DatasetTask {
  return dataset('public.orders', 3000, shippingFields(), { rules });
}

const int4: TypeTask = { logical: 'integer', native: 'integer' };
const key = (name: string): FieldTask => ({
  name,
  type: int4,
  nullable: false,
  key: ['primary'],
  generator: { kind: 'sequence', start: 1, step: 1, unique: true },
});

/**
 * 120 customers with an address each (the address and postal code unique, the city in its country) and
 * 2,000 orders whose shipping fields copy their customer's for `share` of the rows, with the SHIPPING rules.
 * The orders' own ship addresses repeat (a vocabulary of 117, as measured on orders shipped to customers).
 */
export function customersAndOrders(share: number): DatasetTask[] {
  const customers = dataset(
    'public.customers',
    120,
    [
      key('id'),
      field('company_name', {
        kind: 'pattern',
        pattern: '[A-Z][a-z]{3,4} [A-Z][a-z]{4,9} [0-9]{1,3}',
        unique: true,
      }),
      field('address', { kind: 'semantic', semantic: 'address.street', unique: true }),
      field('city', categorical(Object.keys(CITIES))),
      field('postal_code', { kind: 'semantic', semantic: 'address.postal_code', unique: true }),
      field('country', categorical(['PT', 'ES', 'FR', 'DE'])),
    ],
    {
      keys: { primary: { fields: ['id'] }, unique: [] },
      rules: [depends('city', 'country', CITIES)],
    },
  );
  const [name, address, ...rest] = shippingFields();
  const orders = dataset(
    'public.orders',
    2000,
    [
      key('id'),
      field(
        'customer_id',
        { kind: 'reference', dataset: 'public.customers', field: 'id' },
        { type: int4, key: ['foreign'] },
      ),
      name!,
      { ...address!, stats: { count: 2000, nulls: 0, distinct: 117 } },
      ...rest,
    ],
    {
      keys: { primary: { fields: ['id'] }, unique: [] },
      relations: [
        {
          from: { dataset: 'public.orders', fields: ['customer_id'] },
          to: { dataset: 'public.customers', fields: ['id'] },
          declared: true,
        },
      ],
      rules: [
        ...SHIPPING,
        {
          kind: 'copies',
          relation: ['customer_id'],
          fields: {
            ship_name: 'company_name',
            ship_address: 'address',
            ship_city: 'city',
            ship_postal_code: 'postal_code',
            ship_country: 'country',
          },
          share,
        },
      ],
    },
  );
  return [customers, orders];
}

/** Rows whose determinant value maps to more than one dependent value, per rule. */
export function countConflicts(rows: readonly Row[], rules: readonly DependsRule[]): Record<string, number> {
  const conflicts: Record<string, number> = {};
  for (const rule of rules) {
    const seen = new Map<string, Set<string>>();
    for (const row of rows) {
      const key = rule.fields.map((name) => String(row[name])).join('\u0000');
      seen.set(key, (seen.get(key) ?? new Set()).add(String(row[rule.determines])));
    }
    conflicts[`${rule.fields.join(',')} -> ${rule.determines}`] = rows.filter(
      (row) => seen.get(rule.fields.map((name) => String(row[name])).join('\u0000'))!.size > 1,
    ).length;
  }
  return conflicts;
}

/**
 * The rows `createGeneration` gives for `datasets` with `seed`, per dataset (parents first, as listed), and
 * the last dataset's rows read back from its column batches.
 */
export async function generateRows(
  datasets: DatasetTask[],
  seed: number,
): Promise<{ rows: Record<string, Row[]>; columns: Row[] }> {
  const generation = createGeneration(profileOf(datasets), { seed });
  const rows: Record<string, Row[]> = {};
  for (const task of datasets) {
    const name = task.dataset.name;
    rows[name] = [];
    for await (const batch of generation.batches(name)) rows[name].push(...batch);
  }
  const columns: Row[] = [];
  for await (const batch of generation.columnBatches(datasets.at(-1)!.dataset.name))
    for (let offset = 0; offset < batch.length; offset++)
      columns.push(Object.fromEntries(batch.fields.map((name, at) => [name, batch.columns[at]![offset]!])));
  return { rows, columns };
}
