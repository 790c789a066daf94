import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog/model.js';
import type { Row, Value } from '../../../src/catalog/values.js';
import { createGeneration } from '../../../src/generate/engine.js';
import { profileSource } from '../../../src/profile/run.js';
import type { DatasetTask } from '../../../src/tasks/types.js';
import { compareRuleShares } from '../../../src/validate/compare-copies.js';
import { createMemorySession, dataset, field, type } from './memory-session.js';

const CITIES = ['Berlin', 'Paris', 'Madrid', 'Rome', 'Lisboa', 'Leeds'];
const COUNTRIES = ['DE', 'FR', 'ES', 'IT', 'PT', 'GB'];
const LANGUAGES = ['de', 'fr', 'es', 'it', 'pt', 'en'];
/** A country only one customer has: below the k-rule, so no pair of it may reach the task file. */
const CANARY_COUNTRY = 'ZQ-canary';

/**
 * 60 customers; 600 orders, 80% shipped to their customer's city and country, the rest to another's, each
 * in its customer's language (set by the customer's country, but for one order in fifty).
 */
function buildOrders(): { catalog: Catalog; tables: Record<string, Row[]> } {
  const customers: Row[] = Array.from({ length: 60 }, (_, i) => ({
    id: i + 1,
    name: `Company ${i + 1}`,
    city: CITIES[i % 6]!,
    country: i === 59 ? CANARY_COUNTRY : COUNTRIES[i % 6]!,
    note: `note ${i % 7}`,
    // Only two of the six countries have states: null for most customers.
    state: i % 6 === 0 ? `S${i % 4}` : i % 6 === 5 ? `T${i % 3}` : null,
    fax: i % 10 === 0 ? `fax ${i}` : null,
  }));
  const orders: Row[] = Array.from({ length: 600 }, (_, i) => {
    const customer = customers[(i * 7) % 60]!;
    const shipped = i % 10 < 8 ? customer : customers[(i * 13 + 5) % 60]!;
    return {
      id: i + 1,
      customer_id: customer.id ?? null,
      ship_city: shipped.city ?? null,
      ship_country: shipped.country ?? null,
      ship_state: shipped.state ?? null,
      // Mostly null, as the customers' fax, but unrelated to it.
      gift_note: i % 9 === 4 ? `gift ${i % 3}` : null,
      memo: `m${i % 5}`,
      language:
        i % 50 === 0
          ? 'xx'
          : customer.country === CANARY_COUNTRY
            ? 'qq'
            : LANGUAGES[COUNTRIES.indexOf(String(customer.country))]!,
    };
  });
  const text = type('string', 'text');
  const catalog: Catalog = {
    source: { kind: 'postgres', name: 'shop' },
    types: [],
    datasets: [
      dataset(
        'public.customers',
        [
          field('id', type('integer')),
          field('name', text),
          field('city', text),
          field('country', text),
          field('note', text),
          field('state', text),
          field('fax', text),
        ],
        { primaryKey: { fields: ['id'] } },
      ),
      dataset(
        'public.orders',
        [
          field('id', type('integer')),
          field('customer_id', type('integer')),
          field('ship_city', text),
          field('ship_country', text),
          field('memo', text),
          field('ship_state', text),
          field('gift_note', text),
          field('language', text),
        ],
        { primaryKey: { fields: ['id'] } },
      ),
    ],
    relations: [
      {
        from: { dataset: 'public.orders', fields: ['customer_id'] },
        to: { dataset: 'public.customers', fields: ['id'] },
        declared: true,
      },
    ],
  };
  return { catalog, tables: { 'public.customers': customers, 'public.orders': orders } };
}

describe('after-parent rules', () => {
  /** 80 customers signed up over 2023; 800 orders 1 to 30 days after their customer's; a printout at random. */
  function buildSignups(): { catalog: Catalog; tables: Record<string, Row[]> } {
    const day = 86_400_000;
    const customers: Row[] = Array.from({ length: 80 }, (_, i) => ({
      id: i + 1,
      signed_up: new Date(Date.UTC(2023, 0, 1) + ((i * 37) % 365) * day + (i % 24) * 3_600_000).toISOString(),
    }));
    const orders: Row[] = Array.from({ length: 800 }, (_, i) => {
      const customer = customers[(i * 7) % 80]!;
      const signedUp = Date.parse(String(customer.signed_up));
      return {
        id: i + 1,
        customer_id: customer.id ?? null,
        ordered_at: new Date(signedUp + (1 + (i % 30)) * day).toISOString(),
        printed_at: new Date(Date.UTC(2023, 0, 1) + ((i * 53) % 400) * day).toISOString(),
      };
    });
    const instant = type('timestamptz', 'timestamp with time zone');
    const catalog: Catalog = {
      source: { kind: 'postgres', name: 'shop' },
      types: [],
      datasets: [
        dataset('public.customers', [field('id', type('integer')), field('signed_up', instant)], {
          primaryKey: { fields: ['id'] },
        }),
        dataset(
          'public.orders',
          [
            field('id', type('integer')),
            field('customer_id', type('integer')),
            field('ordered_at', instant),
            field('printed_at', instant),
          ],
          { primaryKey: { fields: ['id'] } },
        ),
      ],
      relations: [
        {
          from: { dataset: 'public.orders', fields: ['customer_id'] },
          to: { dataset: 'public.customers', fields: ['id'] },
          declared: true,
        },
      ],
    };
    return { catalog, tables: { 'public.customers': customers, 'public.orders': orders } };
  }

  it('finds a child timestamp never before its parent with the gap, and generates it after the generated parent', async () => {
    const { catalog, tables } = buildSignups();
    const profile = await profileSource(createMemorySession(catalog, tables), { profile: 'shop' });
    const orders = profile.datasets.find((task) => task.dataset.name === 'public.orders')!;
    const rules = orders.rules.filter((rule) => rule.kind === 'after-parent');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      relation: ['customer_id'],
      field: 'ordered_at',
      parent_field: 'signed_up',
      strict: true,
      gap: { unit: 'seconds' },
    });
    const gap = rules[0]?.kind === 'after-parent' ? (rules[0].gap?.histogram ?? []) : [];
    expect(gap[0]![0]).toBeGreaterThanOrEqual(86_400);
    expect(gap.at(-1)![1]).toBeLessThanOrEqual(30 * 86_400);

    const generation = createGeneration(profile, { seed: 3 });
    const signedUp = new Map<Value, number>();
    for await (const batch of generation.batches('public.customers'))
      for (const row of batch) signedUp.set(row.id ?? null, Date.parse(String(row.signed_up)));
    let rows = 0;
    for await (const batch of generation.batches('public.orders'))
      for (const row of batch) {
        const lag = Date.parse(String(row.ordered_at)) - signedUp.get(row.customer_id ?? null)!;
        expect(lag).toBeGreaterThan(0);
        expect(lag).toBeLessThanOrEqual(31 * 86_400_000);
        rows++;
      }
    expect(rows).toBe(800);
  });
});

describe('copies rules', () => {
  it('finds child fields that copy their parent for most rows (a null copied from a null included), with the share, and no value', async () => {
    const { catalog, tables } = buildOrders();
    const profile = await profileSource(createMemorySession(catalog, tables), { profile: 'shop' });
    const orders = profile.datasets.find((task) => task.dataset.name === 'public.orders')!;
    const copies = orders.rules.filter((rule) => rule.kind === 'copies');
    // ship_city is the customer's city in 80% of the rows plus the other rows that land in the same city.
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({
      kind: 'copies',
      relation: ['customer_id'],
      fields: { ship_city: 'city', ship_country: 'country', ship_state: 'state' },
    });
    // Two mostly-null fields agree on their nulls by chance: no copy.
    expect(copies[0]?.kind === 'copies' && 'gift_note' in copies[0].fields).toBe(false);
    const share = copies[0]?.kind === 'copies' ? copies[0].share : 0;
    expect(share).toBeGreaterThanOrEqual(0.8);
    expect(share).toBeLessThan(0.9);
    expect(JSON.stringify(copies)).not.toMatch(/Berlin|DE|Company/);
  });

  it('finds a child field its parent field determines without equalling it, keeping only pairs of kept values', async () => {
    const { catalog, tables } = buildOrders();
    const profile = await profileSource(createMemorySession(catalog, tables), { profile: 'shop' });
    const orders = profile.datasets.find((task) => task.dataset.name === 'public.orders')!;
    const determined = orders.rules.filter((rule) => rule.kind === 'parent-determines');
    // city does a little worse (the canary customer's city is Leeds, as for the English ones). GB has nine
    // customers, below k = 10: its pair stays out, as does the canary country's.
    expect(determined).toEqual([
      {
        kind: 'parent-determines',
        relation: ['customer_id'],
        field: 'country',
        determines: 'language',
        pairs: { DE: 'de', FR: 'fr', ES: 'es', IT: 'it', PT: 'pt' },
        share: 0.98,
      },
    ]);
    // memo is a function of the customer too, but only through fields unique per customer: no rule.
    expect(JSON.stringify(determined)).not.toMatch(/canary|qq|GB/);
    expect(
      orders.rules.filter((rule) => rule.kind === 'parent-determines' && rule.determines === 'memo'),
    ).toEqual([]);
  });

  it('compares the share kept with the rule and counts a copy not found as kept by none', () => {
    const task = (share: number | undefined): DatasetTask =>
      ({
        dataset: {
          source: 's',
          name: 'public.orders',
          local: 'orders',
          kind: 'table',
          writable: true,
          rows: 600,
        },
        fields: [],
        keys: { unique: [] },
        checks: [],
        indexes: [],
        relations: [
          {
            from: { dataset: 'public.orders', fields: ['customer_id'] },
            to: { dataset: 'public.customers', fields: ['id'] },
            declared: true,
          },
        ],
        rules:
          share === undefined
            ? []
            : [{ kind: 'copies', relation: ['customer_id'], fields: { ship_city: 'city' }, share }],
      }) as unknown as DatasetTask;
    const [kept] = compareRuleShares(task(0.85), task(0.82));
    expect(kept?.value).toBeCloseTo(0.03, 6);
    expect(kept?.subject).toBe('customer_id -> public.customers copies: kept by 0.82 (rule 0.85)');
    expect(compareRuleShares(task(0.85), task(undefined))[0]?.value).toBe(0.85);
  });
});
