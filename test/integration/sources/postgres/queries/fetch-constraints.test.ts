import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchConstraints,
  type RawConstraint,
} from '../../../../../src/sources/postgres/extract/queries/fetch-constraints.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

const SCHEMA = `
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA "We""ird Schema";
CREATE TABLE "We""ird Schema"."Parent Table" (
  "Key A" integer NOT NULL,
  "select" text NOT NULL,
  CONSTRAINT "pk ""parent""" PRIMARY KEY ("Key A", "select"),
  CONSTRAINT parent_select_unique UNIQUE ("select"),
  CONSTRAINT "positive key" CHECK ("Key A" > 0)
);
CREATE TABLE "We""ird Schema".child (
  id integer PRIMARY KEY,
  a integer,
  b text,
  c integer,
  d text,
  CONSTRAINT child_full_fk FOREIGN KEY (b, a) REFERENCES "We""ird Schema"."Parent Table" ("select", "Key A")
    MATCH FULL ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT child_simple_fk FOREIGN KEY (c, d) REFERENCES "We""ird Schema"."Parent Table" ("Key A", "select")
    ON DELETE RESTRICT ON UPDATE SET DEFAULT DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT child_self_fk FOREIGN KEY (c) REFERENCES "We""ird Schema".child (id) DEFERRABLE INITIALLY IMMEDIATE
);
CREATE TABLE "We""ird Schema".bookings (
  room integer NOT NULL,
  during tsrange NOT NULL,
  CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (room > 0)
);
CREATE TABLE "We""ird Schema".events (
  id integer NOT NULL, on_day date NOT NULL, parent integer,
  PRIMARY KEY (id, on_day),
  FOREIGN KEY (parent) REFERENCES "We""ird Schema".child (id)
) PARTITION BY RANGE (on_day);
CREATE TABLE "We""ird Schema".events_2024 PARTITION OF "We""ird Schema".events
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE "We""ird Schema".base (id integer CHECK (id > 0));
CREATE TABLE "We""ird Schema".derived (extra text) INHERITS ("We""ird Schema".base);
`;

/** Columns a constraint that is not a foreign key has. */
const NOT_FOREIGN = {
  referencedNamespace: null,
  referencedName: null,
  referencedColumns: null,
  matchType: ' ',
  onUpdate: ' ',
  onDelete: ' ',
  deferrable: false,
  deferred: false,
  inherited: false,
};
const NAMESPACE = 'We"ird Schema';

let database: QueryDatabase;
const oids: Record<string, number> = {};

beforeAll(async () => {
  database = await createQueryDatabase(SCHEMA);
  for (const [key, name] of Object.entries({
    parent: '"We""ird Schema"."Parent Table"',
    child: '"We""ird Schema".child',
    bookings: '"We""ird Schema".bookings',
    events: '"We""ird Schema".events',
    events2024: '"We""ird Schema".events_2024',
    derived: '"We""ird Schema".derived',
  }))
    oids[key] = await database.oid(name);
});
afterAll(async () => database?.close());

const fetchFor = (...keys: string[]): Promise<RawConstraint[]> =>
  fetchConstraints(
    database.connection.db,
    keys.map((key) => oids[key] ?? 0),
  );

describe('fetchConstraints', () => {
  it('lists primary, unique and check constraints with hostile names and columns in key order', async () => {
    expect(await fetchFor('parent')).toEqual([
      {
        ...NOT_FOREIGN,
        relation: oids.parent,
        name: 'positive key',
        type: 'c',
        columns: ['Key A'],
        definition: 'CHECK ("Key A" > 0)',
      },
      {
        ...NOT_FOREIGN,
        relation: oids.parent,
        name: 'pk "parent"',
        type: 'p',
        columns: ['Key A', 'select'],
        definition: 'PRIMARY KEY ("Key A", "select")',
      },
      {
        ...NOT_FOREIGN,
        relation: oids.parent,
        name: 'parent_select_unique',
        type: 'u',
        columns: ['select'],
        definition: 'UNIQUE ("select")',
      },
    ]);
  });

  it('lists composite foreign keys with column order, match type, actions and deferrability', async () => {
    const parentEnd = { referencedNamespace: NAMESPACE, referencedName: 'Parent Table' };
    expect(await fetchFor('child')).toEqual([
      {
        relation: oids.child,
        name: 'child_full_fk',
        type: 'f',
        columns: ['b', 'a'],
        definition:
          'FOREIGN KEY (b, a) REFERENCES "We""ird Schema"."Parent Table"("select", "Key A") MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL',
        ...parentEnd,
        referencedColumns: ['select', 'Key A'],
        matchType: 'f',
        onUpdate: 'c',
        onDelete: 'n',
        deferrable: false,
        deferred: false,
        inherited: false,
      },
      {
        relation: oids.child,
        name: 'child_self_fk',
        type: 'f',
        columns: ['c'],
        definition: 'FOREIGN KEY (c) REFERENCES "We""ird Schema".child(id) DEFERRABLE',
        referencedNamespace: NAMESPACE,
        referencedName: 'child',
        referencedColumns: ['id'],
        matchType: 's',
        onUpdate: 'a',
        onDelete: 'a',
        deferrable: true,
        deferred: false,
        inherited: false,
      },
      {
        relation: oids.child,
        name: 'child_simple_fk',
        type: 'f',
        columns: ['c', 'd'],
        definition:
          'FOREIGN KEY (c, d) REFERENCES "We""ird Schema"."Parent Table"("Key A", "select") ON UPDATE SET DEFAULT ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED',
        ...parentEnd,
        referencedColumns: ['Key A', 'select'],
        matchType: 's',
        onUpdate: 'd',
        onDelete: 'r',
        deferrable: true,
        deferred: true,
        inherited: false,
      },
      {
        ...NOT_FOREIGN,
        relation: oids.child,
        name: 'child_pkey',
        type: 'p',
        columns: ['id'],
        definition: 'PRIMARY KEY (id)',
      },
    ]);
  });

  it('lists exclusion constraints with their raw definition', async () => {
    expect(await fetchFor('bookings')).toEqual([
      {
        ...NOT_FOREIGN,
        relation: oids.bookings,
        name: 'no_overlap',
        type: 'x',
        columns: ['room', 'during'],
        definition: 'EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (room > 0)',
      },
    ]);
  });

  it('leaves out the foreign keys a partition inherits, and marks inherited keys and checks', async () => {
    const rows = await fetchFor('events', 'events2024', 'derived');
    expect(rows.map((row) => [row.relation, row.name, row.type, row.inherited])).toEqual([
      [oids.events, 'events_parent_fkey', 'f', false],
      [oids.events, 'events_pkey', 'p', false],
      [oids.events2024, 'events_2024_pkey', 'p', true],
      [oids.derived, 'base_id_check', 'c', true],
    ]);
  });

  it('returns nothing for relations without constraints or an empty list', async () => {
    expect(await fetchConstraints(database.connection.db, [])).toEqual([]);
  });
});
