/**
 * The round trip for what was measured coming before what is invented (test/fixtures/postgres/fidelity3-*.sql,
 * our own values shaped like real-world cases): measured decimals of binary floats and a sequence counted from
 * 10248, kept values before invented ones, a dependency's measured pairs (each city in its own country), a
 * lookup table under --scale 3, phones with real calling codes, and fields of several formats (phones, postal codes,
 * product codes) generated from their mixture of shapes, an orders table whose shipping fields copy its
 * customer's (a `copies` rule, generated through the generated customer) and whose language its customer's
 * country sets (a `parent-determines` rule), bills copying a small client table's city, state and country
 * (depends rules found only in the bills, kept through the generated clients), and sale lines keyed by (sale,
 * product) keeping the children per parent of both sides.
 * Profiled with every row, generated into a fresh database through `doppel generate`, re-profiled and
 * compared within the bounds of docs/validating.md, but for the gaps still open (listed below).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCallingCode } from '../../../src/generate/values/phone-pattern.js';
import { silentLogger } from '../../../src/shared/log.js';
import { openPostgresSource } from '../../../src/sources/postgres/index.js';
import type { FieldTask, Profile } from '../../../src/tasks/index.js';
import { compareProfiles } from '../../../src/validate/compare.js';
import { formatComparison } from '../../../src/validate/format-comparison.js';
import { judgeCounted, listHardChecks } from '../../../src/validate/hard-checks.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { readFixture, runSql } from '../sources/postgres/fixture-database.js';
import { countRows, generateInto, roundTripFixture, saveAndReload } from './roundtrip-steps.js';

const databases: TestDatabase[] = [];
let expected: Profile;
let actual: Profile;
let target: TestDatabase;

beforeAll(async () => {
  ({ expected, actual, target } = await roundTripFixture('fidelity3', databases));
}, 600_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
});

/**
 * Known open gaps, each a generator limitation still to fix (not a loosened bound), as
 * `dataset field metric`: the test fails if one of them starts passing, so the entry is removed with the fix.
 */
const KNOWN_GAPS = new Set<string>([
  // A small parent (45 clients, five per city: no value kept) whose fields a child copies gets the child's
  // depends rules (city -> state -> country), so the bills keep them; its invented cities are only nine, and
  // each city's state and country are drawn from the field's shares by a hash of the city: nine draws, so the
  // shares come out lumpy. Matching invented determinant values to dependent values by share is still to do.
  'f3.clients state nulls',
  'f3.clients country tv',
  'f3.bills billing_state nulls',
  'f3.bills billing_country tv',
]);

/**
 * `depends` rules the generated data still breaks (as `dataset subject`): the test fails if one starts holding,
 * so the entry is removed with the fix.
 */
const KNOWN_BROKEN_RULES = new Set<string>([]);

function fieldOf(profile: Profile, dataset: string, field: string): FieldTask {
  const task = profile.datasets.find((candidate) => candidate.dataset.name === dataset);
  const found = task?.fields.find((candidate) => candidate.name === field);
  if (found === undefined) throw new Error(`no field ${dataset}.${field}`);
  return found;
}

describe('fidelity 3 round trip on PostgreSQL', () => {
  it('loads every row', async () => {
    const counts = await countRows(target.url, expected);
    for (const task of expected.datasets) expect(counts[task.dataset.name]).toBe(task.dataset.rows);
  });

  it('keeps the measured decimals of floats and starts a sequence at three significant digits', async () => {
    const [row] = await runSql<{ start: number; freight: string; weight: string }>(
      target.url,
      `SELECT min(id) AS start,
              count(*) FILTER (WHERE freight::numeric <> round(freight::numeric, 2)) AS freight,
              count(*) FILTER (WHERE weight::numeric <> round(weight::numeric, 1)) AS weight
       FROM f3.shipments`,
    );
    console.log(
      `shipments: start ${row?.start}, freight off 2 decimals ${row?.freight}, weight off 1 ${row?.weight}`,
    );
    expect(fieldOf(expected, 'f3.shipments', 'freight').stats?.decimals?.scale).toBe(2);
    expect(fieldOf(expected, 'f3.shipments', 'weight').stats?.decimals?.scale).toBe(1);
    // The source starts at 10248; its coarsened tail low end (p0.1, a key: two digits of the spread) is 10300,
    // three significant digits of which is where the generated sequence starts (it started at 10000).
    expect(fieldOf(expected, 'f3.shipments', 'id').generator).toMatchObject({
      kind: 'sequence',
      start: 10300,
    });
    expect(Math.abs(Number(row?.start) - 10248) / 10248).toBeLessThan(0.01);
    expect(Number(row?.freight)).toBe(0);
    expect(Number(row?.weight)).toBe(0);
    expect(fieldOf(actual, 'f3.shipments', 'freight').stats?.decimals?.scale).toBe(2);
  });

  it('generates kept values by their shares and the rest like the field', async () => {
    const title = fieldOf(expected, 'f3.staff', 'job_title').generator;
    expect(title.kind).toBe('categorical');
    if (title.kind === 'categorical') expect(Object.keys(title.weights)).toHaveLength(5);
    const country = fieldOf(expected, 'f3.staff', 'country').generator;
    expect(country).toMatchObject({ kind: 'categorical', other: { semantic: 'address.country' } });
    // Four region names in 51 rows stay four (they came out as 51 distinct values, or none of the kept ones).
    const [row] = await runSql<{ regions: string }>(
      target.url,
      'SELECT count(DISTINCT region) AS regions FROM f3.territories',
    );
    console.log(`territories: ${row?.regions} distinct regions`);
    expect(Number(row?.regions)).toBeLessThanOrEqual(4);
  });

  it('keeps the frequent determinant/dependent pairs of a depends rule', async () => {
    const countries: Record<string, string> = {
      Lisbon: 'PT',
      Porto: 'PT',
      Madrid: 'ES',
      Seville: 'ES',
      Valencia: 'ES',
      Milan: 'IT',
      Turin: 'IT',
      Naples: 'IT',
      Vienna: 'AT',
      Graz: 'AT',
    };
    const rules = expected.datasets.find((task) => task.dataset.name === 'f3.warehouses')?.rules ?? [];
    const rule = rules.find((candidate) => candidate.kind === 'depends');
    expect(rule).toMatchObject({ fields: ['city'], determines: 'country_code' });
    // The ten frequent cities with their countries; the four rare ones (3 rows each) stay out.
    expect(rule?.kind === 'depends' && rule.pairs).toEqual(countries);
    const rows = await runSql<{ city: string; country_code: string; count: string }>(
      target.url,
      'SELECT city, country_code, count(*) AS count FROM f3.warehouses GROUP BY 1, 2',
    );
    let kept = 0;
    let right = 0;
    for (const row of rows) {
      if (countries[row.city] === undefined) continue;
      kept += Number(row.count);
      if (countries[row.city] === row.country_code) right += Number(row.count);
    }
    console.log(`warehouses: ${right} of ${kept} rows of kept cities in their own country`);
    expect(kept).toBeGreaterThan(500);
    expect(right).toBe(kept);
  });

  it('keeps every depends rule in the generated rows, as doppel validate counts them', async () => {
    const listed = listHardChecks(expected).filter(({ check }) => check.kind === 'depends');
    const session = await openPostgresSource(target.url, { log: silentLogger, name: 'generated' });
    let counts: number[];
    try {
      counts = await session.countViolations!(listed.map(({ check }) => check));
    } finally {
      await session.close();
    }
    const results = judgeCounted(listed, counts);
    console.log(
      `depends rules: ${results.map((result) => `${result.dataset} ${result.subject}: ${result.violations}`).join('; ')}`,
    );
    expect(results.length).toBeGreaterThan(10);
    const broken = results
      .filter((result) => !result.ok)
      .map((result) => `${result.dataset} ${result.subject}`);
    expect(broken.filter((rule) => !KNOWN_BROKEN_RULES.has(rule))).toEqual([]);
    for (const rule of KNOWN_BROKEN_RULES) expect(broken, rule).toContain(rule);
  });

  it('keeps a lookup table at its size under --scale 3 while its children triple and keep their shares', async () => {
    const lookups = expected.datasets.filter((task) => task.dataset.lookup === true);
    expect(lookups.map((task) => task.dataset.name)).toEqual(['f3.languages']);
    const scaled = await createTestDatabase('postgres');
    databases.push(scaled);
    await runSql(scaled.url, readFixture('fidelity3-schema'));
    await generateInto((await saveAndReload(expected)).dir, scaled.url, ['--scale', '3']);
    const counts = await countRows(scaled.url, expected);
    const rows = await runSql<{ count: string }>(
      scaled.url,
      'SELECT count(*) AS count FROM f3.tickets GROUP BY language_id ORDER BY count(*) DESC',
    );
    const shares = rows.map((row) => Number(row.count) / counts['f3.tickets']!);
    console.log(
      `--scale 3: ${counts['f3.languages']} languages, ${counts['f3.tickets']} tickets, shares ${shares.map((share) => share.toFixed(3)).join(' ')}`,
    );
    expect(counts['f3.tickets']).toBe(900);
    expect(counts['f3.languages']).toBe(6);
    const measured = [0.45, 0.2, 0.15, 0.1, 0.06, 0.04];
    for (const [rank, share] of measured.entries())
      expect(Math.abs((shares[rank] ?? 0) - share), `rank ${rank}`).toBeLessThan(0.01);
  });

  it('keeps real calling codes and area codes in phones drawn from a pattern', async () => {
    const rows = await runSql<{ phone: string }>(target.url, 'SELECT phone FROM f3.contacts');
    const real = rows.filter(({ phone }) => {
      const match = /^\+(\d+) (\d)/.exec(phone);
      return match !== null && isCallingCode(match[1]!) && match[2]! >= '2';
    });
    console.log(`contacts: ${real.length} of ${rows.length} phones with a real calling code and area code`);
    expect(rows.length).toBe(400);
    expect(real.length).toBe(rows.length);
  });

  it('generates fields of several formats from their mixture of shapes, never as words', async () => {
    const rows = await runSql<Record<string, string>>(
      target.url,
      'SELECT phone, postal_code, product_code FROM f3.suppliers',
    );
    expect(fieldOf(expected, 'f3.suppliers', 'phone').semantic?.type).toBe('phone');
    expect(fieldOf(expected, 'f3.suppliers', 'product_code').generator).toMatchObject({
      kind: 'pattern',
      mixture: [{ share: 0.55 }, { share: 0.45 }],
    });
    for (const name of ['phone', 'postal_code', 'product_code']) {
      const mixture = fieldOf(expected, 'f3.suppliers', name).stats?.patterns ?? [];
      expect(mixture.length, name).toBe(2);
      // Total variation between the measured shares of the shapes and their shares of the generated values.
      let matched = 0;
      let distance = 0;
      for (const { regex, share } of mixture) {
        const pattern = new RegExp(`^(?:${regex})$`);
        const generated = rows.filter((row) => pattern.test(row[name]!)).length / rows.length;
        matched += generated;
        distance += Math.abs(generated - share);
      }
      distance = (distance + Math.abs(1 - matched - (1 - mixture.reduce((sum, x) => sum + x.share, 0)))) / 2;
      console.log(`suppliers.${name}: shape shares TV ${distance.toFixed(3)}, ${rows[0]?.[name]}`);
      expect(distance, name).toBeLessThanOrEqual(0.05);
    }
  });

  it('copies the parent fields an orders table copies, through the generated parent', async () => {
    const rules = expected.datasets.find((task) => task.dataset.name === 'f3.orders')?.rules ?? [];
    const copies = rules.find((rule) => rule.kind === 'copies');
    expect(copies).toEqual({
      kind: 'copies',
      relation: ['customer_id'],
      fields: {
        ship_name: 'company_name',
        ship_address: 'address',
        ship_city: 'city',
        ship_postal_code: 'postal_code',
        ship_country: 'country',
      },
      share: 0.85,
    });
    const agreement = `SELECT avg((o.ship_name = c.company_name AND o.ship_address = c.address
        AND o.ship_city = c.city AND o.ship_postal_code = c.postal_code AND o.ship_country = c.country)::int) AS copied,
      avg((o.ship_country = c.country)::int) AS country,
      count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM f3.customers s WHERE s.company_name = o.ship_name
        AND s.address = o.ship_address AND s.city = o.ship_city AND s.postal_code = o.ship_postal_code
        AND s.country = o.ship_country)) AS elsewhere
      FROM f3.orders o JOIN f3.customers c ON c.id = o.customer_id`;
    type Agreement = { copied: string; country: string; elsewhere: string };
    const [source] = await runSql<Agreement>(databases[0]!.url, agreement);
    const [generated] = await runSql<Agreement>(target.url, agreement);
    console.log(
      `orders: copied whole ${Number(generated?.copied).toFixed(3)} (source ${Number(source?.copied).toFixed(3)}), ship country = customer country ${Number(generated?.country).toFixed(3)} (source ${Number(source?.country).toFixed(3)})`,
    );
    expect(Math.abs(Number(generated?.copied) - 0.85)).toBeLessThan(0.01);
    expect(Math.abs(Number(generated?.country) - Number(source?.country))).toBeLessThan(0.05);
    // Orders not shipped to their customer ship to another customer's whole address, as in the source.
    console.log(
      `orders shipped to no customer's address: ${generated?.elsewhere} (source ${source?.elsewhere})`,
    );
    expect(Number(source?.elsewhere)).toBe(0);
    expect(Number(generated?.elsewhere)).toBe(0);
  });

  it("looks an order's language up from its generated customer's country", async () => {
    const rules = expected.datasets.find((task) => task.dataset.name === 'f3.orders')?.rules ?? [];
    const languages = { Germany: 'de', France: 'fr', Spain: 'es', UK: 'en', Portugal: 'pt', Italy: 'it' };
    expect(rules.find((rule) => rule.kind === 'parent-determines')).toMatchObject({
      relation: ['customer_id'],
      field: 'country',
      determines: 'language',
      pairs: languages,
    });
    const agreement = `SELECT avg((o.language = CASE c.country WHEN 'Germany' THEN 'de' WHEN 'France' THEN 'fr'
        WHEN 'Spain' THEN 'es' WHEN 'UK' THEN 'en' WHEN 'Portugal' THEN 'pt' ELSE 'it' END)::int) AS kept
      FROM f3.orders o JOIN f3.customers c ON c.id = o.customer_id`;
    const [source] = await runSql<{ kept: string }>(databases[0]!.url, agreement);
    const [generated] = await runSql<{ kept: string }>(target.url, agreement);
    console.log(
      `orders: language of the customer's country ${Number(generated?.kept).toFixed(3)} (source ${Number(source?.kept).toFixed(3)})`,
    );
    expect(Math.abs(Number(generated?.kept) - Number(source?.kept))).toBeLessThan(0.02);
    const share = compareProfiles(expected, actual).metrics.find(
      (metric) => metric.dataset === 'f3.orders' && metric.metric === 'determines-share',
    );
    expect(share?.ok).toBe(true);
  });

  it('keeps the children per parent of both sides of a junction, every pair distinct', async () => {
    const junction = compareProfiles(expected, actual).metrics.filter(
      (metric) => metric.dataset === 'f3.sale_lines' && metric.metric === 'children-ks',
    );
    console.log(
      `sale_lines children-ks: ${junction.map((metric) => `${metric.subject} ${metric.value.toFixed(4)}`).join(', ')}`,
    );
    expect(junction.map((metric) => metric.subject).sort()).toEqual([
      'product_id -> f3.products(id)',
      'sale_id -> f3.sales(id)',
    ]);
    for (const metric of junction) expect(metric.ok, metric.subject).toBe(true);
    const [row] = await runSql<{ lines: string; pairs: string; outside: string }>(
      target.url,
      `SELECT count(*) AS lines, count(DISTINCT (sale_id, product_id)) AS pairs,
              (SELECT count(*) FROM (SELECT sale_id FROM f3.sale_lines GROUP BY 1
                                     HAVING count(*) NOT BETWEEN 2 AND 5) s) AS outside
       FROM f3.sale_lines`,
    );
    console.log(
      `sale_lines: ${row?.pairs} distinct pairs of ${row?.lines}, ${row?.outside} sales outside 2-5 lines`,
    );
    expect(Number(row?.pairs)).toBe(Number(row?.lines));
  });

  it('matches the measured profile', () => {
    const comparison = compareProfiles(expected, actual);
    console.log(`fidelity 3 round trip:\n${formatComparison(comparison)}`);
    expect(comparison.drift).toEqual([]);
    const failures = comparison.metrics
      .filter((metric) => !metric.ok)
      .map((metric) => `${metric.dataset} ${metric.subject} ${metric.metric}`);
    expect(failures.filter((failure) => !KNOWN_GAPS.has(failure))).toEqual([]);
    for (const gap of KNOWN_GAPS) expect(failures, gap).toContain(gap);
  });
});
