/**
 * The neutral fixture as MongoDB documents: one collection per dataset, each row a document with an ObjectId
 * `_id`, values as the BSON types a MongoDB application would store (int32, double, bool, string, dates as
 * UTC dates), and a unique index over the fixture's primary key. Decimals are stored as doubles: the test
 * server (FerretDB 1.24) closes the connection on a Decimal128 value.
 */
import { type Document, Double, MongoClient } from 'mongodb';
import type { Value } from '../../../../src/catalog/values.js';
import type { NeutralDataset, NeutralField } from './neutral-fixture.js';

function toBson(field: NeutralField, value: Value | undefined): unknown {
  if (value === null || value === undefined) return null;
  switch (field.logical) {
    case 'decimal':
    case 'float':
      return new Double(Number(value));
    case 'date':
      return new Date(`${String(value)}T00:00:00Z`);
    case 'timestamp':
      return new Date(`${String(value)}Z`);
    default:
      return value;
  }
}

/** Inserts `fixture` into `database` at `url`. */
export async function createMongoFixture(
  url: string,
  database: string,
  fixture: readonly NeutralDataset[],
): Promise<void> {
  const client = new MongoClient(url);
  await client.connect();
  try {
    for (const dataset of fixture) {
      const collection = client.db(database).collection(dataset.name);
      const documents: Document[] = dataset.rows.map((row) =>
        Object.fromEntries(dataset.fields.map((field) => [field.name, toBson(field, row[field.name])])),
      );
      await collection.insertMany(documents);
      await collection.createIndex(Object.fromEntries(dataset.primary.map((name) => [name, 1])), {
        unique: true,
        name: `${dataset.name}_pkey`,
      });
    }
  } finally {
    await client.close();
  }
}
