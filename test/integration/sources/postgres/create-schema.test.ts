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
import { createFixtureDatabase, runSql } from './fixture-database.js';

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
 * Beyond the rich fixture: domains over an enum and a composite, unique keys with NULLS NOT DISTINCT, an
 * exclusion constraint that needs btree_gist, a view on a view (named so that it sorts first), a materialized view with an index, comments on
 * a view.
 */
const EXTRA_SCHEMA = `
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA extra;
CREATE TYPE extra.size AS ENUM ('S', 'M', 'L');
CREATE DOMAIN extra.shirt_size AS extra.size NOT NULL CHECK (VALUE <> 'L');
CREATE TYPE extra.point2 AS (x integer, y integer);
CREATE DOMAIN extra.positive_point AS extra.point2 CHECK ((VALUE).x > 0);
CREATE TABLE extra.shirts (id integer PRIMARY KEY, size extra.shirt_size, spot extra.positive_point);
CREATE TABLE extra.rooms (
  room integer NOT NULL,
  during tsrange NOT NULL,
  CONSTRAINT rooms_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (room > 0)
);
CREATE VIEW extra."Big Shirts" AS SELECT id, size FROM extra.shirts WHERE size::extra.size = 'M';
CREATE VIEW extra."A view on big" AS SELECT id FROM extra."Big Shirts" WHERE id > 10;
CREATE MATERIALIZED VIEW extra.shirt_counts AS SELECT size, count(*) AS n FROM extra.shirts GROUP BY size;
CREATE UNIQUE INDEX shirt_counts_size ON extra.shirt_counts (size);
COMMENT ON VIEW extra."Big Shirts" IS 'only M';
COMMENT ON COLUMN extra."Big Shirts".id IS 'shirt id';
COMMENT ON MATERIALIZED VIEW extra.shirt_counts IS 'per size';
CREATE TABLE extra.codes (
  a text, b text,
  CONSTRAINT codes_a_key UNIQUE NULLS NOT DISTINCT (a)
);
CREATE UNIQUE INDEX codes_b_live ON extra.codes (b) NULLS NOT DISTINCT WHERE a IS NOT NULL;
`;

/** What renderCreateSchema promises to recreate: tables, views and materialized views, types, relations. */
function comparable(catalog: Catalog) {
  const tables = catalog.datasets.filter((dataset) =>
    ['table', 'partitioned-table', 'partition', 'view', 'materialized-view'].includes(dataset.kind),
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
      exclusions: dataset.exclusions,
      indexes: dataset.indexes.map(({ definition: _definition, ...index }) => index),
      definition: dataset.definition,
    })),
    relations: catalog.relations,
    types: catalog.types,
  };
}

beforeAll(async () => {
  source = await createFixtureDatabase('rich-schema');
  await runSql(source.url, EXTRA_SCHEMA);
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
    const position = (prefix: string) => statements.findIndex((statement) => statement.startsWith(prefix));
    expect(position('CREATE EXTENSION IF NOT EXISTS btree_gist')).toBeGreaterThanOrEqual(0);
    expect(position('CREATE TYPE extra.size AS ENUM')).toBeLessThan(
      position('CREATE DOMAIN extra.shirt_size'),
    );
    expect(position('CREATE TYPE extra.point2 AS (')).toBeLessThan(
      position('CREATE DOMAIN extra.positive_point'),
    );
    expect(position('CREATE VIEW "extra"."Big Shirts"')).toBeLessThan(
      position('CREATE VIEW "extra"."A view on big"'),
    );
    expect(position('CREATE VIEW "extra"."Big Shirts"')).toBeGreaterThan(
      position('CREATE TABLE "extra"."shirts"'),
    );
    const target = await openPostgresTarget(copy.url, { log: silentLogger, name: 'copy' });
    try {
      await target.createSchema(profile);
    } finally {
      await target.close();
    }
    const recreated = await extract(copy.url);
    expect(original.datasets.find((dataset) => dataset.name === 'extra.rooms')?.exclusions).toEqual([
      {
        name: 'rooms_no_overlap',
        definition: 'EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (room > 0)',
      },
    ]);
    expect(original.datasets.find((dataset) => dataset.name === 'extra.codes')?.uniques).toEqual([
      { name: 'codes_a_key', fields: ['a'], via: 'constraint', nullsNotDistinct: true },
      {
        name: 'codes_b_live',
        fields: ['b'],
        via: 'index',
        predicate: 'a IS NOT NULL',
        nullsNotDistinct: true,
      },
    ]);
    expect(comparable(recreated)).toEqual(comparable(original));
  });
});
