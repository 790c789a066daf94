/** A small in-memory shop for profiler unit tests: customers, orders (declared FK), and an undeclared store_id. */
import type { Catalog } from '../../../src/catalog/model.js';
import type { Row } from '../../../src/catalog/values.js';
import { dataset, field, type } from './memory-session.js';

export const CUSTOMERS = 300;
export const STORES = 12;

export function buildShop(): { catalog: Catalog; tables: Record<string, Row[]> } {
  const customers: Row[] = [];
  for (let id = 1; id <= CUSTOMERS; id++)
    customers.push({
      id,
      email: `c${id}@shop${id % 4}.example`,
      tier: id % 10 === 0 ? 'gold' : 'basic',
      created_at: new Date(Date.UTC(2023, 0, 1) + id * 86_400_000).toISOString(),
    });
  const stores: Row[] = Array.from({ length: STORES }, (_, i) => ({ id: i + 1, name: `Store ${i + 1}` }));
  const orders: Row[] = [];
  // Customer c gets (c % 4) orders: a quarter of customers have none.
  for (const customer of customers) {
    const id = customer.id as number;
    for (let n = 0; n < id % 4; n++)
      orders.push({
        id: orders.length + 1,
        customer_id: id,
        store_id: 1 + ((id + n) % STORES),
        total: ((id * 37 + n * 11) % 500) + 0.99,
        coupon: null,
      });
  }
  orders.push({ id: orders.length + 1, customer_id: null, store_id: 1, total: 10, coupon: null });
  const catalog: Catalog = {
    source: { kind: 'postgres', name: 'shop' },
    types: [],
    datasets: [
      dataset(
        'public.customers',
        [
          field('id', type('integer', 'bigint'), { nullable: false }),
          field('email', type('string', 'text')),
          field('tier', type('string', 'text')),
          field('created_at', type('timestamptz')),
        ],
        { primaryKey: { fields: ['id'] }, rowEstimate: customers.length },
      ),
      dataset('public.stores', [field('id', type('integer')), field('name', type('string', 'text'))], {
        primaryKey: { fields: ['id'] },
      }),
      dataset(
        'public.orders',
        [
          field('id', type('integer', 'bigint')),
          field('customer_id', type('integer', 'bigint')),
          field('store_id', type('integer')),
          field('total', type('float', 'double precision')),
          field('coupon', type('string', 'text')),
        ],
        { primaryKey: { fields: ['id'] } },
      ),
    ],
    relations: [
      {
        name: 'orders_customer_fk',
        from: { dataset: 'public.orders', fields: ['customer_id'] },
        to: { dataset: 'public.customers', fields: ['id'] },
        declared: true,
      },
    ],
  };
  return {
    catalog,
    tables: { 'public.customers': customers, 'public.stores': stores, 'public.orders': orders },
  };
}
