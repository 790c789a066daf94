import { describe, expect, it } from 'vitest';
import { renderCreateSchema } from '../../../../src/sources/postgres/schema/render-create-schema.js';
import type { DatasetTask, FieldTask, Profile, TypeTask } from '../../../../src/tasks/types.js';

const field = (name: string, type: TypeTask): FieldTask => ({
  name,
  type,
  nullable: true,
  generator: { kind: 'null' },
});

function dataset(
  local: string,
  fields: readonly FieldTask[],
  extra: Partial<DatasetTask> & { header?: Partial<DatasetTask['dataset']> } = {},
): DatasetTask {
  const { header, ...rest } = extra;
  return {
    version: 1,
    dataset: {
      source: 'db',
      name: `app.${local}`,
      namespace: 'app',
      local,
      kind: 'table',
      writable: true,
      rows: 0,
      ...header,
    },
    sampling: { method: 'full', rows: 0, seed: 1 },
    fields,
    keys: { unique: [] },
    checks: [],
    indexes: [],
    relations: [],
    rules: [],
    ...rest,
  };
}

function profile(...datasets: DatasetTask[]): Profile {
  return {
    plan: {
      version: 1,
      profile: 'unit',
      taken: { at: '2024-01-01T00:00:00Z', by: 'doppel test' },
      sampling: { method: 'full', seed: 1 },
      privacy: { k: 10, digits: 3, overrides: [] },
      sources: [{ name: 'db', kind: 'postgres' }],
      datasets: [],
      relations: [],
    },
    datasets,
  };
}

const integer: TypeTask = { logical: 'integer', native: 'integer' };

describe('renderCreateSchema: domains over user types', () => {
  it('creates the enum a domain is over before the domain', () => {
    const type: TypeTask = {
      logical: 'enum',
      native: 'app.small_size',
      labels: ['S', 'M'],
      domain: { name: 'app.small_size', base: 'app.size', not_null: false, checks: [] },
    };
    const statements = renderCreateSchema(profile(dataset('shirts', [field('size', type)])));
    expect(statements.filter((statement) => /^CREATE (TYPE|DOMAIN)/.test(statement))).toEqual([
      "CREATE TYPE app.size AS ENUM ('S', 'M')",
      'CREATE DOMAIN app.small_size AS app.size',
    ]);
  });

  it('creates the composite a domain is over, with its attribute types, before the domain', () => {
    const type: TypeTask = {
      logical: 'object',
      native: 'app.checked_point',
      attributes: [
        { name: 'x', type: integer },
        { name: 'y', type: integer },
      ],
      domain: {
        name: 'app.checked_point',
        base: 'app.point2',
        not_null: true,
        checks: [{ name: 'x_positive', expression: '((VALUE).x > 0)' }],
      },
    };
    const statements = renderCreateSchema(profile(dataset('spots', [field('at', type)])));
    expect(statements.filter((statement) => /^CREATE (TYPE|DOMAIN)/.test(statement))).toEqual([
      'CREATE TYPE app.point2 AS ("x" integer, "y" integer)',
      'CREATE DOMAIN app.checked_point AS app.point2 NOT NULL CONSTRAINT "x_positive" CHECK (((VALUE).x > 0))',
    ]);
  });
});

describe('renderCreateSchema: exclusion constraints', () => {
  const range: TypeTask = {
    logical: 'range',
    native: 'tsrange',
    range_of: { logical: 'timestamp', native: 'timestamp' },
  };
  const withExclusion = (definition: string) =>
    dataset('rooms', [field('room', integer), field('during', range)], {
      exclusions: [{ name: 'no_overlap', definition }],
      indexes: [{ name: 'no_overlap', fields: ['room', 'during'], method: 'gist', unique: false }],
    });

  it('adds the constraint as printed, and not its index a second time', () => {
    const statements = renderCreateSchema(profile(withExclusion('EXCLUDE USING gist (during WITH &&)')));
    expect(statements).toContain(
      'ALTER TABLE "app"."rooms" ADD CONSTRAINT "no_overlap" EXCLUDE USING gist (during WITH &&)',
    );
    expect(statements.some((statement) => statement.includes('INDEX "no_overlap"'))).toBe(false);
    expect(statements).not.toContain('CREATE EXTENSION IF NOT EXISTS btree_gist');
  });

  it('creates btree_gist first when a gist exclusion compares with = or <>', () => {
    for (const definition of [
      'EXCLUDE USING gist (room WITH =, during WITH &&)',
      'EXCLUDE USING gist (during WITH &&, room WITH <>) WHERE (room > 0)',
    ]) {
      const statements = renderCreateSchema(profile(withExclusion(definition)));
      expect(statements.indexOf('CREATE EXTENSION IF NOT EXISTS btree_gist')).toBeGreaterThanOrEqual(0);
      expect(statements.indexOf('CREATE EXTENSION IF NOT EXISTS btree_gist')).toBeLessThan(
        statements.findIndex((statement) => statement.startsWith('CREATE TABLE')),
      );
    }
  });
});

describe('renderCreateSchema: views', () => {
  const table = dataset('orders', [field('id', integer)]);
  const view = (local: string, kind: 'view' | 'materialized-view', definition: string, comment?: string) =>
    dataset(local, [field('id', integer)], {
      header: { kind, writable: false, definition, ...(comment !== undefined ? { comment } : {}) },
    });

  it('creates views after tables, a view after the views it names, with comments of the right kind', () => {
    const statements = renderCreateSchema(
      profile(
        view('a_recent', 'view', ' SELECT id\n   FROM app."Big Orders";', 'recent'),
        view('Big Orders', 'view', ' SELECT id\n   FROM app.orders\n  WHERE id > 10;'),
        view('counts', 'materialized-view', ' SELECT count(*) AS id\n   FROM app.orders;', 'totals'),
        table,
      ),
    );
    expect(statements.slice(statements.indexOf('CREATE TABLE "app"."orders" (\n  "id" integer\n)'))).toEqual([
      'CREATE TABLE "app"."orders" (\n  "id" integer\n)',
      'CREATE VIEW "app"."Big Orders" AS\nSELECT id\n   FROM app.orders\n  WHERE id > 10',
      'CREATE VIEW "app"."a_recent" AS\nSELECT id\n   FROM app."Big Orders"',
      'CREATE MATERIALIZED VIEW "app"."counts" AS\nSELECT count(*) AS id\n   FROM app.orders',
      `COMMENT ON VIEW "app"."a_recent" IS 'recent'`,
      `COMMENT ON MATERIALIZED VIEW "app"."counts" IS 'totals'`,
    ]);
  });

  it('leaves out views whose task has no definition', () => {
    const statements = renderCreateSchema(
      profile(table, dataset('old', [field('id', integer)], { header: { kind: 'view', writable: false } })),
    );
    expect(statements.some((statement) => statement.includes('VIEW'))).toBe(false);
  });
});
