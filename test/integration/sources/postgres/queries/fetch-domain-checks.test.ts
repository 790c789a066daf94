import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDomainChecks } from '../../../../../src/sources/postgres/extract/queries/fetch-domain-checks.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

const Q = '"Do ""mains"""';
const SCHEMA = `
CREATE SCHEMA ${Q};
CREATE DOMAIN ${Q}.percent AS numeric(5, 2)
  CONSTRAINT "at least ""zero""" CHECK (VALUE >= 0)
  CONSTRAINT at_most_hundred CHECK (VALUE <= 100);
CREATE DOMAIN ${Q}.code AS text CHECK (VALUE ~ '^[A-Z]{3}$') NOT NULL;
CREATE DOMAIN ${Q}.unchecked AS integer NOT NULL;
CREATE TABLE ${Q}.t (id integer CHECK (id > 0));
`;

let database: QueryDatabase;

beforeAll(async () => {
  database = await createQueryDatabase(SCHEMA);
});
afterAll(async () => database?.close());

describe('fetchDomainChecks', () => {
  it('groups check constraints by domain oid, ordered by name, as pg_get_constraintdef prints them', async () => {
    const checks = await fetchDomainChecks(database.connection.db);
    const percent = await database.typeOid(`${Q}.percent`);
    const code = await database.typeOid(`${Q}.code`);
    const unchecked = await database.typeOid(`${Q}.unchecked`);
    expect(checks.get(percent)).toEqual([
      { domain: percent, name: 'at least "zero"', definition: 'CHECK (VALUE >= 0::numeric)' },
      { domain: percent, name: 'at_most_hundred', definition: 'CHECK (VALUE <= 100::numeric)' },
    ]);
    expect(checks.get(code)).toEqual([
      { domain: code, name: 'code_check', definition: "CHECK (VALUE ~ '^[A-Z]{3}$'::text)" },
    ]);
    // NOT NULL is not a check constraint (PostgreSQL 15 keeps it in pg_type), and table checks are not listed.
    expect(checks.has(unchecked)).toBe(false);
    const table = await database.oid(`${Q}.t`);
    expect(checks.has(table)).toBe(false);
    expect([...checks.values()].flat().some((check) => check.name === 't_id_check')).toBe(false);
  });
});
