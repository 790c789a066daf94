import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Dataset } from '../../../../src/catalog/model.js';
import { silentLogger } from '../../../../src/shared/log.js';
import {
  openPostgresSource,
  openPostgresTarget,
  renderCreateSchema,
} from '../../../../src/sources/postgres/index.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { toProfileForTest } from './catalog-to-tasks.js';
import { createFixtureDatabase } from './fixture-database.js';

let source: TestDatabase;
let copy: TestDatabase;

async function extract(url: string): Promise<Catalog> {
  const session = await openPostgresSource(url, { log: silentLogger, name: 'shop' });
  try {
    return await session.extract({});
  } finally {
    await session.close();
  }
}

/**
 * What renderCreateSchema promises to recreate. Exclusion constraints are not part of task files: their index
 * comes back as a plain index, so it is left out of the comparison.
 */
function comparable(catalog: Catalog, exclusionNames: ReadonlySet<string>) {
  const tables = catalog.datasets.filter((dataset) =>
    ['table', 'partitioned-table', 'partition'].includes(dataset.kind),
  );
  return {
    datasets: tables.map((dataset: Dataset) => ({
      name: dataset.name,
      kind: dataset.kind,
      partitionOf: dataset.partitionOf,
      partitionBound: dataset.partitionBound,
      partitionKey: dataset.partitionKey,
      comment: dataset.comment,
      fields: dataset.fields,
      primaryKey: dataset.primaryKey,
      uniques: dataset.uniques,
      checks: dataset.checks,
      indexes: dataset.indexes
        .filter((index) => !exclusionNames.has(index.name))
        .map(({ definition: _definition, ...index }) => index),
    })),
    relations: catalog.relations,
    types: catalog.types,
  };
}

beforeAll(async () => {
  source = await createFixtureDatabase('rich-schema');
  copy = await createTestDatabase('postgres');
});
afterAll(async () => {
  await source?.drop();
  await copy?.drop();
});

describe('renderCreateSchema', () => {
  it('recreates the schema from task files alone: apply, extract, compare', async () => {
    const original = await extract(source.url);
    const profile = toProfileForTest(original);
    const statements = renderCreateSchema(profile);
    expect(statements.some((statement) => statement.startsWith('CREATE VIEW'))).toBe(false);
    const target = await openPostgresTarget(copy.url, { log: silentLogger, name: 'copy' });
    try {
      await target.createSchema(profile);
    } finally {
      await target.close();
    }
    const recreated = await extract(copy.url);
    const exclusions = new Set(
      original.datasets.flatMap((dataset) => dataset.exclusions.map((item) => item.name ?? '')),
    );
    expect(comparable(recreated, exclusions)).toEqual(comparable(original, exclusions));
  });
});
