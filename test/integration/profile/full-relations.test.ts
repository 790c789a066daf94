import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Relation } from '../../../src/catalog/model.js';
import { type DatasetMeasure, profileRows } from '../../../src/profile/measure/dataset-profiler.js';
import {
  FULL_CHILD_ROWS,
  FULL_PARENTS,
  inferRelationCandidates,
  measureCardinality,
} from '../../../src/profile/measure/relations.js';
import { silentLogger } from '../../../src/shared/log.js';
import { openPostgresSource, type PostgresSource } from '../../../src/sources/postgres/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { runSql } from '../sources/postgres/fixture-database.js';

let database: TestDatabase;
let session: PostgresSource;
let catalog: Catalog;
const measures = new Map<string, DatasetMeasure>();

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  // Skewed children, childless parents, NULL references, and (for the inferred reference of the payments)
  // children whose reference matches no parent; upper-case names in their own schema.
  await runSql(
    database.url,
    `CREATE SCHEMA "Shop";
     CREATE TABLE "Shop"."Accounts" (id int PRIMARY KEY, code text NOT NULL UNIQUE);
     INSERT INTO "Shop"."Accounts" SELECT g, 'A' || g FROM generate_series(1, 3000) g;
     CREATE TABLE "Shop"."Orders" (id int PRIMARY KEY, "accountId" int REFERENCES "Shop"."Accounts");
     INSERT INTO "Shop"."Orders" SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 1 + (g * g) % 2000 END
       FROM generate_series(1, 20000) g;
     CREATE TABLE "Shop"."Payments" (id int PRIMARY KEY, account_id int);
     INSERT INTO "Shop"."Payments" SELECT g, 1 + (g * 7) % 3500 FROM generate_series(1, 20000) g;
     ANALYZE`,
  );
  session = await openPostgresSource(database.url, { log: silentLogger, name: 'shop' });
  catalog = await session.extract({});
  for (const dataset of catalog.datasets) {
    const keySets = dataset.local === 'Accounts' ? [['id'], ['code']] : [];
    const stream = session.sample(dataset, { rows: 1, seconds: 60, seed: 1, full: true });
    measures.set(
      dataset.name,
      await profileRows(dataset, stream, { k: 3, seed: 1, keySets, keyReservoir: FULL_PARENTS }),
    );
  }
});

afterAll(async () => {
  await session?.close();
  await database?.drop();
});

describe('children per parent of a full profile', () => {
  it('are counted by the database, the same counts as reading the children of every parent', async () => {
    const declared = catalog.relations.filter((relation) => relation.from.dataset === 'Shop.Orders');
    const inferred = inferRelationCandidates(catalog).filter(
      (relation) => relation.from.dataset === 'Shop.Payments',
    );
    expect(declared).toHaveLength(1);
    expect(inferred).toHaveLength(1);
    for (const relation of [...declared, ...inferred] as Relation[]) {
      const parent = measures.get(relation.to.dataset)!;
      const child = measures.get(relation.from.dataset);
      const measure = (full?: { seconds: number }) =>
        measureCardinality(session, relation, parent, child, {
          childRows: FULL_CHILD_ROWS,
          ...(full ? { full } : {}),
        });
      const counted = await measure({ seconds: 60 });
      const read = await measure();
      expect(counted, relation.from.fields.join()).toBeDefined();
      expect(counted, relation.from.fields.join()).toEqual(read);
    }
    // The accounts no order names (all of 2001-3000 among them) have none.
    const byOrders = await session.countChildren(declared[0]!, { seconds: 60 });
    const byPayments = await session.countChildren(inferred[0]!, { seconds: 60 });
    const named = new Set(
      Array.from({ length: 20_000 }, (_, i) => i + 1)
        .filter((g) => g % 10 !== 0)
        .map((g) => 1 + ((g * g) % 2000)),
    );
    expect(byOrders.find(([children]) => children === 0)?.[1]).toBe(3000 - named.size);
    // Every account is counted once; the payments of accounts that do not exist (3001-3500) are counted for none.
    expect(byPayments.reduce((sum, [, parents]) => sum + parents, 0)).toBe(3000);
    expect(byPayments.reduce((sum, [children, parents]) => sum + children * parents, 0)).toBe(
      Array.from({ length: 20_000 }, (_, i) => 1 + (((i + 1) * 7) % 3500)).filter((code) => code <= 3000)
        .length,
    );
  });

  it('raises the statement timeout by the time budget while the database counts', async () => {
    await runSql(
      database.url,
      `CREATE TABLE "Shop"."Events" (id int PRIMARY KEY, account_id int NOT NULL);
       INSERT INTO "Shop"."Events" SELECT g, 1 + g % 3000 FROM generate_series(1, 2000000) g;
       ANALYZE "Shop"."Events"`,
    );
    const relation: Relation = {
      from: { dataset: 'Shop.Events', fields: ['account_id'] },
      to: { dataset: 'Shop.Accounts', fields: ['id'] },
      declared: false,
    };
    // Counting two million children takes far longer than 50 ms.
    const hurried = await openPostgresSource(database.url, {
      log: silentLogger,
      name: 'shop',
      statementTimeoutMs: 50,
    });
    try {
      await expect(hurried.countChildren(relation, { seconds: 0 })).rejects.toMatchObject({
        kind: 'refused',
      });
      const counted = await hurried.countChildren(relation, { seconds: 60 });
      expect(counted.reduce((sum, [children, parents]) => sum + children * parents, 0)).toBe(2_000_000);
    } finally {
      await hurried.close();
    }
  });
});
