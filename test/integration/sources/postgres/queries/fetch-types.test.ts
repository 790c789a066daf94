import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTypes, type RawType } from '../../../../../src/sources/postgres/extract/queries/fetch-types.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

const NAMESPACE = 'Ty "pes"';
const Q = '"Ty ""pes"""';
const SCHEMA = `
CREATE SCHEMA ${Q};
CREATE TYPE ${Q}.mood AS ENUM ('zeta', 'alpha', 'it''s "odd"');
ALTER TYPE ${Q}.mood ADD VALUE 'beta' BEFORE 'alpha';
CREATE DOMAIN ${Q}.price AS numeric(8, 2) NOT NULL CHECK (VALUE >= 0);
CREATE DOMAIN ${Q}.mood_domain AS ${Q}.mood;
CREATE TYPE ${Q}.address AS (street varchar(40), "Zip Code" text, price ${Q}.price);
CREATE TYPE ${Q}.floatrange AS RANGE (subtype = float8);
CREATE TABLE ${Q}.holder (id int);
`;

let database: QueryDatabase;
let types: Map<number, RawType>;
const byName = (name: string): RawType => {
  const found = [...types.values()].find((type) => type.namespace === NAMESPACE && type.name === name);
  if (found === undefined) throw new Error(`no type ${name}`);
  return found;
};
const plain = {
  namespace: NAMESPACE,
  element: 0,
  base: 0,
  baseTypmod: -1,
  baseNative: null,
  notNull: false,
  labels: null,
  rangeSubtype: null,
  attributes: null,
};

beforeAll(async () => {
  database = await createQueryDatabase(SCHEMA);
  types = await fetchTypes(database.connection.db);
});
afterAll(async () => database?.close());

describe('fetchTypes', () => {
  it('keys every type by its oid', async () => {
    for (const [oid, type] of types) expect(type.oid).toBe(oid);
    expect(byName('mood').oid).toBe(await database.typeOid(`${Q}.mood`));
  });

  it('lists the user types of the schema and their arrays, but not table row types', () => {
    expect(
      [...types.values()]
        .filter((type) => type.namespace === NAMESPACE)
        .map((type) => type.name)
        .sort(),
    ).toEqual(
      [
        'mood',
        '_mood',
        'price',
        '_price',
        'mood_domain',
        '_mood_domain',
        'address',
        '_address',
        'floatrange',
        '_floatrange',
        'floatmultirange',
        '_floatmultirange',
      ].sort(),
    );
  });

  it('gives enum labels in sort order, including labels added later', () => {
    expect(byName('mood')).toEqual({
      ...plain,
      oid: byName('mood').oid,
      name: 'mood',
      typtype: 'e',
      category: 'E',
      native: `${Q}.mood`,
      labels: ['zeta', 'beta', 'alpha', 'it\'s "odd"'],
    });
  });

  it('gives domains their base type, modifier and not-null', () => {
    expect(byName('price')).toEqual({
      ...plain,
      oid: byName('price').oid,
      name: 'price',
      typtype: 'd',
      category: 'N',
      base: 1700,
      baseTypmod: (8 << 16) + 2 + 4,
      baseNative: 'numeric(8,2)',
      notNull: true,
      native: `${Q}.price`,
    });
    expect(byName('mood_domain')).toEqual({
      ...plain,
      oid: byName('mood_domain').oid,
      name: 'mood_domain',
      typtype: 'd',
      category: 'E',
      base: byName('mood').oid,
      baseNative: `${Q}.mood`,
      native: `${Q}.mood_domain`,
    });
  });

  it('gives composites their attributes in order, with types and modifiers', () => {
    expect(byName('address')).toEqual({
      ...plain,
      oid: byName('address').oid,
      name: 'address',
      typtype: 'c',
      category: 'C',
      native: `${Q}.address`,
      attributes: [
        { name: 'street', type: 1043, typmod: 40 + 4, native: 'character varying(40)' },
        { name: 'Zip Code', type: 25, typmod: -1, native: 'text' },
        { name: 'price', type: byName('price').oid, typmod: -1, native: `${Q}.price` },
      ],
    });
  });

  it('gives ranges their subtype, and arrays their element', () => {
    expect(byName('floatrange')).toEqual({
      ...plain,
      oid: byName('floatrange').oid,
      name: 'floatrange',
      typtype: 'r',
      category: 'R',
      native: `${Q}.floatrange`,
      rangeSubtype: 701,
    });
    expect(byName('floatmultirange')).toMatchObject({ typtype: 'm', rangeSubtype: null });
    expect(byName('_address')).toEqual({
      ...plain,
      oid: byName('_address').oid,
      name: '_address',
      typtype: 'b',
      category: 'A',
      element: byName('address').oid,
      native: `${Q}.address[]`,
    });
  });

  it('includes the builtin types', () => {
    expect(types.get(1700)).toMatchObject({ namespace: 'pg_catalog', name: 'numeric', native: 'numeric' });
    expect(types.get(1007)).toMatchObject({ name: '_int4', category: 'A', element: 23, native: 'integer[]' });
  });
});
