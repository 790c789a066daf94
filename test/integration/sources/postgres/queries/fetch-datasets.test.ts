import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchDatasets,
  type RawDataset,
} from '../../../../../src/sources/postgres/extract/queries/fetch-datasets.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

const NAMESPACE = 'Sales "EU"';
const Q = '"Sales ""EU"""';
const SCHEMA = `
CREATE SCHEMA ${Q};
CREATE SCHEMA other;
CREATE TABLE ${Q}.analysed (id integer);
INSERT INTO ${Q}.analysed SELECT generate_series(1, 500);
ANALYZE ${Q}.analysed;
CREATE TABLE ${Q}.never_analysed (id integer);
INSERT INTO ${Q}.never_analysed SELECT generate_series(1, 7);
COMMENT ON TABLE ${Q}.never_analysed IS 'not yet ''analysed''';
CREATE TABLE ${Q}.events (id integer, on_day date) PARTITION BY RANGE (on_day);
CREATE TABLE ${Q}.events_2024 PARTITION OF ${Q}.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE ${Q}.events_rest PARTITION OF ${Q}.events DEFAULT;
CREATE TABLE ${Q}.vehicles (id integer);
CREATE TABLE ${Q}.trucks (tons numeric) INHERITS (${Q}.vehicles);
CREATE VIEW ${Q}.big AS SELECT id FROM ${Q}.analysed WHERE id > 100;
CREATE MATERIALIZED VIEW ${Q}.counts AS SELECT count(*) AS n FROM ${Q}.analysed;
CREATE TABLE other.elsewhere (id integer);
CREATE SEQUENCE other.not_a_dataset;
CREATE TYPE other.not_a_dataset_either AS (a int);
CREATE INDEX elsewhere_id ON other.elsewhere (id);
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER nowhere FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', dbname 'none');
CREATE FOREIGN TABLE ${Q}.remote (id integer) SERVER nowhere;
`;

let database: QueryDatabase;
let rows: RawDataset[];
const row = (name: string): RawDataset => {
  const found = rows.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no row for ${name}`);
  return found;
};
/** What a relation that is not a partition, has no parent and no comment reports. */
const plain = {
  namespace: NAMESPACE,
  relkind: 'r',
  isPartition: false,
  parentNamespace: null,
  parentName: null,
  partitionBound: null,
  partitionKey: null,
  comment: null,
  definition: null,
};

beforeAll(async () => {
  database = await createQueryDatabase(SCHEMA);
  rows = await fetchDatasets(database.connection.db, [NAMESPACE]);
});
afterAll(async () => database?.close());

describe('fetchDatasets', () => {
  it('lists every relation kind of the chosen schema by name, leaving out sequences, types and indexes', async () => {
    expect(rows.map((candidate) => [candidate.name, candidate.relkind])).toEqual([
      ['analysed', 'r'],
      ['big', 'v'],
      ['counts', 'm'],
      ['events', 'p'],
      ['events_2024', 'r'],
      ['events_rest', 'r'],
      ['never_analysed', 'r'],
      ['remote', 'f'],
      ['trucks', 'r'],
      ['vehicles', 'r'],
    ]);
    for (const candidate of rows) expect(candidate.oid).toBe(await database.oid(`${Q}.${candidate.name}`));
  });

  it('reports reltuples for analysed tables and -1 for never-analysed ones', () => {
    expect(row('analysed')).toMatchObject({ ...plain, reltuples: 500 });
    expect(row('analysed').relpages).toBeGreaterThan(0);
    expect(row('never_analysed')).toMatchObject({
      ...plain,
      reltuples: -1,
      relpages: 0,
      comment: "not yet 'analysed'",
    });
    expect(row('never_analysed').sizeBytes).toBeGreaterThan(0);
  });

  it('reports partitions with parent and bound, partitioned tables with their key', () => {
    expect(row('events')).toEqual({
      ...plain,
      oid: row('events').oid,
      name: 'events',
      relkind: 'p',
      partitionKey: 'RANGE (on_day)',
      reltuples: -1,
      relpages: 0,
      sizeBytes: 0,
    });
    const partition = { ...plain, isPartition: true, parentNamespace: NAMESPACE, parentName: 'events' };
    expect(row('events_2024')).toMatchObject({
      ...partition,
      partitionBound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    });
    expect(row('events_rest')).toMatchObject({ ...partition, partitionBound: 'DEFAULT' });
  });

  it('reports inheritance children with their parent and no bound', () => {
    expect(row('trucks')).toMatchObject({ ...plain, parentNamespace: NAMESPACE, parentName: 'vehicles' });
    expect(row('vehicles')).toMatchObject(plain);
  });

  it('reports view definitions; views have no size', () => {
    expect(row('big')).toMatchObject({
      ...plain,
      relkind: 'v',
      sizeBytes: null,
      definition: ` SELECT analysed.id\n   FROM ${Q}.analysed\n  WHERE analysed.id > 100;`,
    });
    expect(row('counts')).toMatchObject({
      ...plain,
      relkind: 'm',
      definition: ` SELECT count(*) AS n\n   FROM ${Q}.analysed;`,
    });
  });

  it('reports foreign tables without a size', () => {
    expect(row('remote')).toMatchObject({
      ...plain,
      relkind: 'f',
      reltuples: -1,
      relpages: 0,
      sizeBytes: null,
    });
  });

  it('lists every non-system schema without a filter, and only the named ones with it', async () => {
    const all = await fetchDatasets(database.connection.db, undefined);
    expect(new Set(all.map((candidate) => candidate.namespace))).toEqual(new Set([NAMESPACE, 'other']));
    expect(await fetchDatasets(database.connection.db, [])).toEqual(all);
    const other = await fetchDatasets(database.connection.db, ['other']);
    expect(other.map((candidate) => candidate.name)).toEqual(['elsewhere']);
    expect(await fetchDatasets(database.connection.db, ['missing'])).toEqual([]);
  });
});
