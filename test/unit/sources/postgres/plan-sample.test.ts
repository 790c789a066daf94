import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/catalog/model.js';
import { planSample } from '../../../../src/sources/postgres/sample.js';
import { renderCreateSchema } from '../../../../src/sources/postgres/schema/render-create-schema.js';

const dataset = (kind: Dataset['kind'], rowEstimate: number | null): Dataset => ({
  name: 'Odd Schema.My "T"',
  namespace: 'Odd Schema',
  local: 'My "T"',
  kind,
  writable: true,
  fields: [],
  uniques: [],
  checks: [],
  exclusions: [],
  indexes: [],
  rowEstimate,
});
const options = { rows: 1000, seed: 42, full: false };

describe('planSample', () => {
  it('reads small tables whole, bounded by the budget', () => {
    expect(planSample(dataset('table', 5000), options)).toEqual({
      method: 'full',
      sql: 'SELECT * FROM ONLY "Odd Schema"."My ""T""" LIMIT 1000',
    });
  });
  // Percentages aim below the budget (1 - 3/sqrt(1000) for BERNOULLI, 0.7 for SYSTEM) so that the LIMIT
  // rarely cuts the physically last rows off.
  it('uses BERNOULLI for middling tables and SYSTEM for large ones, repeatable by seed, never ORDER BY random()', () => {
    const middling = planSample(dataset('table', 100_000), options);
    expect(middling.method).toBe('tablesample-bernoulli');
    expect(middling.sql).toBe(
      'SELECT * FROM ONLY "Odd Schema"."My ""T""" TABLESAMPLE BERNOULLI (0.905132) REPEATABLE (42) LIMIT 1000',
    );
    const large = planSample(dataset('partitioned-table', 50_000_000), options);
    expect(large.method).toBe('tablesample-system');
    expect(large.sql).toContain('TABLESAMPLE SYSTEM (0.00140000) REPEATABLE (42) LIMIT 1000');
    expect(large.sql).not.toContain('ONLY');
    expect(large.sql).not.toMatch(/random\(\)/i);
  });
  it('treats an unknown estimate as large, and reads views by head', () => {
    expect(planSample(dataset('table', null), options).method).toBe('tablesample-system');
    expect(planSample(dataset('view', null), options)).toEqual({
      method: 'head',
      sql: 'SELECT * FROM "Odd Schema"."My ""T""" LIMIT 1000',
    });
  });
});

describe('renderCreateSchema ordering', () => {
  it('creates types before tables and foreign keys after every table', () => {
    const statuses = { logical: 'enum', native: 's.status', labels: ['a', "b'c"] } as const;
    const task = (name: string, references?: string) => ({
      version: 1 as const,
      dataset: {
        source: 'x',
        name: `s.${name}`,
        namespace: 's',
        local: name,
        kind: 'table' as const,
        writable: true,
        rows: 1,
      },
      sampling: { method: 'full' as const, rows: 0, seed: 1 },
      fields: [
        {
          name: 'id',
          type: { logical: 'integer' as const, native: 'integer' },
          nullable: false,
          generator: { kind: 'null' as const },
        },
        { name: 'status', type: statuses, nullable: true, generator: { kind: 'null' as const } },
      ],
      keys: { primary: { fields: ['id'] }, unique: [] },
      checks: [],
      indexes: [],
      relations: references
        ? [
            {
              from: { dataset: `s.${name}`, fields: ['id'] },
              to: { dataset: `s.${references}`, fields: ['id'] },
              declared: true,
              deferrable: true,
            },
          ]
        : [],
      rules: [],
    });
    const plan = {
      version: 1 as const,
      profile: 'p',
      taken: { at: '2024-01-01T00:00:00Z', by: 'test' },
      sampling: { method: 'full' as const, seed: 1 },
      privacy: { k: 10, digits: 3, overrides: [] },
      sources: [],
      datasets: [],
      relations: [],
    };
    const statements = renderCreateSchema({ plan, datasets: [task('a', 'b'), task('b', 'a')] });
    expect(statements[0]).toBe('CREATE SCHEMA IF NOT EXISTS "s"');
    expect(statements[1]).toBe("CREATE TYPE s.status AS ENUM ('a', 'b''c')");
    expect(statements.filter((statement) => statement.startsWith('CREATE TYPE'))).toHaveLength(1);
    expect(statements.slice(2, 4).every((statement) => statement.startsWith('CREATE TABLE'))).toBe(true);
    expect(statements.slice(4)).toEqual([
      'ALTER TABLE "s"."a" ADD FOREIGN KEY ("id") REFERENCES "s"."b" ("id") DEFERRABLE INITIALLY IMMEDIATE',
      'ALTER TABLE "s"."b" ADD FOREIGN KEY ("id") REFERENCES "s"."a" ("id") DEFERRABLE INITIALLY IMMEDIATE',
    ]);
  });
});
