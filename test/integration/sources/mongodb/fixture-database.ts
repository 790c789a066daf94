/**
 * A MongoDB fixture with the shapes document sources need: nested documents (with a sometimes-missing key),
 * arrays of scalars and of documents, a polymorphic field (int or string), a map keyed by ObjectIds, dates,
 * int64 values, and references between collections (orders.customerId → customers._id). Seeded, so every run
 * loads the same documents (but the orders' own ObjectIds, which carry the time). `scale` multiplies both
 * collections (the round trip holds distributions to their bounds on thousands of documents). Decimal128 and NaN are left out: the test server (FerretDB 1.24) closes the
 * connection on them.
 */
import { Long, type MongoClient, ObjectId } from 'mongodb';
import { createSequence } from '../../../../src/shared/random.js';

export const CUSTOMERS = 300;
export const ORDERS = 600;
const CITIES = ['Lyon', 'Graz', 'Porto', 'Turku', 'Ghent'];
const TAGS = ['new', 'vip', 'b2b', 'promo', 'late'];

const DAY_MS = 86_400_000;

export async function loadMongoFixture(
  client: MongoClient,
  database: string,
  scale = 1,
): Promise<{ customerIds: ObjectId[] }> {
  const random = createSequence(21);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const customerIds = Array.from({ length: CUSTOMERS * scale }, (_, index) =>
    ObjectId.createFromTime(1_700_000_000 + index),
  );
  const voters = Array.from({ length: 60 }, (_, index) =>
    ObjectId.createFromTime(1_600_000_000 + index).toHexString(),
  );
  const customers = customerIds.map((_id, index) => ({
    _id,
    name: `Customer ${index}`,
    email: `user${index}@example.com`,
    ...(index % 10 === 0
      ? {}
      : {
          address: {
            city: pick(CITIES),
            zip: String(10000 + index),
            ...(index % 2 === 0 ? { floor: index % 7 } : {}),
          },
        }),
    tags: Array.from({ length: index % 4 }, () => pick(TAGS)),
    score: index % 10 < 7 ? index % 100 : `grade-${index % 5}`,
    since: new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 366 * DAY_MS)),
    visits: Long.fromNumber(1_000_000_000_000 + index),
  }));
  const orders = Array.from({ length: ORDERS * scale }, (_, index) => ({
    _id: new ObjectId(),
    customerId: pick(customerIds),
    status: pick(['paid', 'shipped', 'shipped', 'cancelled']),
    items: Array.from({ length: 1 + (index % 3) }, (_, item) => ({
      sku: `SKU-${(index + item) % 40}`,
      qty: 1 + ((index + item) % 5),
      price: Math.round(random() * 10_000) / 100,
    })),
    votes: Object.fromEntries(Array.from({ length: 1 + (index % 3) }, () => [pick(voters), 1 + (index % 5)])),
    placed: new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 366 * DAY_MS)),
  }));
  const db = client.db(database);
  await db.collection('customers').insertMany(customers);
  await db.collection('customers').createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
  await db.collection('customers').createIndex({ 'address.city': 1 }, { sparse: true, name: 'city_sparse' });
  await db.collection('orders').insertMany(orders);
  await db.collection('orders').createIndex({ customerId: 1, placed: -1 }, { name: 'by_customer' });
  return { customerIds };
}
