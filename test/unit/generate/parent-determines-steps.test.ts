import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/catalog/values.js';
import type { DatasetTask, FieldTask, TypeTask } from '../../../src/tasks/types.js';
import { countConflicts, depends, generateRows } from './shipping-profile.js';
import { dataset } from './shop-profile.js';

const text: TypeTask = { logical: 'string', native: 'text' };
const int4: TypeTask = { logical: 'integer', native: 'integer' };
const categorical = (weights: Record<string, number>): FieldTask['generator'] => ({
  kind: 'categorical',
  weights,
});
const field = (name: string, generator: FieldTask['generator'], type = text): FieldTask => ({
  name,
  type,
  nullable: false,
  generator,
});
const PAIRS = { PT: 'pt', ES: 'es', FR: 'fr', DE: 'de' };
const GREETINGS = { pt: 'Olá', es: 'Hola', fr: 'Bonjour', de: 'Hallo', it: 'Ciao', en: 'Hello' };

/**
 * 120 customers in five countries (IT has no measured pair) and 2,000 orders whose language the customer's
 * country determines for `share` of the rows; the greeting depends on the language within the order.
 */
function customersAndOrders(share: number): DatasetTask[] {
  const customers = dataset(
    'public.customers',
    120,
    [
      { ...field('id', { kind: 'sequence', start: 1, step: 1, unique: true }, int4), key: ['primary'] },
      field('country', categorical({ PT: 0.3, ES: 0.25, FR: 0.2, DE: 0.15, IT: 0.1 })),
    ],
    { keys: { primary: { fields: ['id'] }, unique: [] } },
  );
  const orders = dataset(
    'public.orders',
    2000,
    [
      { ...field('id', { kind: 'sequence', start: 1, step: 1, unique: true }, int4), key: ['primary'] },
      {
        ...field('customer_id', { kind: 'reference', dataset: 'public.customers', field: 'id' }, int4),
        key: ['foreign'],
      },
      field('language', categorical({ pt: 0.3, es: 0.25, fr: 0.2, de: 0.15, it: 0.05, en: 0.05 })),
      field('greeting', categorical(Object.fromEntries(Object.values(GREETINGS).map((value) => [value, 1])))),
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
        depends('language', 'greeting', GREETINGS),
        {
          kind: 'parent-determines',
          relation: ['customer_id'],
          field: 'country',
          determines: 'language',
          pairs: PAIRS,
          share,
        },
      ],
    },
  );
  return [customers, orders];
}

async function generate(share: number): Promise<{ customers: Row[]; orders: Row[]; columns: Row[] }> {
  const { rows, columns } = await generateRows(customersAndOrders(share), 5);
  return { customers: rows['public.customers']!, orders: rows['public.orders']!, columns };
}

describe('parent-determines rules', () => {
  it("looks the child field up from its generated parent's field for the rule's share of the rows", async () => {
    const { customers, orders, columns } = await generate(0.95);
    const countryOf = new Map(customers.map((customer) => [customer.id, String(customer.country)]));
    const paired = orders.filter((order) => countryOf.get(order.customer_id) !== 'IT');
    const kept = paired.filter(
      (order) => PAIRS[countryOf.get(order.customer_id) as keyof typeof PAIRS] === order.language,
    ).length;
    // 95% of the rows are looked up; the others keep their own value, which matches by chance now and then.
    expect(kept / paired.length).toBeGreaterThanOrEqual(0.95);
    expect(kept / paired.length).toBeLessThan(0.98);
    // A country without a measured pair still gives one language (matched by share) to most of its orders.
    const italian = orders.filter((order) => countryOf.get(order.customer_id) === 'IT');
    const languages = new Map<string, number>();
    for (const order of italian)
      languages.set(String(order.language), (languages.get(String(order.language)) ?? 0) + 1);
    expect(italian.length).toBeGreaterThan(50);
    expect(Math.max(...languages.values()) / italian.length).toBeGreaterThanOrEqual(0.9);
    // The greeting follows the looked-up language within the row.
    expect(countConflicts(orders, [depends('language', 'greeting')])).toEqual({ 'language -> greeting': 0 });
    expect(columns).toEqual(orders);
  });

  it('looks every row up when the share is 1', async () => {
    const { customers, orders } = await generate(1);
    const countryOf = new Map(customers.map((customer) => [customer.id, String(customer.country)]));
    for (const order of orders) {
      const country = countryOf.get(order.customer_id)!;
      if (country !== 'IT') expect(order.language).toBe(PAIRS[country as keyof typeof PAIRS]);
    }
  });
});
