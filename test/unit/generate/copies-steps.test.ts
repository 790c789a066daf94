import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/catalog/values.js';
import { countConflicts, customersAndOrders, generateRows, SHIPPING } from './shipping-profile.js';

const SHIP = ['ship_name', 'ship_address', 'ship_city', 'ship_postal_code', 'ship_country'];
const OWN = ['company_name', 'address', 'city', 'postal_code', 'country'];

async function generate(share: number): Promise<{ customers: Row[]; orders: Row[]; columns: Row[] }> {
  const { rows, columns } = await generateRows(customersAndOrders(share), 3);
  return { customers: rows['public.customers']!, orders: rows['public.orders']!, columns };
}

const blockOf = (row: Row, fields: readonly string[]) => fields.map((name) => String(row[name])).join('|');

describe('copies rules', () => {
  it('keeps every depends rule of the copied fields in the rows the rule does not copy', async () => {
    const { customers, orders, columns } = await generate(0.85);
    expect(orders).toHaveLength(2000);
    const byId = new Map(customers.map((customer) => [customer.id, customer]));
    const copied = orders.filter(
      (order) => blockOf(order, SHIP) === blockOf(byId.get(order.customer_id)!, OWN),
    ).length;
    expect(copied).toBe(1700);
    const none = Object.fromEntries(SHIPPING.map((rule) => [`${rule.fields[0]} -> ${rule.determines}`, 0]));
    expect(countConflicts(orders, SHIPPING)).toEqual(none);
    // The other rows ship to another customer's whole address, spread over the customers.
    const blocks = new Set(customers.map((customer) => blockOf(customer, OWN)));
    const others = orders.filter(
      (order) => blockOf(order, SHIP) !== blockOf(byId.get(order.customer_id)!, OWN),
    );
    expect(others.every((order) => blocks.has(blockOf(order, SHIP)))).toBe(true);
    const perCustomer = new Map<string, number>();
    for (const order of others)
      perCustomer.set(String(order.ship_name), (perCustomer.get(String(order.ship_name)) ?? 0) + 1);
    expect(Math.max(...perCustomer.values()) - Math.min(...perCustomer.values())).toBeLessThanOrEqual(2);
    expect(columns).toEqual(orders);
  });

  it('copies every row when the share is 1', async () => {
    const { customers, orders } = await generate(1);
    const byId = new Map(customers.map((customer) => [customer.id, customer]));
    expect(orders.every((order) => blockOf(order, SHIP) === blockOf(byId.get(order.customer_id)!, OWN))).toBe(
      true,
    );
  });
});
