/**
 * The round trip of histories shaped like MySQL's employees sample (test/fixtures/postgres/history-*.sql):
 * periods keyed by the employee and their start, closed on a later date or open until `9999-01-01`, the open
 * salary rows last in read order. Every generated period starts before it ends, the open ones keep their
 * share, no date wanders outside the measured years (a start made unique over the table walks on past
 * them; a gap measured over the open rows spreads the closed ones over the centuries before 9999), and no
 * period starts before its employee's hire date.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/tasks/index.js';
import type { TestDatabase } from '../../helpers/test-database.js';
import { countRows, roundTripFixture } from './roundtrip-steps.js';

const databases: TestDatabase[] = [];
let expected: Profile;
let source: TestDatabase;
let target: TestDatabase;

beforeAll(async () => {
  let actual: Profile;
  ({ expected, actual, target } = await roundTripFixture('history', databases));
  source = databases[0]!;
  expect(actual.datasets).toHaveLength(expected.datasets.length);
}, 600_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
});

interface Periods {
  readonly rows: number;
  readonly reversed: number;
  readonly open: number;
  readonly lastStart: string;
  readonly lastClosed: string;
}

async function periodsOf(url: string, table: string): Promise<Periods> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, string>>(`
      SELECT count(*) AS rows,
             count(*) FILTER (WHERE to_date <= from_date) AS reversed,
             count(*) FILTER (WHERE to_date = date '9999-01-01') AS open,
             max(from_date)::text AS last_start,
             max(to_date) FILTER (WHERE to_date <> date '9999-01-01')::text AS last_closed
      FROM ${table}`);
    const row = rows[0]!;
    return {
      rows: Number(row.rows),
      reversed: Number(row.reversed),
      open: Number(row.open),
      lastStart: row.last_start!,
      lastClosed: row.last_closed!,
    };
  } finally {
    await client.end();
  }
}

/** Rows of `table` that start before their employee was hired. */
async function beforeHire(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} t JOIN employees e USING (emp_no) WHERE t.from_date < e.hire_date`,
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe('history round trip on PostgreSQL', () => {
  it('starts no period before its employee was hired (after-parent rules, keys among them)', async () => {
    for (const table of ['dept_emp', 'titles', 'salaries']) {
      expect(await beforeHire(source.url, table)).toBe(0);
      expect(expected.datasets.find((task) => task.dataset.name === `public.${table}`)?.rules).toContainEqual(
        expect.objectContaining({ kind: 'after-parent', field: 'from_date', parent_field: 'hire_date' }),
      );
      expect(await beforeHire(target.url, table), table).toBe(0);
    }
  });

  it('loads every row', async () => {
    const counts = await countRows(target.url, expected);
    expect(counts['public.salaries']).toBe(30_244);
    expect(counts['public.titles']).toBe(3_571);
  });

  for (const table of ['salaries', 'titles', 'dept_emp'])
    it(`keeps ${table}' periods in order, their open share and their years`, async () => {
      const [before, after] = await Promise.all([periodsOf(source.url, table), periodsOf(target.url, table)]);
      expect(after.reversed).toBe(0);
      const share = (periods: Periods) => periods.open / periods.rows;
      expect(Math.abs(share(after) - share(before))).toBeLessThan(share(before) * 0.15);
      // Starts follow the source's (the last in 2002), a stint drawn as a hire plus a gap up to a year later.
      expect(after.lastStart <= '2004-01-01').toBe(true);
      // A closed period lasts a few years at most: none ends centuries later.
      expect(after.lastClosed < '2012-01-01').toBe(true);
    });
});
