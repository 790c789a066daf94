/**
 * A schema registry as a metadata source, on the services script's registry (and DOPPEL_TEST_REGISTRY_URL's
 * when set): Avro, JSON Schema and Protobuf subjects registered through the REST API (a Protobuf subject and a
 * JSON Schema subject with a reference, resolved through the registry), read back by `doppel inspect`
 * and compared with what was registered; `doppel profile` writes schema-derived recipes; `doppel generate`
 * writes 1,000 records per subject as JSON Lines, and every record is checked against the registered schema
 * with the format's own library (avsc, ajv, protobufjs).
 *
 * rivven-schema 0.0.22 refuses an Avro schema with references (it reads a referenced name as an unknown
 * primitive type, 42201); the test named for it expects the refusal on that registry, and on any other
 * registry imports the subject like the others.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Field } from '../../../../src/catalog/model.js';
import { loadProfile } from '../../../../src/tasks/index.js';
import { avroChecker, jsonSchemaChecker, protobufChecker } from '../../../helpers/registry-records.js';
import { runCliForTest } from '../../../helpers/run-cli.js';
import { requireRegistry, rest, testRegistries, uniquePrefix } from '../../../helpers/test-registry.js';

const RECORDS = 1000;

const folders: string[] = [];
async function makeFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'doppel-registry-'));
  folders.push(folder);
  return folder;
}
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

function avroOrders(namespace: string) {
  return {
    type: 'record',
    name: 'Order',
    namespace,
    doc: 'An order as the shop publishes it',
    fields: [
      { name: 'id', type: 'long' },
      { name: 'note', type: ['null', 'string'], default: null, doc: 'free text' },
      {
        name: 'status',
        type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED'], default: 'NEW' },
        default: 'NEW',
      },
      { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
      { name: 'day', type: { type: 'int', logicalType: 'date' } },
      { name: 'placed_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      {
        name: 'seen_at',
        type: ['null', { type: 'long', logicalType: 'local-timestamp-micros' }],
        default: null,
      },
      { name: 'cutoff', type: { type: 'long', logicalType: 'time-micros' } },
      { name: 'ref', type: { type: 'string', logicalType: 'uuid' } },
      { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 16 } },
      { name: 'quantity', type: 'int' },
      { name: 'weight', type: 'float' },
      { name: 'gift', type: 'boolean', default: false },
      { name: 'raw', type: 'bytes' },
      {
        name: 'ship_to',
        type: {
          type: 'record',
          name: 'Address',
          fields: [
            { name: 'city', type: 'string' },
            { name: 'zip', type: ['null', 'int'], default: null },
          ],
        },
      },
      { name: 'bill_to', type: ['null', 'Address'], default: null },
      { name: 'tags', type: { type: 'array', items: 'string' } },
      {
        name: 'lines',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'Line',
            fields: [
              { name: 'sku', type: 'string' },
              {
                name: 'price',
                type: {
                  type: 'fixed',
                  name: 'Price',
                  size: 8,
                  logicalType: 'decimal',
                  precision: 8,
                  scale: 2,
                },
              },
            ],
          },
        },
      },
      { name: 'attributes', type: { type: 'map', values: 'long' } },
    ],
  };
}

const jsonAddress = (id: string) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: id,
  type: 'object',
  properties: { city: { type: 'string', maxLength: 30 }, country: { type: 'string', pattern: '^[A-Z]{2}$' } },
  required: ['city', 'country'],
  additionalProperties: false,
});

const jsonCustomers = (addressId: string) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'shop.Customer',
  type: 'object',
  properties: {
    id: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    email: { type: 'string', format: 'email' },
    name: { type: ['string', 'null'], maxLength: 40 },
    tier: { enum: ['gold', 'silver', 'bronze', null] },
    since: { type: 'string', format: 'date-time' },
    birthday: { type: 'string', format: 'date' },
    code: { type: 'string', pattern: '^[A-Z]{3}-[0-9]{4}$' },
    key: { type: 'string', format: 'uuid' },
    score: { type: 'number', minimum: 0, maximum: 5 },
    active: { type: 'boolean' },
    home: { $ref: addressId },
    phones: { type: 'array', items: { type: 'string', pattern: '^\\+[0-9]{8,12}$' }, maxItems: 3 },
    preferences: { $ref: '#/definitions/preferences' },
  },
  required: ['id', 'email', 'since', 'home'],
  additionalProperties: false,
  definitions: {
    preferences: {
      type: 'object',
      properties: { newsletter: { type: 'boolean' }, theme: { enum: ['light', 'dark'] } },
      required: ['newsletter'],
      additionalProperties: false,
    },
  },
});

const protoMoney = (pkg: string) =>
  `syntax = "proto3";\npackage ${pkg}.common;\n\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n  int32 nanos = 3;\n}\n`;

const protoPayment = (pkg: string) =>
  [
    'syntax = "proto3";',
    `package ${pkg}.pay;`,
    'import "money.proto";',
    'import "google/protobuf/timestamp.proto";',
    '',
    'message Payment {',
    '  string id = 1;',
    `  ${pkg}.common.Money amount = 2;`,
    '  enum Method { METHOD_UNSPECIFIED = 0; CARD = 1; TRANSFER = 2; }',
    '  Method method = 3;',
    '  google.protobuf.Timestamp paid_at = 4;',
    '  map<string, string> metadata = 5;',
    '  repeated string notes = 6;',
    '  optional uint32 attempt = 7;',
    '  oneof source { string card_token = 8; string iban = 9; }',
    '  repeated Fee fees = 10;',
    '  bytes signature = 11;',
    '  bool refunded = 12;',
    '  double rate = 13;',
    '}',
    '',
    'message Fee {',
    '  string kind = 1;',
    `  ${pkg}.common.Money amount = 2;`,
    '}',
    '',
  ].join('\n');

/** A field of a catalog as a comparable summary: type, nullability, labels and children. */
function describeField(field: Field): Record<string, unknown> {
  return {
    logical: field.type.logical,
    nullable: field.nullable,
    ...(field.type.labels ? { labels: field.type.labels } : {}),
    ...(field.type.element ? { element: field.type.element.logical } : {}),
    ...(field.fields
      ? { fields: Object.fromEntries(field.fields.map((child) => [child.name, describeField(child)])) }
      : {}),
  };
}

function describeDataset(catalog: Catalog, name: string): Record<string, unknown> {
  const dataset = catalog.datasets.find((candidate) => candidate.name === name);
  expect(dataset, `${name} in ${catalog.datasets.map((entry) => entry.name).join(', ')}`).toBeDefined();
  return Object.fromEntries(dataset!.fields.map((field) => [field.name, describeField(field)]));
}

async function readLines(file: string): Promise<unknown[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

describe.each(testRegistries())('a registry as a source on the $name registry', (registry) => {
  const prefix = uniquePrefix('src');
  const api = rest(registry.url);
  const address = `registry+${registry.url}`;
  const subjects = {
    orders: `${prefix}.orders-value`,
    ordersKey: `${prefix}.orders-key`,
    customers: `${prefix}.customers-value`,
    address: `${prefix}.address`,
    money: `${prefix}.money`,
    payments: `${prefix}.payments-value`,
    events: `${prefix}.events-value`,
  };
  const addressId = `https://schemas.example.com/${prefix}/address.json`;

  async function register(subject: string, body: Record<string, unknown>): Promise<number> {
    const { status, body: answer } = await api.call(
      'POST',
      `/subjects/${encodeURIComponent(subject)}/versions`,
      body,
    );
    expect(status, `${subject}: ${JSON.stringify(answer)}`).toBe(200);
    return (answer as { id: number }).id;
  }

  beforeAll(async () => {
    await requireRegistry(registry);
    await register(subjects.orders, { schema: JSON.stringify(avroOrders(prefix)) });
    await register(subjects.ordersKey, {
      schema: JSON.stringify({
        type: 'record',
        name: 'OrderKey',
        namespace: prefix,
        fields: [{ name: 'id', type: 'long' }],
      }),
    });
    await register(subjects.address, { schemaType: 'JSON', schema: JSON.stringify(jsonAddress(addressId)) });
    await register(subjects.customers, {
      schemaType: 'JSON',
      schema: JSON.stringify(jsonCustomers(addressId)),
      references: [{ name: addressId, subject: subjects.address, version: 1 }],
    });
    await register(subjects.money, { schemaType: 'PROTOBUF', schema: protoMoney(prefix) });
    await register(subjects.payments, {
      schemaType: 'PROTOBUF',
      schema: protoPayment(prefix),
      references: [{ name: 'money.proto', subject: subjects.money, version: 1 }],
    });
    // Two versions, for pins: the second adds a field.
    const event = (fields: object[]) =>
      JSON.stringify({
        type: 'record',
        name: 'Event',
        namespace: prefix,
        fields: [{ name: 'kind', type: 'string' }, ...fields],
      });
    await register(subjects.events, { schema: event([]) });
    await api.call('PUT', `/config/${encodeURIComponent(subjects.events)}`, { compatibility: 'NONE' });
    await register(subjects.events, { schema: event([{ name: 'at', type: 'long' }]) });
  });

  afterAll(async () => {
    await api.deleteSubjects(prefix);
  });

  async function inspect(...args: string[]): Promise<Catalog> {
    const run = await runCliForTest(['--json', 'inspect', address, ...args]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    return JSON.parse(run.stdout) as Catalog;
  }

  it('inspect reads the Avro subject with its key: nested records, enums, logical types, optionality', async () => {
    const catalog = await inspect('--include', `${prefix}.orders-value`);
    expect(catalog.source.kind).toBe('registry');
    expect(catalog.datasets.map((dataset) => dataset.name)).toEqual([`${prefix}.orders`]);
    const orders = catalog.datasets[0]!;
    expect(orders).toMatchObject({
      namespace: prefix,
      local: 'orders',
      kind: 'subject',
      comment: 'An order as the shop publishes it',
      primaryKey: { name: subjects.ordersKey, fields: ['id'] },
    });
    expect(orders.definition).toMatch(
      new RegExp(
        `^record ${prefix}\\.Order from ${prefix}\\.orders-value version 1 \\(AVRO, id \\d+\\); key from ${prefix}\\.orders-key version 1`,
      ),
    );
    const address = {
      city: { logical: 'string', nullable: false },
      zip: { logical: 'integer', nullable: true },
    };
    expect(describeDataset(catalog, `${prefix}.orders`)).toEqual({
      id: { logical: 'integer', nullable: false },
      note: { logical: 'string', nullable: true },
      status: { logical: 'enum', nullable: false, labels: ['NEW', 'PAID', 'SHIPPED'] },
      total: { logical: 'decimal', nullable: false },
      day: { logical: 'date', nullable: false },
      placed_at: { logical: 'timestamptz', nullable: false },
      seen_at: { logical: 'timestamp', nullable: true },
      cutoff: { logical: 'time', nullable: false },
      ref: { logical: 'uuid', nullable: false },
      hash: { logical: 'binary', nullable: false },
      quantity: { logical: 'integer', nullable: false },
      weight: { logical: 'float', nullable: false },
      gift: { logical: 'boolean', nullable: false },
      raw: { logical: 'binary', nullable: false },
      ship_to: { logical: 'object', nullable: false, fields: address },
      bill_to: { logical: 'object', nullable: true, fields: address },
      tags: { logical: 'array', nullable: false, element: 'string' },
      lines: { logical: 'array', nullable: false, element: 'object' },
      attributes: { logical: 'json', nullable: false },
    });
    const field = (name: string) => orders.fields.find((candidate) => candidate.name === name)!;
    expect(field('total').type).toMatchObject({ precision: 10, scale: 2 });
    expect(field('placed_at').type).toMatchObject({ timePrecision: 3, zoned: true });
    expect(field('cutoff').type.timePrecision).toBe(6);
    expect(field('hash').type).toMatchObject({ length: 16, fixedLength: true });
    expect(field('quantity').type.bits).toBe(32);
    expect(field('id').type.bits).toBe(64);
    expect(field('weight').type.bits).toBe(32);
    expect(field('note')).toMatchObject({ default: 'null', comment: 'free text' });
    expect(field('status').default).toBe('"NEW"');
    expect(field('lines').type.element?.attributes?.map((attribute) => attribute.name)).toEqual([
      'sku',
      'price',
    ]);
  });

  it('inspect reads the JSON Schema subject with its reference resolved through the registry', async () => {
    const catalog = await inspect('--include', `${prefix}.customers-*`);
    expect(describeDataset(catalog, `${prefix}.customers`)).toEqual({
      id: { logical: 'integer', nullable: false },
      email: { logical: 'string', nullable: false },
      name: { logical: 'string', nullable: true },
      tier: { logical: 'enum', nullable: true, labels: ['gold', 'silver', 'bronze'] },
      since: { logical: 'timestamptz', nullable: false },
      birthday: { logical: 'date', nullable: false },
      code: { logical: 'string', nullable: false },
      key: { logical: 'uuid', nullable: false },
      score: { logical: 'float', nullable: false },
      active: { logical: 'boolean', nullable: false },
      home: {
        logical: 'object',
        nullable: false,
        fields: {
          city: { logical: 'string', nullable: false },
          country: { logical: 'string', nullable: false },
        },
      },
      phones: { logical: 'array', nullable: false, element: 'string' },
      preferences: {
        logical: 'object',
        nullable: false,
        fields: {
          newsletter: { logical: 'boolean', nullable: false },
          theme: { logical: 'enum', nullable: false, labels: ['light', 'dark'] },
        },
      },
    });
  });

  it('inspect reads the Protobuf subject with its imported file resolved through the registry', async () => {
    const catalog = await inspect('--include', `${prefix}.payments-value`);
    const money = {
      currency: { logical: 'string', nullable: false },
      units: { logical: 'integer', nullable: false },
      nanos: { logical: 'integer', nullable: false },
    };
    expect(describeDataset(catalog, `${prefix}.payments`)).toEqual({
      id: { logical: 'string', nullable: false },
      amount: { logical: 'object', nullable: false, fields: money },
      method: { logical: 'enum', nullable: false, labels: ['METHOD_UNSPECIFIED', 'CARD', 'TRANSFER'] },
      paid_at: { logical: 'timestamptz', nullable: false },
      metadata: { logical: 'json', nullable: false },
      notes: { logical: 'array', nullable: false, element: 'string' },
      attempt: { logical: 'integer', nullable: true },
      card_token: { logical: 'string', nullable: false },
      iban: { logical: 'string', nullable: true },
      fees: { logical: 'array', nullable: false, element: 'object' },
      signature: { logical: 'binary', nullable: false },
      refunded: { logical: 'boolean', nullable: false },
      rate: { logical: 'float', nullable: false },
    });
    expect(catalog.datasets[0]?.definition).toMatch(
      `record ${prefix}.pay.Payment from ${subjects.payments} version 1 (PROTOBUF`,
    );
  });

  it('pins a version with subject@N and excludes by glob', async () => {
    const latest = await inspect('--include', subjects.events);
    expect(latest.datasets[0]?.fields.map((field) => field.name)).toEqual(['kind', 'at']);
    const pinned = await inspect('--include', `${subjects.events}@1`);
    expect(pinned.datasets[0]?.fields.map((field) => field.name)).toEqual(['kind']);
    expect(pinned.datasets[0]?.definition).toContain('version 1');
    const all = await inspect(
      '--include',
      `${prefix}.*`,
      '--exclude',
      '*-key',
      '--exclude',
      `${prefix}.events-*`,
    );
    expect(all.datasets.map((dataset) => dataset.name).sort()).toEqual(
      [
        `${prefix}.address`,
        `${prefix}.customers`,
        `${prefix}.money`,
        `${prefix}.orders`,
        `${prefix}.payments`,
      ].sort(),
    );
    expect(all.datasets.find((dataset) => dataset.name === `${prefix}.orders`)?.primaryKey).toBeUndefined();
    const missing = await runCliForTest(['inspect', address, '--include', `${subjects.events}@9`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${subjects.events} has no version 9`);
    const typo = await runCliForTest(['inspect', address, '--include', `${prefix}.ordrs-value`]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`the closest: ${subjects.orders}`);
  });

  it(`profile derives recipes from the schemas; generate writes ${RECORDS} records per subject, each valid for its registered schema`, async () => {
    const profileDir = await makeFolder();
    const out = await makeFolder();
    const include = [subjects.orders, subjects.customers, subjects.payments].flatMap((subject) => [
      '--include',
      subject,
    ]);
    const profiled = await runCliForTest([
      'profile',
      address,
      ...include,
      '--out',
      profileDir,
      '--name',
      'registry',
    ]);
    expect(profiled.code, profiled.stderr).toBe(0);
    const profile = await loadProfile(profileDir);
    expect(profile.plan.sampling.method).toBe('schema');
    for (const task of profile.datasets) {
      expect(task.sampling).toMatchObject({ method: 'schema', rows: 0 });
      expect(task.fields.every((field) => field.stats === undefined)).toBe(true);
    }
    const orders = profile.datasets.find((task) => task.dataset.name === `${prefix}.orders`)!;
    const field = (name: string) => orders.fields.find((candidate) => candidate.name === name)!;
    expect(field('id')).toMatchObject({ key: ['primary'], generator: { kind: 'sequence' } });
    expect(field('status').generator).toEqual({
      kind: 'categorical',
      weights: { NEW: 0.5, PAID: 0.25, SHIPPED: 0.25 },
    });
    expect(field('note').generator).toMatchObject({ kind: 'text', nulls: 0.1 });

    const generated = await runCliForTest([
      'generate',
      profileDir,
      '--target',
      out,
      '--format',
      'jsonl',
      '--seed',
      '3',
    ]);
    expect(generated.code, generated.stderr).toBe(0);

    const checks = [
      { dataset: `${prefix}.orders`, check: avroChecker(JSON.stringify(avroOrders(prefix))) },
      {
        dataset: `${prefix}.customers`,
        check: jsonSchemaChecker(JSON.stringify(jsonCustomers(addressId)), [
          JSON.stringify(jsonAddress(addressId)),
        ]),
      },
      {
        dataset: `${prefix}.payments`,
        check: protobufChecker(protoPayment(prefix), `${prefix}.pay.Payment`, [protoMoney(prefix)]),
      },
    ];
    for (const { dataset, check } of checks) {
      const entry = profile.plan.datasets.find((candidate) => candidate.name === dataset)!;
      const records = await readLines(join(out, entry.file.replace(/\.yaml$/, '.jsonl')));
      expect(records.length, dataset).toBe(RECORDS);
      // The checker is not lenient: an unknown field and a value of the wrong type are problems.
      const first = records[0] as Record<string, unknown>;
      expect(check({ ...first, unknown_field: 1 } as never), dataset).not.toEqual([]);
      expect(check({ ...first, id: [] } as never), dataset).not.toEqual([]);
      const problems = records.flatMap((record, index) =>
        check(record as never).map((problem) => `#${index}: ${problem}`),
      );
      expect(problems.slice(0, 5), dataset).toEqual([]);
    }
    const ids = (await readLines(join(out, `${prefix}.orders.jsonl`))).map(
      (record) => (record as { id: number }).id,
    );
    expect(new Set(ids).size).toBe(RECORDS);
  });

  it(
    registry.name === 'services'
      ? 'rivven-schema refuses an Avro schema with references (42201: the referenced name reads as an unknown type)'
      : 'reads an Avro subject whose named type comes from a reference',
    async () => {
      const point = {
        type: 'record',
        name: 'Point',
        namespace: `${prefix}.geo`,
        fields: [
          { name: 'x', type: 'double' },
          { name: 'y', type: 'double' },
        ],
      };
      await register(`${prefix}.point`, { schema: JSON.stringify(point) });
      const body = {
        schema: JSON.stringify({
          type: 'record',
          name: 'Shape',
          namespace: prefix,
          fields: [{ name: 'at', type: `${prefix}.geo.Point` }],
        }),
        references: [{ name: `${prefix}.geo.Point`, subject: `${prefix}.point`, version: 1 }],
      };
      const { status, body: answer } = await api.call(
        'POST',
        `/subjects/${encodeURIComponent(`${prefix}.shapes-value`)}/versions`,
        body,
      );
      if (registry.name === 'services') {
        expect(status).toBe(422);
        expect((answer as { error_code: number }).error_code).toBe(42201);
        return;
      }
      expect(status).toBe(200);
      const catalog = await inspect('--include', `${prefix}.shapes-value`);
      expect(describeDataset(catalog, `${prefix}.shapes`)).toEqual({
        at: {
          logical: 'object',
          nullable: false,
          fields: { x: { logical: 'float', nullable: false }, y: { logical: 'float', nullable: false } },
        },
      });
    },
  );
});
