/**
 * The privacy canary: unique strings planted in every kind of text column (JSON values and keys, array
 * elements, an email local part and a rare email domain included) and outlier numbers in numeric columns must not appear in any file written, anything
 * printed, or the log, whether the profile samples or reads every row; nor in the schemas exported from
 * the profile (files, output, and what the registry holds); nor in the HTML reports of that profile, of two
 * profiles compared, or of a validation of the planted source. A staff table plants rare values where kept
 * values become a categorical recipe with an `other` share generated like the field: a rare job title and a
 * rare country, which must appear neither in the profile nor in data generated from it; nor may a rare city
 * reach the measured pairs of a depends rule, nor a rare format the mixture of shapes of a field of several
 * formats, nor a rare parent value the pairs of a parent-determines rule.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliForTest } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { requireRegistry, rest, testRegistries, uniquePrefix } from '../../helpers/test-registry.js';
import { runSql } from '../sources/postgres/fixture-database.js';
import {
  CANARY_NUMBERS,
  expectNoCanary,
  loadShopFixture,
  readAllFiles,
  SHARED_EMAIL_DOMAIN,
} from './shop-fixture.js';

/**
 * Five job titles and three countries kept (seen k times or more), rare titles and countries below k, and one
 * row with planted ones; depots whose city determines the country code (a depends rule with measured pairs),
 * one planted city among them, and shipments whose language their depot's country code sets (a
 * parent-determines rule), twelve of them (k or more) from a depot with a planted country code.
 */
const PASSENGER_SURNAMES = [
  'ivanov',
  'petrov',
  'sidorov',
  'smirnov',
  'kuznetsov',
  'popov',
  'vasilev',
  'sokolov',
  'mikhaylov',
  'novikov',
  'fedorov',
  'morozov',
];
const STAFF_SQL = `
CREATE TABLE staff (id integer PRIMARY KEY, job_title text NOT NULL, country text NOT NULL);
INSERT INTO staff (id, job_title, country)
SELECT g,
  CASE WHEN g % 10 < 7 THEN (ARRAY['Sales Representative', 'Software Engineer', 'Account Manager',
                                   'Support Specialist', 'Warehouse Associate'])[1 + g % 5]
       ELSE (ARRAY['Junior', 'Senior', 'Lead'])[1 + g % 3] || ' ' || (ARRAY['Buyer', 'Planner', 'Auditor',
             'Designer', 'Recruiter', 'Analyst', 'Courier', 'Trainer', 'Editor', 'Chemist'])[1 + (g / 10) % 10] END,
  CASE WHEN g % 10 < 4 THEN (ARRAY['United States', 'Germany', 'France'])[1 + g % 3]
       ELSE (ARRAY['Argentina', 'Australia', 'Austria', 'Belgium', 'Brazil', 'Canada', 'Chile', 'China',
                   'Denmark', 'Egypt', 'Finland', 'Greece', 'India', 'Ireland', 'Italy', 'Japan', 'Kenya',
                   'Mexico', 'Norway', 'Peru', 'Poland', 'Portugal', 'Spain', 'Sweden'])[1 + g % 24] END
FROM generate_series(1, 300) g;
INSERT INTO staff (id, job_title, country) VALUES (301, 'CANARY_title_q7x', 'CANARY_country_q7x');
CREATE TABLE depots (id integer PRIMARY KEY, city text NOT NULL, country_code text NOT NULL);
INSERT INTO depots (id, city, country_code)
SELECT g, (ARRAY['Lisbon', 'Madrid', 'Milan', 'Vienna', 'Porto'])[1 + g % 5],
       (ARRAY['PT', 'ES', 'IT', 'AT', 'PT'])[1 + g % 5]
FROM generate_series(1, 300) g;
INSERT INTO depots (id, city, country_code) VALUES (301, 'CANARY_depot_city_q7x', 'PT'),
  (302, 'CANARY_depot_city2_q7x', 'CANARY_depot_country_q7x');
CREATE TABLE shipments (id integer PRIMARY KEY, depot_id integer NOT NULL REFERENCES depots, language text NOT NULL);
INSERT INTO shipments (id, depot_id, language)
SELECT g, d.id, CASE d.country_code WHEN 'PT' THEN 'pt' WHEN 'ES' THEN 'es' WHEN 'IT' THEN 'it' ELSE 'de' END
FROM generate_series(1, 600) g JOIN depots d ON d.id = 1 + g % 300;
INSERT INTO shipments (id, depot_id, language) SELECT 600 + g, 302, 'pt' FROM generate_series(1, 12) g;
CREATE TABLE vendors (id integer PRIMARY KEY, phone text NOT NULL, code text NOT NULL);
INSERT INTO vendors (id, phone, code)
SELECT g,
  CASE WHEN g % 2 = 0 THEN '(' || (1 + g % 9) || ') 555-' || lpad((g * 37 % 10000)::text, 4, '0')
       ELSE '0' || (10 + g % 90) || '-' || lpad((g * 7919 % 10000000)::text, 7, '0') END,
  chr(65 + g % 26) || chr(65 + g * 7 % 26) || CASE WHEN g % 3 = 0 THEN '' ELSE '-' END
    || lpad((g * 31 % 10000)::text, 4, '0')
FROM generate_series(1, 300) g;
INSERT INTO vendors (id, phone, code) VALUES (301, '(7) CANARY_phone_q7x', 'CANARY_code_q7x-1');
CREATE TABLE passengers (ticket_no char(13) PRIMARY KEY, passenger_name text NOT NULL);
INSERT INTO passengers (ticket_no, passenger_name)
SELECT '0005432' || lpad(g::text, 6, '0'),
  upper((ARRAY['ivan', 'petr', 'sergey', 'elena', 'olga', 'anna', 'dmitriy', 'natalya', 'aleksandr', 'tatyana'])[1 + g % 10]
    || ' ' || (ARRAY[${PASSENGER_SURNAMES.map((name) => `'${name}'`).join(', ')}])[1 + (g / 10) % 12])
FROM generate_series(1, 2400) g;
`;

let database: TestDatabase;
let folder: string;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  await loadShopFixture(database.url);
  await runSql(database.url, STAFF_SQL);
  folder = await mkdtemp(join(tmpdir(), 'doppel-privacy-'));
});

afterAll(async () => {
  await database?.drop();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

describe('privacy canary', () => {
  for (const mode of [['--full'], ['--sample-rows', '2000']]) {
    it(`leaks no canary with ${mode.join(' ')}`, async () => {
      const out = join(folder, mode[0]!.replace(/-/g, ''));
      const human = await runCliForTest([
        '--log-level',
        'debug',
        'profile',
        database.url,
        '--out',
        out,
        ...mode,
      ]);
      expect(human.code).toBe(0);
      const json = await runCliForTest(['--json', 'profile', database.url, '--out', out, ...mode]);
      expect(json.code).toBe(0);
      const files = await readAllFiles(out);
      expect(files).toContain('public.customers');
      expectNoCanary(files);
      // A domain shared by at least k rows is not personal by itself: the profile keeps it.
      expect(files).toContain(SHARED_EMAIL_DOMAIN);
      expectNoCanary(human.stdout + human.stderr);
      expectNoCanary(json.stdout + json.stderr);
    });
  }

  it('leaks no rare value through a categorical recipe with an other share, a depends rule or a pattern mixture, nor into data generated from it', async () => {
    const out = join(folder, 'staff-profile');
    const profiled = await runCliForTest([
      'profile',
      database.url,
      '--out',
      out,
      '--full',
      '--include',
      'public.staff',
      '--include',
      'public.depots',
      '--include',
      'public.vendors',
      '--include',
      'public.shipments',
    ]);
    expect(profiled.code, profiled.stderr).toBe(0);
    const files = await readAllFiles(out);
    expectNoCanary(files);
    // The new path is taken: kept titles listed, the rest an other share drawn like the field.
    expect(files).toContain('Sales Representative');
    expect(files).toMatch(/other:\s*\n\s*share: /);
    expect(files).toMatch(/pairs: \{[^}]*Lisbon: PT/);
    expect(files).toMatch(/kind: parent-determines[\s\S]*pairs: \{[^}]*PT: pt/);
    // Formats kept as a mixture of shapes (the planted format seen once is not one of them).
    expect(files).toMatch(/mixture:/);
    const generated = join(folder, 'staff-generated');
    const run = await runCliForTest(
      ['generate', out, '--target', generated, '--format', 'csv', '--seed', '3'],
      { DOPPEL_STATE_DIR: join(folder, 'state') },
    );
    expect(run.code, run.stderr).toBe(0);
    const rows = await readAllFiles(generated);
    expect(rows).toContain('Software Engineer');
    expectNoCanary(rows);
    expectNoCanary(run.stdout + run.stderr);
  });

  it("keeps no passenger's name, however often it repeats (Russian names in Latin, in capitals)", async () => {
    const out = join(folder, 'passengers-profile');
    const profiled = await runCliForTest([
      'profile',
      database.url,
      '--out',
      out,
      '--include',
      'public.passengers',
    ]);
    expect(profiled.code, profiled.stderr).toBe(0);
    const files = await readAllFiles(out);
    expect(files).toContain('semantic: { type: person.full_name, personal: true');
    for (const surname of PASSENGER_SURNAMES) expect(files).not.toContain(surname.toUpperCase());
  });

  it('leaks no canary into exported schemas (Avro and JSON Schema, files and registry)', async () => {
    const registry = testRegistries()[0]!;
    await requireRegistry(registry);
    const profileDir = join(folder, 'export-profile');
    expect((await runCliForTest(['profile', database.url, '--out', profileDir, '--full'])).code).toBe(0);
    const prefix = uniquePrefix('privacy');
    try {
      for (const format of ['avro', 'json-schema']) {
        const out = join(folder, `export-${format}`);
        const run = await runCliForTest([
          '--log-level',
          'debug',
          'export',
          profileDir,
          '--registry',
          registry.url,
          '--format',
          format,
          '--topic',
          `${prefix}.${format}.{local}`,
          '--out',
          out,
        ]);
        expect(run.code, run.stderr).toBe(0);
        expectNoCanary(run.stdout + run.stderr);
        expectNoCanary(await readAllFiles(out));
      }
      const api = rest(registry.url);
      const subjects = await api.subjects(prefix);
      expect(subjects.length).toBeGreaterThan(0);
      for (const subject of subjects) expectNoCanary((await api.latest(subject)).schema);
    } finally {
      await rest(registry.url).deleteSubjects(prefix);
    }
  });

  // Reads the two profiles the runs above wrote.
  it('leaks no canary into the HTML reports (profile, comparison, validation)', async () => {
    const [full, sampled] = [join(folder, 'full'), join(folder, 'samplerows')];
    const pages = join(folder, 'reports');
    const runs = [
      await runCliForTest(['report', full, '--out', join(pages, 'profile.html')]),
      await runCliForTest(['report', full, '--against', sampled, '--out', join(pages, 'compare.html')]),
      await runCliForTest([
        '--log-level',
        'debug',
        'validate',
        full,
        '--source',
        database.url,
        '--report',
        join(pages, 'validate.html'),
      ]),
    ];
    expect(runs.map((run) => run.code).slice(0, 2)).toEqual([0, 0]);
    expect([0, 1]).toContain(runs[2]?.code);
    const html = await readAllFiles(pages);
    expect(html.match(/<!doctype html>/g)).toHaveLength(3);
    expect(html).toContain('public.customers');
    expectNoCanary(html);
    // Pages print numbers for people (thousands separators, fewer digits): look for those spellings too.
    const digits = html.replace(/(\d),(?=\d{3})/g, '$1');
    for (const number of CANARY_NUMBERS) expect(digits).not.toContain(number.split('.')[0]);
    for (const run of runs) expectNoCanary(run.stdout + run.stderr);
  });
});
