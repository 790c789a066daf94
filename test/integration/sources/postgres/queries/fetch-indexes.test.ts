import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchIndexes } from '../../../../../src/sources/postgres/extract/queries/fetch-indexes.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

const SCHEMA = `
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA "Odd ""Schema""";
CREATE TABLE "Odd ""Schema"""."Users Table" (
  id integer PRIMARY KEY,
  "E-mail" text NOT NULL,
  tenant integer NOT NULL,
  deleted_at timestamp,
  nick text,
  CONSTRAINT users_tenant_nick UNIQUE (tenant, nick)
);
CREATE UNIQUE INDEX "Users ""lower"" email" ON "Odd ""Schema"""."Users Table" (lower("E-mail"));
CREATE UNIQUE INDEX users_live_email ON "Odd ""Schema"""."Users Table" (tenant, "E-mail") WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX users_mixed ON "Odd ""Schema"""."Users Table" (tenant, lower(nick)) INCLUDE (id);
CREATE INDEX users_hash ON "Odd ""Schema"""."Users Table" USING hash (nick);
CREATE INDEX users_desc ON "Odd ""Schema"""."Users Table" (tenant DESC NULLS LAST, id);
CREATE TABLE "Odd ""Schema""".slots (room integer, during tsrange, EXCLUDE USING gist (room WITH =, during WITH &&));
CREATE TABLE "Odd ""Schema""".bare (x integer);
CREATE TABLE "Odd ""Schema""".codes (a text, CONSTRAINT codes_a_key UNIQUE NULLS NOT DISTINCT (a));
`;
const TABLE = '"Odd ""Schema"""."Users Table"';

let database: QueryDatabase;
let users: number;
let slots: number;
let bare: number;

beforeAll(async () => {
  database = await createQueryDatabase(SCHEMA);
  users = await database.oid(TABLE);
  slots = await database.oid('"Odd ""Schema""".slots');
  bare = await database.oid('"Odd ""Schema""".bare');
});
afterAll(async () => database?.close());

describe('fetchIndexes', () => {
  it('lists key columns, expressions, partial predicates, methods and backed constraints', async () => {
    const plain = {
      unique: false,
      primary: false,
      nullsNotDistinct: false,
      predicate: null,
      constraintName: null,
    };
    expect(await fetchIndexes(database.connection.db, [users])).toEqual([
      {
        relation: users,
        name: 'Users "lower" email',
        method: 'btree',
        unique: true,
        primary: false,
        nullsNotDistinct: false,
        columns: [null],
        keys: ['lower("E-mail")'],
        predicate: null,
        definition: `CREATE UNIQUE INDEX "Users ""lower"" email" ON ${TABLE} USING btree (lower("E-mail"))`,
        constraintName: null,
      },
      {
        relation: users,
        name: 'Users Table_pkey',
        method: 'btree',
        unique: true,
        primary: true,
        nullsNotDistinct: false,
        columns: ['id'],
        keys: ['id'],
        predicate: null,
        definition: `CREATE UNIQUE INDEX "Users Table_pkey" ON ${TABLE} USING btree (id)`,
        constraintName: 'Users Table_pkey',
      },
      {
        ...plain,
        relation: users,
        name: 'users_desc',
        method: 'btree',
        columns: ['tenant', 'id'],
        keys: ['tenant', 'id'],
        definition: `CREATE INDEX users_desc ON ${TABLE} USING btree (tenant DESC NULLS LAST, id)`,
      },
      {
        ...plain,
        relation: users,
        name: 'users_hash',
        method: 'hash',
        columns: ['nick'],
        keys: ['nick'],
        definition: `CREATE INDEX users_hash ON ${TABLE} USING hash (nick)`,
      },
      {
        relation: users,
        name: 'users_live_email',
        method: 'btree',
        unique: true,
        primary: false,
        nullsNotDistinct: false,
        columns: ['tenant', 'E-mail'],
        keys: ['tenant', '"E-mail"'],
        predicate: 'deleted_at IS NULL',
        definition: `CREATE UNIQUE INDEX users_live_email ON ${TABLE} USING btree (tenant, "E-mail") WHERE (deleted_at IS NULL)`,
        constraintName: null,
      },
      {
        // INCLUDE columns are not keys: only `tenant` and the expression are listed.
        relation: users,
        name: 'users_mixed',
        method: 'btree',
        unique: true,
        primary: false,
        nullsNotDistinct: false,
        columns: ['tenant', null],
        keys: ['tenant', 'lower(nick)'],
        predicate: null,
        definition: `CREATE UNIQUE INDEX users_mixed ON ${TABLE} USING btree (tenant, lower(nick)) INCLUDE (id)`,
        constraintName: null,
      },
      {
        relation: users,
        name: 'users_tenant_nick',
        method: 'btree',
        unique: true,
        primary: false,
        nullsNotDistinct: false,
        columns: ['tenant', 'nick'],
        keys: ['tenant', 'nick'],
        predicate: null,
        definition: `CREATE UNIQUE INDEX users_tenant_nick ON ${TABLE} USING btree (tenant, nick)`,
        constraintName: 'users_tenant_nick',
      },
    ]);
  });

  it('reports NULLS NOT DISTINCT', async () => {
    const codes = await database.oid('"Odd ""Schema""".codes');
    expect(await fetchIndexes(database.connection.db, [codes])).toMatchObject([
      { name: 'codes_a_key', unique: true, nullsNotDistinct: true, constraintName: 'codes_a_key' },
    ]);
  });

  it('names the exclusion constraint an index backs', async () => {
    expect(await fetchIndexes(database.connection.db, [slots, bare])).toEqual([
      {
        relation: slots,
        name: 'slots_room_during_excl',
        method: 'gist',
        unique: false,
        primary: false,
        nullsNotDistinct: false,
        columns: ['room', 'during'],
        keys: ['room', 'during'],
        predicate: null,
        definition: 'CREATE INDEX slots_room_during_excl ON "Odd ""Schema""".slots USING gist (room, during)',
        constraintName: 'slots_room_during_excl',
      },
    ]);
  });
});
