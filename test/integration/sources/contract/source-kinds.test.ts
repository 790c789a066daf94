// The source-kind contract suite (source-kind-contract.ts) for every kind that has an implementation:
// PostgreSQL on the real server (a fresh database), PGlite (an embedded server over a fresh folder), MongoDB
// on the wire-protocol test server (a fresh database, the cases that apply to documents) and MariaDB (a fresh
// database, which is MySQL's namespace).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogicalType } from '../../../../src/catalog/logical-type.js';
import type { Value } from '../../../../src/catalog/values.js';
import type { Address } from '../../../../src/shared/address.js';
import { silentLogger } from '../../../../src/shared/log.js';
import type { SourceKind } from '../../../../src/sources/contract.js';
import { mongodbKind } from '../../../../src/sources/mongodb/kind.js';
import { mysqlKind } from '../../../../src/sources/mysql/kind.js';
import { quoteIdentifier } from '../../../../src/sources/postgres/identifiers.js';
import { pgliteKind, postgresKind } from '../../../../src/sources/postgres/kind.js';
import type { PostgresTarget } from '../../../../src/sources/postgres/target-session.js';
import { createTestDatabase } from '../../../helpers/test-database.js';
import { createMongoFixture } from './mongo-fixture.js';
import { createMysqlFixture } from './mysql-fixture.js';
import type { NeutralDataset, NeutralField } from './neutral-fixture.js';
import { type ContractPlace, runSourceKindContract } from './source-kind-contract.js';

const NAMESPACE = 'contract';

const POSTGRES_TYPES: Partial<Record<LogicalType, (field: NeutralField) => string>> = {
  integer: () => 'integer',
  string: (field) => (field.length === undefined ? 'text' : `character varying(${field.length})`),
  decimal: (field) => `numeric(${field.precision ?? 12}, ${field.scale ?? 0})`,
  float: () => 'double precision',
  boolean: () => 'boolean',
  date: () => 'date',
  timestamp: () => 'timestamp without time zone',
};

function literal(value: Value): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** The neutral fixture as PostgreSQL DDL and INSERTs. */
function renderPostgresFixture(fixture: readonly NeutralDataset[]): string[] {
  const table = (name: string) => `${quoteIdentifier(NAMESPACE)}.${quoteIdentifier(name)}`;
  const statements = [`CREATE SCHEMA ${quoteIdentifier(NAMESPACE)}`];
  for (const dataset of fixture) {
    const columns = dataset.fields.map((field) => {
      const type = POSTGRES_TYPES[field.logical]?.(field);
      if (type === undefined) throw new Error(`no PostgreSQL type for ${field.logical}`);
      return `${quoteIdentifier(field.name)} ${type}${field.nullable ? '' : ' NOT NULL'}`;
    });
    columns.push(`PRIMARY KEY (${dataset.primary.map(quoteIdentifier).join(', ')})`);
    for (const check of dataset.checks)
      columns.push(`CHECK (${quoteIdentifier(check.field)} >= ${check.min})`);
    statements.push(`CREATE TABLE ${table(dataset.name)} (${columns.join(', ')})`);
  }
  for (const dataset of fixture)
    for (const reference of dataset.references)
      statements.push(
        `ALTER TABLE ${table(dataset.name)} ADD FOREIGN KEY (${reference.fields.map(quoteIdentifier).join(', ')}) REFERENCES ${table(reference.to)} (${reference.toFields.map(quoteIdentifier).join(', ')})`,
      );
  for (const dataset of fixture) {
    const names = dataset.fields.map((field) => quoteIdentifier(field.name)).join(', ');
    const values = dataset.rows.map(
      (row) => `(${dataset.fields.map((field) => literal(row[field.name] ?? null)).join(', ')})`,
    );
    statements.push(`INSERT INTO ${table(dataset.name)} (${names}) VALUES ${values.join(', ')}`);
  }
  statements.push(...fixture.map((dataset) => `ANALYZE ${table(dataset.name)}`));
  return statements;
}

/** Creates the fixture through the kind's own target session (its `execute` runs DDL). */
async function createThroughTarget(kind: SourceKind, address: Address, fixture: readonly NeutralDataset[]) {
  const target = (await kind.openTarget?.(address, { log: silentLogger, name: 'fixture' })) as PostgresTarget;
  try {
    await target.execute(renderPostgresFixture(fixture));
  } finally {
    await target.close();
  }
}

runSourceKindContract({
  kind: postgresKind,
  async createPlace(): Promise<ContractPlace> {
    const database = await createTestDatabase('postgres');
    const address: Address = { kind: 'postgres', url: database.url };
    return {
      address,
      typed: database.url,
      namespace: NAMESPACE,
      createFixture: (fixture) => createThroughTarget(postgresKind, address, fixture),
      dispose: () => database.drop(),
    };
  },
});

runSourceKindContract({
  kind: pgliteKind,
  async createPlace(): Promise<ContractPlace> {
    const dir = await mkdtemp(join(tmpdir(), 'doppel-contract-pglite-'));
    const address: Address = { kind: 'pglite', dir };
    return {
      address,
      typed: `pglite:${dir}`,
      namespace: NAMESPACE,
      createFixture: (fixture) => createThroughTarget(pgliteKind, address, fixture),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
});

runSourceKindContract({
  kind: mongodbKind,
  documents: true,
  knownGaps: [
    // A document store declares no references, and integer ones are not inferred (only ObjectIds are): the
    // self-reference people.mentor_id (ten ids, 1 to 10) is generated from its histogram, KS 0.10 to 0.17.
    'contract.people mentor_id ks',
    // Birth dates on a grid (only days 10-19 of each month), as for the relational kinds; here the gap comes
    // and goes with the run (below).
    'contract.people born ks',
  ],
  // Dataset names carry the random database name, and generation streams are keyed by them: a gap may hold
  // in one run and not in the next, so these gaps are allowed rather than required.
  gapsMayHold: true,
  async createPlace(): Promise<ContractPlace> {
    const database = await createTestDatabase('mongodb');
    return {
      address: { kind: 'mongodb', url: database.url },
      typed: database.url,
      namespace: database.name,
      createFixture: (fixture) => createMongoFixture(database.url, database.name, fixture),
      dispose: () => database.drop(),
    };
  },
});

runSourceKindContract({
  kind: mysqlKind,
  async createPlace(): Promise<ContractPlace> {
    const database = await createTestDatabase('mysql');
    const address: Address = { kind: 'mysql', url: database.url };
    return {
      address,
      typed: database.url,
      namespace: database.name,
      createFixture: (fixture) => createMysqlFixture(address, fixture),
      dispose: () => database.drop(),
    };
  },
});
