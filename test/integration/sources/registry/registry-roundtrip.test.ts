/**
 * The round trip of Registry sync 1 and 2: a profile taken from PostgreSQL is exported into the registry
 * (`doppel export`, Avro and JSON Schema), the subjects are read back as a source (`doppel inspect
 * registry+http://...`), and the two catalogs are compared field by field: names (Avro-safe names decoded),
 * logical types, nullability, enum labels, decimal precision and scale, array elements, nested fields and
 * primary keys. What a format cannot express is listed below, per format, and the test expects exactly those
 * differences, so a new one (or one that goes away) fails it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Field, FieldType } from '../../../../src/catalog/model.js';
import { loadProfile } from '../../../../src/tasks/index.js';
import type { FieldTask, Profile, TypeTask } from '../../../../src/tasks/types.js';
import { runCliForTest } from '../../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { requireRegistry, rest, testRegistries, uniquePrefix } from '../../../helpers/test-registry.js';
import { exportFixtureSql, runSql } from '../../export/export-fixture.js';

/**
 * What Avro cannot carry back (doppel's Avro converter, `src/export/avro-types.ts`): integers are all
 * `long` (a 32-bit column reads back as 64-bit, not compared here: widths are type facts); PostgreSQL types
 * without an Avro counterpart (interval, inet) travel as strings; a JSON column's measured keys become a
 * nested record, so `json` reads back as `object`; a `timestamp(3)` becomes `local-timestamp-millis` and keeps
 * its precision, other times and timestamps are micros.
 */
const AVRO_CANNOT = [
  'Customers.ip: logical inet → string',
  'Customers.prefs: logical json → object',
  'events.payload: logical json → object',
  'tickets.wait: logical interval → string',
];

/**
 * What JSON Schema cannot carry back (`src/export/to-json-schema.ts`): decimals are exact text (a string
 * with a pattern: precision and scale are gone), times and zone-less timestamps are strings with a pattern
 * (JSON Schema's `time` and `date-time` formats require a zone), interval and inet are strings, a JSON
 * column's keys become a nested object.
 */
const JSON_SCHEMA_CANNOT = [
  'Customers.balance: logical decimal → string',
  'Customers.balance: precision 12 → none',
  'Customers.balance: scale 2 → none',
  'Customers.ip: logical inet → string',
  'Customers.local_seen: logical timestamp → string',
  'Customers.prefs: logical json → object',
  'Customers.wake_time: logical time → string',
  'events.payload: logical json → object',
  'tickets.wait: logical interval → string',
];

/**
 * rivven-schema 0.0.22 stores a JSON Schema document re-serialised with its keys sorted (Confluent's keeps the
 * text as registered), so properties come back in name order: the fields are compared by name, and a
 * composite key's fields come back in name order.
 */
const RIVVEN_JSON_KEY_ORDER = ['ticket_tags: primary key ticket_id,tag → tag,ticket_id'];

interface Comparable {
  readonly logical: string;
  readonly nullable: boolean;
  readonly labels?: string;
  readonly precision?: number;
  readonly scale?: number;
  readonly element?: string;
}

function fromType(type: FieldType | TypeTask, nullable: boolean): Comparable {
  return {
    logical: type.logical,
    nullable,
    ...(type.labels !== undefined ? { labels: type.labels.join(',') } : {}),
    ...(type.logical === 'decimal' && type.precision !== undefined ? { precision: type.precision } : {}),
    ...(type.logical === 'decimal' && type.scale !== undefined ? { scale: type.scale } : {}),
    ...(type.element !== undefined ? { element: type.element.logical } : {}),
  };
}

/** Every field and nested field of a profile's dataset, by path. */
function profileFields(fields: readonly FieldTask[], prefix = ''): Map<string, Comparable> {
  const result = new Map<string, Comparable>();
  for (const field of fields) {
    const path = `${prefix}${field.name}`;
    const presence = field.stats?.presence;
    result.set(path, fromType(field.type, field.nullable || (presence !== undefined && presence < 1)));
    for (const [child, value] of profileFields(field.fields ?? [], `${path}.`)) result.set(child, value);
  }
  return result;
}

function catalogFields(fields: readonly Field[], prefix = ''): Map<string, Comparable> {
  const result = new Map<string, Comparable>();
  for (const field of fields) {
    const path = `${prefix}${field.name}`;
    result.set(path, fromType(field.type, field.nullable));
    for (const [child, value] of catalogFields(field.fields ?? [], `${path}.`)) result.set(child, value);
  }
  return result;
}

/** The differences between the profile and the catalog read back, as `local.field: what → what`. */
function compare(
  profile: Profile,
  catalog: Catalog,
  datasetOf: (local: string) => string,
  ordered: boolean,
): string[] {
  const differences: string[] = [];
  for (const task of profile.datasets) {
    const local = task.dataset.local;
    const read = catalog.datasets.find((dataset) => dataset.name === datasetOf(local));
    if (read === undefined) {
      differences.push(`${local}: not read back`);
      continue;
    }
    const expected = profileFields(task.fields);
    const actual = catalogFields(read.fields);
    if (ordered && [...expected.keys()].join() !== [...actual.keys()].join())
      differences.push(`${local}: fields in another order`);
    for (const path of new Set([...expected.keys(), ...actual.keys()])) {
      const a = expected.get(path);
      const b = actual.get(path);
      if (a === undefined || b === undefined) {
        differences.push(`${local}.${path}: ${a === undefined ? 'not in the profile' : 'not read back'}`);
        continue;
      }
      for (const key of ['logical', 'nullable', 'labels', 'precision', 'scale', 'element'] as const)
        if (a[key] !== b[key])
          differences.push(`${local}.${path}: ${key} ${a[key] ?? 'none'} → ${b[key] ?? 'none'}`);
    }
    const keys = (fields: readonly string[] | undefined) => (fields ?? []).join(',');
    if (keys(task.keys.primary?.fields) !== keys(read.primaryKey?.fields))
      differences.push(
        `${local}: primary key ${keys(task.keys.primary?.fields)} → ${keys(read.primaryKey?.fields)}`,
      );
  }
  return differences.sort();
}

describe.each(testRegistries())('export then import on the $name registry', (registry) => {
  const schema = uniquePrefix('rt');
  const api = rest(registry.url);
  let database: TestDatabase;
  let profileDir: string;
  let profile: Profile;

  beforeAll(async () => {
    await requireRegistry(registry);
    database = await createTestDatabase('postgres');
    await runSql(database.url, exportFixtureSql(schema));
    profileDir = await mkdtemp(join(tmpdir(), 'doppel-registry-rt-'));
    const profiled = await runCliForTest([
      'profile',
      database.url,
      '--out',
      profileDir,
      '--full',
      '--name',
      'rt',
    ]);
    expect(profiled.code, profiled.stderr).toBe(0);
    profile = await loadProfile(profileDir);
  });

  afterAll(async () => {
    await api.deleteSubjects(schema);
    await database?.drop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  async function exportAndRead(format: 'avro' | 'json-schema', middle: string): Promise<Catalog> {
    const exported = await runCliForTest([
      'export',
      profileDir,
      '--registry',
      registry.url,
      '--format',
      format,
      '--topic',
      `{namespace}.${middle}{local}`,
    ]);
    expect(exported.code, exported.stderr + exported.stdout).toBe(0);
    const read = await runCliForTest([
      '--json',
      'inspect',
      `registry+${registry.url}`,
      '--include',
      `${schema}.${middle}*`,
    ]);
    expect(read.code, read.stderr).toBe(0);
    return JSON.parse(read.stdout) as Catalog;
  }

  it('Avro: the catalogs agree field by field except where Avro cannot say it', async () => {
    const catalog = await exportAndRead('avro', 'avro_');
    expect(catalog.datasets).toHaveLength(profile.datasets.length);
    expect(compare(profile, catalog, (local) => `${schema}.avro_${local}`, true)).toEqual(AVRO_CANNOT);
  });

  it('JSON Schema: the catalogs agree field by field except where JSON Schema cannot say it', async () => {
    const catalog = await exportAndRead('json-schema', 'json_');
    expect(catalog.datasets).toHaveLength(profile.datasets.length);
    expect(compare(profile, catalog, (local) => `${schema}.json_${local}`, false)).toEqual(
      registry.name === 'services'
        ? [...JSON_SCHEMA_CANNOT, ...RIVVEN_JSON_KEY_ORDER].sort()
        : JSON_SCHEMA_CANNOT,
    );
  });
});
