/**
 * `doppel export` of a profile taken from PostgreSQL into a real registry (the services script's, and
 * DOPPEL_TEST_REGISTRY_URL's when set): subjects and versions checked through the REST API; a compatible
 * change (a new nullable column) becomes a new version, an incompatible one (a type change) is reported
 * with the registry's reason, left unregistered and ends with exit 1; a dry run and a re-run change
 * nothing; every subject strategy, JSON Schema and `--out` files.
 *
 * rivven-schema 0.0.22 finds any Avro schema with a logical type (decimal, date, timestamp, uuid)
 * incompatible with itself, where Confluent's registry accepts it; doppel reports the registry's verdict as
 * it is. The Avro evolution is therefore shown on `events` (no logical type), the same change on a table
 * with logical types in JSON Schema, and a test names the difference.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAvroName } from '../../../src/export/avro-names.js';
import type { ExportResult } from '../../../src/export/export-profile.js';
import { loadProfile } from '../../../src/tasks/index.js';
import { runCliForTest } from '../../helpers/run-cli.js';
import { avroProblems, exportRecords, generateRows, jsonSchemaProblems } from '../../helpers/schema-rows.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { requireRegistry, rest, testRegistries, uniquePrefix } from '../../helpers/test-registry.js';
import { exportFixtureSql, runSql } from './export-fixture.js';

const folders: string[] = [];
async function makeFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'doppel-export-'));
  folders.push(folder);
  return folder;
}
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function profileInto(url: string, folder: string): Promise<void> {
  const run = await runCliForTest(['profile', url, '--out', folder, '--full', '--name', 'export']);
  expect(run.code, run.stderr).toBe(0);
}

async function exportJson(
  args: readonly string[],
): Promise<{ code: number; result: ExportResult; stderr: string }> {
  const run = await runCliForTest(['--json', 'export', ...args]);
  return { code: run.code, result: JSON.parse(run.stdout) as ExportResult, stderr: run.stderr };
}

function statuses(result: ExportResult): Record<string, string | undefined> {
  return Object.fromEntries(result.subjects.map((subject) => [subject.subject, subject.status]));
}

describe.each(testRegistries())('doppel export on the $name registry', (registry) => {
  const schema = uniquePrefix('exp');
  const api = rest(registry.url);
  let database: TestDatabase;
  let profileDir: string;
  const topic = (middle: string) => `{namespace}.${middle}{local}`;
  const base = () => [profileDir, '--registry', registry.url];

  beforeAll(async () => {
    await requireRegistry(registry);
    database = await createTestDatabase('postgres');
    await runSql(database.url, exportFixtureSql(schema));
    profileDir = await makeFolder();
    await profileInto(database.url, profileDir);
  });

  afterAll(async () => {
    await api.deleteSubjects(schema);
    await database?.drop();
  });

  it('registers every dataset as Avro under <topic>-value and <topic>-key, and writes the same schemas with --out', async () => {
    const out = await makeFolder();
    const { code, result } = await exportJson([
      ...base(),
      '--topic',
      topic(''),
      '--compatibility',
      'BACKWARD',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const expected = ['Customers', 'events', 'ticket_tags', 'tickets'].flatMap((local) => [
      `${schema}.${local}-key`,
      `${schema}.${local}-value`,
    ]);
    expect(await api.subjects(schema)).toEqual(expected.sort());
    expect(new Set(Object.values(statuses(result)))).toEqual(new Set(['new']));
    for (const subject of result.subjects) {
      expect(subject.registered).toBe(true);
      expect(await api.versions(subject.subject)).toEqual([1]);
      const latest = await api.latest(subject.subject);
      expect(latest.id).toBe(subject.id);
      const file = JSON.parse(await readFile(subject.file!, 'utf8')) as unknown;
      expect(JSON.parse(latest.schema)).toEqual(file);
    }
    expect((await readdir(out)).sort()).toEqual(expected.map((subject) => `${subject}.avsc`).sort());

    const customers = JSON.parse((await api.latest(`${schema}.Customers-value`)).schema) as {
      name: string;
      namespace: string;
      fields: { name: string; type: unknown; doc?: string }[];
    };
    expect(customers.namespace).toBe(schema);
    expect(customers.name).toBe('Customers');
    const names = customers.fields.map((field) => field.name);
    expect(names).toContain('_Display_000020Name');
    expect(names.map(decodeAvroName)).toContain('Display Name');
    const balance = customers.fields.find((field) => field.name === 'balance')!;
    expect(balance.type).toEqual([
      'null',
      { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 },
    ]);
    expect(balance.doc).toBe('Prepaid balance in EUR');
    const key = JSON.parse((await api.latest(`${schema}.ticket_tags-key`)).schema) as {
      fields: { name: string }[];
    };
    expect(key.fields.map((field) => field.name)).toEqual(['ticket_id', 'tag']);
  });

  it('registers nothing new when run again: every subject is unchanged with its id', async () => {
    const before = await Promise.all(
      (await api.subjects(schema)).map(async (subject) => [subject, await api.versions(subject)]),
    );
    const { code, result } = await exportJson([...base(), '--topic', topic('')]);
    expect(code).toBe(0);
    for (const subject of result.subjects) {
      expect(subject).toMatchObject({ status: 'unchanged', registered: false, version: 1 });
      expect(subject.id).toBe((await api.latest(subject.subject)).id);
    }
    const after = await Promise.all(
      (await api.subjects(schema)).map(async (subject) => [subject, await api.versions(subject)]),
    );
    expect(after).toEqual(before);
  });

  it('describes the rows generated from the profile: avsc round trip and ajv for every record', async () => {
    const profile = await loadProfile(profileDir);
    const rows = await generateRows(profile, 500);
    const logical = new Set(
      profile.datasets.flatMap((task) => task.fields.map((field) => field.type.logical)),
    );
    for (const type of [
      'decimal',
      'date',
      'time',
      'timestamp',
      'timestamptz',
      'binary',
      'inet',
      'json',
      'array',
      'interval',
      'uuid',
      'enum',
    ])
      expect(logical).toContain(type);
    for (const record of exportRecords(profile)) {
      expect(avroProblems(record, rows.get(record.dataset)!)).toEqual([]);
      expect(jsonSchemaProblems(record, rows.get(record.dataset)!)).toEqual([]);
    }
  });

  it('reports without writing under --dry-run', async () => {
    const out = await makeFolder();
    const { code, result } = await exportJson([
      ...base(),
      '--topic',
      topic('dry.'),
      '--dry-run',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(result.dryRun).toBe(true);
    expect(new Set(Object.values(statuses(result)))).toEqual(new Set(['new']));
    expect(result.subjects.every((subject) => !subject.registered && subject.id === undefined)).toBe(true);
    expect((await api.subjects(schema)).filter((subject) => subject.includes('.dry.'))).toEqual([]);
    expect(await readdir(out)).toEqual([]);
  });

  it('registers JSON Schema subjects (schemaType JSON) and finds them unchanged on a re-run', async () => {
    const out = await makeFolder();
    const args = [...base(), '--format', 'json-schema', '--topic', topic('json.'), '--out', out];
    const first = await exportJson(args);
    expect(first.code).toBe(0);
    const latest = await api.latest(`${schema}.json.Customers-value`);
    expect(latest.schemaType).toBe('JSON');
    const document = JSON.parse(latest.schema) as { title: string; properties: Record<string, unknown> };
    expect(document.title).toBe(`${schema}.Customers`);
    expect(document.properties['Display Name']).toMatchObject({ type: ['string', 'null'] });
    expect(document.properties.email).toEqual({ type: 'string', format: 'email' });
    expect(await readdir(out)).toContain(`${schema}.json.Customers-value.schema.json`);
    const again = await exportJson(args);
    expect(new Set(Object.values(statuses(again.result)))).toEqual(new Set(['unchanged']));
  });

  it('registers a compatible change (a new nullable column) as a new version', async () => {
    await runSql(database.url, `ALTER TABLE "${schema}".events ADD COLUMN note text`);
    await profileInto(database.url, profileDir);
    const dry = await exportJson([...base(), '--topic', topic(''), '--dry-run']);
    expect(statuses(dry.result)[`${schema}.events-value`]).toBe('compatible');
    expect(await api.versions(`${schema}.events-value`)).toEqual([1]);

    const { code, result } = await exportJson([...base(), '--topic', topic('')]);
    expect(code).toBe(0);
    const changed = result.subjects.find((subject) => subject.subject === `${schema}.events-value`)!;
    expect(changed).toMatchObject({ status: 'compatible', registered: true, version: 2 });
    expect(await api.versions(`${schema}.events-value`)).toEqual([1, 2]);
    const others = result.subjects.filter((subject) => subject !== changed);
    expect(new Set(others.map((subject) => subject.status))).toEqual(new Set(['unchanged']));
  });

  it('registers the same change on a table with logical types as JSON Schema', async () => {
    await runSql(database.url, `ALTER TABLE "${schema}"."Customers" ADD COLUMN nickname text`);
    await profileInto(database.url, profileDir);
    const { code, result } = await exportJson([
      ...base(),
      '--format',
      'json-schema',
      '--topic',
      topic('json.'),
    ]);
    expect(code).toBe(0);
    expect(
      result.subjects.find((subject) => subject.subject === `${schema}.json.Customers-value`),
    ).toMatchObject({
      status: 'compatible',
      registered: true,
      version: 2,
    });
  });

  it('passes the registry verdict on Avro logical types through (rivven-schema refuses them, Confluent does not)', async () => {
    const dry = await exportJson([...base(), '--topic', topic(''), '--dry-run']);
    const customers = dry.result.subjects.find((subject) => subject.subject === `${schema}.Customers-value`)!;
    if (registry.name === 'services') {
      expect(dry.code).toBe(1);
      expect(customers.status).toBe('incompatible');
      // The registry's own words: a decimal, date or timestamp "not compatible" with the very same type.
      expect(customers.messages?.join(' ')).toMatch(/Decimal|Date|Timestamp|Uuid/);
    } else {
      expect(dry.code).toBe(0);
      expect(customers.status).toBe('compatible');
    }
  });

  it('refuses an incompatible change (a type change) with the registry reason and exit 1, registering nothing', async () => {
    await runSql(
      database.url,
      `ALTER TABLE "${schema}".events ALTER COLUMN attempts TYPE text USING attempts::text`,
    );
    await profileInto(database.url, profileDir);
    const { code, result, stderr } = await exportJson([...base(), '--topic', topic('')]);
    expect(code).toBe(1);
    expect(result.ok).toBe(false);
    const refused = result.subjects.find((subject) => subject.subject === `${schema}.events-value`)!;
    expect(refused).toMatchObject({ status: 'incompatible', registered: false });
    expect(refused.messages?.join(' ')).toMatch(/incompatib/i);
    expect(stderr).toContain(`${schema}.events-value`);
    expect(await api.versions(`${schema}.events-value`)).toEqual([1, 2]);
    expect(statuses(result)[`${schema}.ticket_tags-value`]).toBe('unchanged');
  });

  it('names subjects by record name, and by topic and record name', async () => {
    const record = await exportJson([...base(), '--strategy', 'record', '--format', 'json-schema']);
    expect(record.code).toBe(0);
    expect(record.result.subjects.map((subject) => subject.subject).sort()).toEqual(
      [
        'Customers',
        'Customers_key',
        'events',
        'events_key',
        'ticket_tags',
        'ticket_tags_key',
        'tickets',
        'tickets_key',
      ].map((name) => `${schema}.${name}`),
    );
    const topicRecord = await exportJson([
      ...base(),
      '--strategy',
      'topic-record',
      '--topic',
      topic('tr.'),
      '--no-keys',
    ]);
    expect(topicRecord.code).toBe(0);
    expect(topicRecord.result.subjects.map((subject) => subject.subject).sort()).toEqual(
      ['Customers', 'events', 'ticket_tags', 'tickets'].map(
        (name) => `${schema}.tr.${name}-${schema}.${name}`,
      ),
    );
    for (const subject of [...record.result.subjects, ...topicRecord.result.subjects])
      expect(await api.versions(subject.subject)).toEqual([1]);
  });
});
