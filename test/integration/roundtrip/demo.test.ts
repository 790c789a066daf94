/**
 * The demo profile end to end: `doppel generate profiles/demo` into CSV files with no server, and with
 * `--create-schema` into an empty PostgreSQL database (row counts as profiled, foreign keys hold, cities in
 * their measured countries).
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile, type Profile } from '../../../src/tasks/index.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { runSql } from '../sources/postgres/fixture-database.js';
import { countOrphans, countRows, generateInto } from './roundtrip-steps.js';

const DEMO = join(REPO_ROOT, 'profiles/demo');
let demo: Profile;
let database: TestDatabase | undefined;

beforeAll(async () => {
  demo = await loadProfile(DEMO);
});
afterAll(async () => {
  await database?.drop();
});

/** Records in a CSV file (quoted fields may hold line breaks): lines outside quotes, header excluded. */
function countCsvRecords(text: string): number {
  let records = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) records++;
  }
  return records - 1;
}

describe('the demo profile', () => {
  it('generates CSV files with no server', async () => {
    const out = await mkdtemp(join(tmpdir(), 'doppel-demo-csv-'));
    await generateInto(DEMO, out, ['--format', 'csv']);
    const files = (await readdir(out)).filter((name) => name.endsWith('.csv')).sort();
    expect(files).toEqual(demo.datasets.map((task) => `${task.dataset.name}.csv`).sort());
    for (const task of demo.datasets) {
      const text = await readFile(join(out, `${task.dataset.name}.csv`), 'utf8');
      expect(countCsvRecords(text), task.dataset.name).toBe(task.dataset.rows);
    }
  }, 120_000);

  it('creates its schema in an empty PostgreSQL database and loads it: counts as profiled, keys hold', async () => {
    database = await createTestDatabase('postgres');
    await generateInto(DEMO, database.url, ['--create-schema']);
    const counts = await countRows(database.url, demo);
    for (const task of demo.datasets)
      expect(counts[task.dataset.name], task.dataset.name).toBe(task.dataset.rows);
    for (const [relation, orphans] of Object.entries(await countOrphans(database.url, demo)))
      expect(orphans, relation).toBe(0);
    // The cities keep their real countries: the depends rule's measured pairs (Paris, FR; never Paris, US).
    const addresses = demo.datasets.find((task) => task.dataset.name === 'public.addresses')!;
    const rule = addresses.rules.find((candidate) => candidate.kind === 'depends');
    const pairs = rule?.kind === 'depends' ? (rule.pairs ?? {}) : {};
    expect(pairs).toMatchObject({ Paris: 'FR', London: 'GB', Houston: 'US', Hamburg: 'DE' });
    const rows = await runSql<{ city: string; country_code: string }>(
      database.url,
      'SELECT DISTINCT city, country_code FROM public.addresses',
    );
    for (const row of rows)
      if (Object.hasOwn(pairs, row.city)) expect(row.country_code, row.city).toBe(pairs[row.city]);
  }, 300_000);
});
