/**
 * The demo shop's rows, built deterministically from a seed: customers, their addresses, products, orders
 * (skewed per customer, with weekday/hour shape), order items and payments. Pure: returns tables of values.
 */
import { createDemoRandom, type DemoRandom } from './demo-random.js';
import {
  COLORS,
  COUNTRIES,
  type CountryCode,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  HOUR_WEIGHTS,
  LAST_NAMES,
  LOYALTY_TIERS,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  PRICE_SHAPE,
  PRODUCT_ADJECTIVES,
  PRODUCT_CATEGORIES,
  PRODUCT_NOUNS,
  SIZES,
  STREET_KINDS,
  STREET_NAMES,
  TAGS,
  WEEKDAY_WEIGHTS,
} from './demo-vocabulary.js';

export type DemoValue = string | number | boolean | null | readonly string[] | { readonly json: unknown };

export interface DemoTable {
  readonly name: string;
  readonly columns: readonly string[];
  /** Inserting needs `OVERRIDING SYSTEM VALUE` (identity generated always). */
  readonly overriding?: boolean;
  readonly rows: readonly (readonly DemoValue[])[];
}

export interface DemoSize {
  readonly customers: number;
  readonly products: number;
  readonly orders: number;
}

export const DEFAULT_DEMO_SIZE: DemoSize = { customers: 2500, products: 400, orders: 9000 };

const DAY_MS = 86_400_000;
const SHOP_OPENED = Date.UTC(2022, 0, 1);
const SHOP_NOW = Date.UTC(2024, 11, 31);

/** Builds every demo table, parents before children. */
export function buildDemoTables(seed = 42, size: DemoSize = DEFAULT_DEMO_SIZE): DemoTable[] {
  const random = createDemoRandom(seed);
  const customers = buildCustomers(random, size.customers);
  const addresses = buildAddresses(random, customers);
  const products = buildProducts(random, size.products);
  const { orders, items, payments } = buildOrders(random, size.orders, customers, addresses, products);
  return [
    {
      name: 'customers',
      columns: [
        'id',
        'email',
        'first_name',
        'last_name',
        'phone',
        'birth_date',
        'loyalty_tier',
        'marketing_opt_in',
        'created_at',
        'updated_at',
      ],
      rows: customers.map((c) => [
        c.id,
        c.email,
        c.first,
        c.last,
        c.phone,
        c.birthDate,
        c.tier,
        c.optIn,
        iso(c.created),
        iso(c.updated),
      ]),
    },
    {
      name: 'addresses',
      columns: ['id', 'customer_id', 'street', 'city', 'postal_code', 'country_code', 'is_default'],
      rows: addresses.map((a) => [
        a.id,
        a.customerId,
        a.street,
        a.city,
        a.postalCode,
        a.country,
        a.isDefault,
      ]),
    },
    {
      name: 'products',
      columns: ['id', 'sku', 'name', 'category', 'price', 'attributes', 'tags', 'created_at'],
      overriding: true,
      rows: products.map((p) => [
        p.id,
        p.sku,
        p.name,
        p.category,
        p.price.toFixed(2),
        { json: p.attributes },
        p.tags,
        iso(p.created),
      ]),
    },
    {
      name: 'orders',
      columns: ['id', 'customer_id', 'address_id', 'status', 'currency', 'total', 'created_at', 'shipped_at'],
      rows: orders,
    },
    {
      name: 'order_items',
      columns: ['order_id', 'line_no', 'product_id', 'quantity', 'unit_price'],
      rows: items,
    },
    {
      name: 'payments',
      columns: ['id', 'order_id', 'method', 'amount', 'card_last4', 'ip_address', 'paid_at'],
      rows: payments,
    },
  ];
}

interface Customer {
  id: number;
  email: string;
  first: string;
  last: string;
  phone: string | null;
  birthDate: string | null;
  tier: string;
  optIn: boolean;
  created: number;
  updated: number;
  country: CountryCode;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function digits(random: DemoRandom, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += String(random.integer(0, 9));
  return text;
}

function buildCustomers(random: DemoRandom, count: number): Customer[] {
  const countryWeights = Object.fromEntries(
    Object.entries(COUNTRIES).map(([code, info]) => [code, info.weight]),
  ) as Record<CountryCode, number>;
  const customers: Customer[] = [];
  for (let id = 1; id <= count; id++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const country = random.weighted(countryWeights);
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    const email = `${local}${id}@${random.weighted(EMAIL_DOMAINS)}`;
    const phone = random.chance(0.22)
      ? null
      : `${COUNTRIES[country].phone} ${digits(random, 3)} ${digits(random, 3)} ${digits(random, 4)}`;
    const age = Math.min(90, Math.max(18, Math.round(random.normal(38, 12))));
    const birth = SHOP_NOW - age * 365.25 * DAY_MS - random.integer(0, 364) * DAY_MS;
    const birthDate = random.chance(0.15) ? null : iso(birth).slice(0, 10);
    // Sign-ups grow over time: the square root pushes them towards the present.
    const created =
      SHOP_OPENED +
      Math.sqrt(random.next()) * (SHOP_NOW - SHOP_OPENED - 30 * DAY_MS) +
      random.integer(0, DAY_MS);
    const updated = random.chance(0.4) ? created : created + random.logNormal(3, 1.2) * DAY_MS;
    customers.push({
      id,
      email,
      first,
      last,
      phone,
      birthDate,
      tier: random.weighted(LOYALTY_TIERS),
      optIn: random.chance(0.35),
      created,
      updated: Math.min(updated, SHOP_NOW),
      country,
    });
  }
  return customers;
}

interface Address {
  id: number;
  customerId: number;
  street: string;
  city: string;
  postalCode: string;
  country: CountryCode;
  isDefault: boolean;
}

function postalCode(random: DemoRandom, shape: string): string {
  return shape.replace(/[#A]/g, (char) =>
    char === '#' ? String(random.integer(0, 9)) : String.fromCharCode(65 + random.integer(0, 25)),
  );
}

function buildAddresses(random: DemoRandom, customers: readonly Customer[]): Address[] {
  const addresses: Address[] = [];
  for (const customer of customers) {
    const count = random.chance(0.7) ? 1 : random.chance(0.8) ? 2 : 3;
    for (let n = 0; n < count; n++) {
      const info = COUNTRIES[customer.country];
      const street = `${random.integer(1, 250)} ${random.pick(STREET_NAMES)} ${random.pick(STREET_KINDS)}`;
      addresses.push({
        id: addresses.length + 1,
        customerId: customer.id,
        street,
        city: random.weighted(info.cities as Record<string, number>),
        postalCode: postalCode(random, info.postal),
        country: customer.country,
        isDefault: n === 0,
      });
    }
  }
  return addresses;
}

interface Product {
  id: number;
  sku: string;
  name: string;
  category: string;
  price: number;
  attributes: Record<string, unknown>;
  tags: string[];
  created: number;
  popularity: number;
}

function buildProducts(random: DemoRandom, count: number): Product[] {
  const products: Product[] = [];
  for (let id = 1; id <= count; id++) {
    const category = random.weighted(PRODUCT_CATEGORIES);
    const [mu, sigma] = PRICE_SHAPE[category];
    const price = Math.max(0.99, Math.round(random.logNormal(mu, sigma) * 100) / 100 - 0.01);
    const attributes: Record<string, unknown> = {
      color: random.weighted(COLORS),
      weight_g: random.integer(50, 2500),
    };
    if (category === 'apparel' || category === 'shoes') attributes.size = random.weighted(SIZES);
    if (random.chance(0.3))
      attributes.material = random.pick(['cotton', 'wool', 'leather', 'steel', 'bamboo']);
    const tags = TAGS.filter(() => random.chance(0.18));
    products.push({
      id,
      sku: `SKU-${String(100000 + id * 37).padStart(6, '0')}`,
      name: `${random.pick(PRODUCT_ADJECTIVES)} ${random.pick(PRODUCT_NOUNS[category])}`,
      category,
      price,
      attributes,
      tags,
      created: SHOP_OPENED + random.next() * (SHOP_NOW - SHOP_OPENED),
      popularity: random.logNormal(0, 1),
    });
  }
  return products;
}

/** A moment after `from` shaped by weekday and hour of day. */
function shapedMoment(random: DemoRandom, from: number, to: number): number {
  for (;;) {
    const day = Math.floor((from + random.next() * (to - from)) / DAY_MS);
    const weekday = (day + 3) % 7;
    if (random.next() * 18 > (WEEKDAY_WEIGHTS[weekday] ?? 0)) continue;
    const hour = Number(random.weighted(Object.fromEntries(HOUR_WEIGHTS.map((w, h) => [String(h), w]))));
    const moment = day * DAY_MS + hour * 3_600_000 + random.integer(0, 3_599_999);
    if (moment >= from) return moment;
  }
}

function buildOrders(
  random: DemoRandom,
  count: number,
  customers: readonly Customer[],
  addresses: readonly Address[],
  products: readonly Product[],
) {
  const addressesOf = new Map<number, Address[]>();
  for (const address of addresses)
    addressesOf.set(address.customerId, [...(addressesOf.get(address.customerId) ?? []), address]);
  const totalPopularity = products.reduce((sum, p) => sum + p.popularity, 0);
  const pickProduct = () => {
    let point = random.next() * totalPopularity;
    for (const product of products) {
      point -= product.popularity;
      if (point < 0) return product;
    }
    return products[products.length - 1]!;
  };
  const currencyOf: Record<CountryCode, string> = { US: 'USD', DE: 'EUR', FR: 'EUR', NL: 'EUR', GB: 'GBP' };
  const orders: DemoValue[][] = [];
  const items: DemoValue[][] = [];
  const payments: DemoValue[][] = [];
  for (let id = 1; id <= count; id++) {
    // Skewed: a few customers order a lot, many once or never.
    const customer = customers[Math.floor(customers.length * random.next() ** 2.2)]!;
    const own = addressesOf.get(customer.id) ?? [];
    const address = random.chance(0.04) || own.length === 0 ? null : random.pick(own);
    const status = random.weighted(ORDER_STATUSES);
    const created = shapedMoment(random, customer.created, SHOP_NOW);
    const shipped =
      status === 'shipped' || status === 'refunded' ? created + random.logNormal(3.2, 0.6) * 3_600_000 : null;
    let sum = 0;
    const lines = 1 + Math.min(7, Math.floor(random.logNormal(0, 0.8)));
    for (let line = 1; line <= lines; line++) {
      const product = pickProduct();
      const quantity = random.chance(0.8) ? 1 : random.integer(2, 4);
      const unitPrice = random.chance(0.15) ? Math.round(product.price * 90) / 100 : product.price;
      sum += quantity * unitPrice;
      items.push([id, line, product.id, quantity, unitPrice.toFixed(2)]);
    }
    const total = sum + (sum > 50 ? 0 : 4.99);
    orders.push([
      id,
      customer.id,
      address?.id ?? null,
      status,
      currencyOf[customer.country],
      total.toFixed(2),
      iso(created),
      shipped === null ? null : iso(shipped),
    ]);
    if (status === 'pending' || status === 'cancelled') continue;
    const split = random.chance(0.05);
    const parts = split ? [Math.round(total * 50) / 100, total - Math.round(total * 50) / 100] : [total];
    for (const amount of parts) {
      const method = random.weighted(PAYMENT_METHODS);
      const ip = `${random.integer(11, 223)}.${random.integer(0, 255)}.${random.integer(0, 255)}.${random.integer(1, 254)}`;
      payments.push([
        random.uuid(),
        id,
        method,
        amount.toFixed(2),
        method === 'card' ? digits(random, 4) : null,
        random.chance(0.1) ? null : ip,
        iso(created + random.integer(5, 900) * 1000),
      ]);
    }
  }
  return { orders, items, payments };
}
