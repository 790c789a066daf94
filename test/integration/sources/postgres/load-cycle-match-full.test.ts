import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src/catalog/model.js';
import type { Row } from '../../../../src/catalog/values.js';
import { DoppelError } from '../../../../src/shared/errors.js';
import { silentLogger } from '../../../../src/shared/log.js';
import {
  openPostgresSource,
  openPostgresTarget,
  type PostgresTarget,
} from '../../../../src/sources/postgres/index.js';
import type { DatasetTask } from '../../../../src/tasks/types.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { toDatasetTaskForTest } from './catalog-to-tasks.js';
import { runSql } from './fixture-database.js';

// A cycle that is not deferrable (so loadCycle disables triggers and verifies by query), with a composite
// MATCH FULL key and a composite MATCH SIMPLE key from workers to plants.
const SCHEMA = `
CREATE SCHEMA cyc;
CREATE TABLE cyc.plants (code text, line integer, boss_id integer NOT NULL, PRIMARY KEY (code, line));
CREATE TABLE cyc.workers (
  id integer PRIMARY KEY,
  plant_code text,
  plant_line integer,
  spare_code text,
  spare_line integer,
  CONSTRAINT workers_plant_fk FOREIGN KEY (plant_code, plant_line) REFERENCES cyc.plants (code, line) MATCH FULL,
  CONSTRAINT workers_spare_fk FOREIGN KEY (spare_code, spare_line) REFERENCES cyc.plants (code, line)
);
ALTER TABLE cyc.plants ADD CONSTRAINT plants_boss_fk FOREIGN KEY (boss_id) REFERENCES cyc.workers (id);
`;

let database: TestDatabase;
let catalog: Catalog;
let target: PostgresTarget;
let tasks: DatasetTask[];

async function* stream(rows: readonly Row[]): AsyncGenerator<Row> {
  yield* rows;
}
const count = async (table: string) =>
  Number((await runSql<{ count: string }>(database.url, `SELECT count(*) FROM ${table}`))[0]?.count);
const worker = (
  id: number,
  plant: [string | null, number | null],
  spare: [string | null, number | null],
) => ({
  id,
  plant_code: plant[0],
  plant_line: plant[1],
  spare_code: spare[0],
  spare_line: spare[1],
});

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  await runSql(database.url, SCHEMA);
  const session = await openPostgresSource(database.url, { log: silentLogger, name: 'cyc' });
  try {
    catalog = await session.extract({});
  } finally {
    await session.close();
  }
  tasks = ['cyc.plants', 'cyc.workers'].map((name) => {
    const dataset = catalog.datasets.find((candidate) => candidate.name === name);
    if (dataset === undefined) throw new Error(`missing ${name}`);
    return toDatasetTaskForTest(catalog, dataset);
  });
  target = await openPostgresTarget(database.url, { log: silentLogger, name: 'cyc' });
});
afterAll(async () => {
  await target?.close();
  await database?.drop();
});

describe('loadCycle with MATCH FULL keys', () => {
  it('accepts wholly null and wholly set MATCH FULL references, and partly null MATCH SIMPLE ones', async () => {
    await target.loadCycle(
      tasks,
      new Map([
        ['cyc.plants', stream([{ code: 'A', line: 1, boss_id: 1 }])],
        ['cyc.workers', stream([worker(1, ['A', 1], [null, null]), worker(2, [null, null], ['Z', null])])],
      ]),
      { mode: 'append' },
    );
    expect(await count('cyc.workers')).toBe(2);
  });

  it('refuses a partly null MATCH FULL reference, naming the key, and commits nothing', async () => {
    const error = await target
      .loadCycle(
        tasks,
        new Map([
          ['cyc.plants', stream([{ code: 'B', line: 2, boss_id: 3 }])],
          ['cyc.workers', stream([worker(3, ['B', 2], [null, null]), worker(4, ['B', null], [null, null])])],
        ]),
        { mode: 'append' },
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DoppelError);
    expect(error).toMatchObject({ kind: 'refused' });
    expect((error as DoppelError).details).toEqual([
      'workers_plant_fk: 1 row(s) of cyc.workers set only part of a MATCH FULL reference to cyc.plants',
    ]);
    expect(await count('cyc.workers')).toBe(2);
    expect(await count('cyc.plants')).toBe(1);
    // The same server refuses the same row once the triggers are back: the verification agrees with it.
    await expect(
      runSql(database.url, "INSERT INTO cyc.workers VALUES (4, 'B', NULL, NULL, NULL)"),
    ).rejects.toThrow(/workers_plant_fk/);
  });
});
