/**
 * An in-memory profile covering every recipe kind and logical type, with keys, a composite key, a
 * self reference, a foreign-key cycle, checks and rules: the fixture most generator tests run on.
 */
import type { DatasetTask, FieldTask, Profile, TypeTask } from '../../../src/tasks/types.js';

function field(
  name: string,
  type: TypeTask,
  generator: FieldTask['generator'],
  extra: Partial<FieldTask> = {},
): FieldTask {
  return { name, type, nullable: true, generator, ...extra };
}

/** A full-sampled table task of the test source `shop` with `fields` and nothing else unless `extra` says. */
export function dataset(
  name: string,
  rows: number,
  fields: FieldTask[],
  extra: Partial<DatasetTask> = {},
): DatasetTask {
  return {
    version: 1,
    dataset: {
      source: 'shop',
      name,
      namespace: 'public',
      local: name.split('.').at(-1)!,
      kind: 'table',
      writable: true,
      rows,
    },
    sampling: { method: 'full', rows, seed: 1 },
    fields,
    keys: { unique: [] },
    checks: [],
    indexes: [],
    relations: [],
    rules: [],
    ...extra,
  };
}

const int4: TypeTask = { logical: 'integer', native: 'integer' };
const int8: TypeTask = { logical: 'integer', native: 'bigint', bits: 64 };
const text: TypeTask = { logical: 'string', native: 'text' };
const tstz: TypeTask = { logical: 'timestamptz', native: 'timestamp with time zone' };

export const customers = dataset(
  'public.customers',
  1000,
  [
    field('id', int8, { kind: 'sequence', start: 1, step: 1 }, { nullable: false, key: ['primary'] }),
    field(
      'email',
      { logical: 'string', native: 'character varying(120)', length: 120 },
      { kind: 'semantic', semantic: 'email', unique: true },
      { nullable: false },
    ),
    field('first_name', text, { kind: 'semantic', semantic: 'person.first_name' }),
    field('last_name', text, { kind: 'semantic', semantic: 'person.last_name', nulls: 0.1 }),
    field('phone', text, { kind: 'semantic', semantic: 'phone', nulls: 0.2 }),
    field(
      'country',
      { logical: 'string', native: 'character(2)', length: 2, fixed_length: true },
      {
        kind: 'categorical',
        weights: { DE: 0.5, FR: 0.3 },
        other: { share: 0.2, pattern: '[A-Z]{2}' },
      },
    ),
    field(
      'tier',
      { logical: 'enum', native: 'tier', labels: ['free', 'pro', 'enterprise'] },
      { kind: 'categorical', weights: { free: 0.8, pro: 0.15 }, other: { share: 0.05 } },
    ),
    field(
      'balance',
      { logical: 'decimal', native: 'numeric(12,2)', precision: 12, scale: 2 },
      {
        kind: 'histogram',
        bins: [
          [0, 10, 0.5],
          [10, 1000, 0.4],
          [1000, 50000, 0.1],
        ],
      },
    ),
    field(
      'created_at',
      tstz,
      {
        kind: 'histogram',
        bins: [
          ['2020-01-01T00:00:00Z', '2022-01-01T00:00:00Z', 0.3],
          ['2022-01-01T00:00:00Z', '2024-06-01T00:00:00Z', 0.7],
        ],
      },
      { nullable: false },
    ),
    field(
      'birth_date',
      { logical: 'date', native: 'date' },
      {
        kind: 'histogram',
        bins: [
          ['1950-01-01', '1980-01-01', 0.4],
          ['1980-01-01', '2005-12-31', 0.6],
        ],
      },
    ),
    field('active', { logical: 'boolean', native: 'boolean' }, { kind: 'boolean', true_share: 0.9 }),
    field(
      'code',
      { logical: 'string', native: 'character varying(12)', length: 12 },
      { kind: 'pattern', pattern: '^C-[0-9]{4}[A-Z]$', unique: true },
    ),
    field('bio', text, { kind: 'text', length: { min: 0, p50: 60, p95: 200, max: 400 }, nulls: 0.3 }),
    field('external_id', { logical: 'uuid', native: 'uuid' }, { kind: 'uuid' }, { nullable: false }),
    field('iban', text, { kind: 'semantic', semantic: 'iban' }),
    field('card', text, { kind: 'semantic', semantic: 'credit_card' }),
    field('search', { logical: 'tsvector', native: 'tsvector' }, { kind: 'database' }),
  ],
  { keys: { primary: { fields: ['id'] }, unique: [{ fields: ['email'], via: 'constraint' }] } },
);

export const orders = dataset(
  'public.orders',
  3000,
  [
    field('id', { logical: 'uuid', native: 'uuid' }, { kind: 'uuid' }, { nullable: false, key: ['primary'] }),
    field(
      'customer_id',
      int8,
      { kind: 'reference', dataset: 'public.customers', field: 'id' },
      { nullable: true, key: ['foreign'] },
    ),
    field(
      'status',
      { logical: 'enum', native: 'order_status', labels: ['pending', 'paid', 'shipped', 'cancelled'] },
      { kind: 'categorical', weights: { pending: 0.07, paid: 0.21, shipped: 0.69, cancelled: 0.03 } },
      { nullable: false },
    ),
    field(
      'total',
      { logical: 'decimal', native: 'numeric(10,2)', precision: 10, scale: 2 },
      {
        kind: 'histogram',
        bins: [
          [0, 12.5, 0.3],
          [12.5, 31, 0.3],
          [31, 500, 0.4],
        ],
      },
      { nullable: false },
    ),
    field(
      'quantity',
      int4,
      {
        kind: 'histogram',
        bins: [
          [-5, 10, 0.9],
          [10, 200, 0.1],
        ],
        integer: true,
      },
      { nullable: false },
    ),
    field(
      'created_at',
      tstz,
      { kind: 'histogram', bins: [['2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 1]] },
      { nullable: false },
    ),
    field('shipped_at', tstz, {
      kind: 'histogram',
      bins: [['2023-01-01T00:00:00Z', '2024-02-01T00:00:00Z', 1]],
      nulls: 0.2,
    }),
    field(
      'currency',
      { logical: 'string', native: 'character(3)', length: 3 },
      { kind: 'constant', value: 'EUR' },
      { nullable: false },
    ),
    field('region', text, { kind: 'categorical', weights: { north: 0.5, south: 0.5 } }, { nullable: false }),
    field('region_manager', text, { kind: 'semantic', semantic: 'person.full_name' }, { nullable: false }),
    field(
      'meta',
      { logical: 'json', native: 'jsonb' },
      { kind: 'document' },
      {
        fields: [
          field(
            'channel',
            text,
            { kind: 'categorical', weights: { web: 0.7, app: 0.3 } },
            { stats: { count: 10, nulls: 0, presence: 1 } },
          ),
          field(
            'coupon',
            text,
            { kind: 'pattern', pattern: '[A-Z]{5}' },
            { stats: { count: 10, nulls: 0, presence: 0.3 } },
          ),
        ],
      },
    ),
    field(
      'tags',
      { logical: 'array', native: 'text[]', element: text, dimensions: 1 },
      { kind: 'array', length: { min: 0, p50: 2, max: 5 } },
      {
        element: field(
          '[]',
          text,
          { kind: 'categorical', weights: { gift: 0.5, express: 0.5 } },
          { nullable: false },
        ),
      },
    ),
    field('legacy', text, { kind: 'null' }),
    field(
      'total_with_tax',
      { logical: 'decimal', native: 'numeric(10,2)' },
      { kind: 'database' },
      { generated: 'total * 1.19' },
    ),
  ],
  {
    keys: { primary: { fields: ['id'] }, unique: [] },
    checks: [
      {
        expression: 'quantity > 0',
        parsed: { kind: 'range', field: 'quantity', min: 0, minExclusive: true },
      },
      {
        expression: 'created_at <= shipped_at',
        parsed: { kind: 'compare', left: 'created_at', op: '<=', right: 'shipped_at' },
      },
    ],
    relations: [
      {
        from: { dataset: 'public.orders', fields: ['customer_id'] },
        to: { dataset: 'public.customers', fields: ['id'] },
        declared: true,
        cardinality: {
          childless: 0.2,
          null_share: 0.05,
          p50: 2,
          p95: 8,
          max: 20,
          histogram: [
            [1, 2, 0.5],
            [2, 5, 0.3],
            [5, 20, 0.2],
          ],
        },
      },
    ],
    rules: [{ kind: 'depends', fields: ['region'], determines: 'region_manager' }],
  },
);

export const orderItems = dataset(
  'public.order_items',
  8000,
  [
    field(
      'order_id',
      { logical: 'uuid', native: 'uuid' },
      { kind: 'reference', dataset: 'public.orders', field: 'id' },
      { nullable: false },
    ),
    field('line_no', int4, { kind: 'histogram', bins: [[1, 5, 1]], integer: true }, { nullable: false }),
    field('sku', text, { kind: 'pattern', pattern: 'SKU-[0-9]{6}' }, { nullable: false }),
    field(
      'price',
      { logical: 'float', native: 'double precision' },
      { kind: 'histogram', bins: [[0.5, 100, 1]], scale: 2 },
    ),
  ],
  {
    keys: { primary: { fields: ['order_id', 'line_no'] }, unique: [] },
    relations: [
      {
        from: { dataset: 'public.order_items', fields: ['order_id'] },
        to: { dataset: 'public.orders', fields: ['id'] },
        declared: true,
        cardinality: {
          childless: 0,
          null_share: 0,
          p50: 2,
          p95: 5,
          max: 9,
          histogram: [
            [1, 3, 0.7],
            [3, 9, 0.3],
          ],
        },
      },
    ],
  },
);

export const employees = dataset(
  'public.employees',
  200,
  [
    field('id', int4, { kind: 'sequence', start: 100, step: 1 }, { nullable: false }),
    field('manager_id', int4, { kind: 'reference', dataset: 'public.employees', field: 'id' }),
    field(
      'department_id',
      int4,
      { kind: 'reference', dataset: 'public.departments', field: 'id' },
      { nullable: false },
    ),
    field('username', text, { kind: 'semantic', semantic: 'username', unique: true }, { nullable: false }),
  ],
  { keys: { primary: { fields: ['id'] }, unique: [{ fields: ['username'], via: 'constraint' }] } },
);

export const departments = dataset(
  'public.departments',
  20,
  [
    field('id', int4, { kind: 'sequence', start: 1, step: 1 }, { nullable: false }),
    field('name', text, { kind: 'semantic', semantic: 'company', unique: true }, { nullable: false }),
    field('head_id', int4, { kind: 'reference', dataset: 'public.employees', field: 'id' }),
  ],
  { keys: { primary: { fields: ['id'] }, unique: [] } },
);

/** The shop profile: customers, orders, order_items, and an employees/departments cycle. */
export function buildShopProfile(): Profile {
  return profileOf([orderItems, orders, customers, employees, departments]);
}

/** A profile of `datasets` from one PostgreSQL source named after the first dataset's source. */
export function profileOf(datasets: DatasetTask[]): Profile {
  const source = datasets[0]?.dataset.source ?? 'shop';
  return {
    plan: {
      version: 1,
      profile: source,
      taken: { at: '2024-06-01T00:00:00Z', by: 'doppel test' },
      sampling: { method: 'full', seed: 1 },
      privacy: { k: 10, digits: 3, overrides: [] },
      sources: [{ name: source, kind: 'postgres' }],
      datasets: datasets.map((task) => ({
        source,
        name: task.dataset.name,
        file: `${task.dataset.name}.yaml`,
        enabled: true,
      })),
      relations: [],
    },
    datasets,
  };
}
