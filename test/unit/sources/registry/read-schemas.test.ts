import { describe, expect, it } from 'vitest';
import { readAvro } from '../../../../src/sources/registry/read-avro.js';
import { readJsonSchema } from '../../../../src/sources/registry/read-json-schema.js';
import { readProtobuf } from '../../../../src/sources/registry/read-protobuf.js';
import type { NamedNode, ResolvedReference } from '../../../../src/sources/registry/schema-node.js';

function summary(fields: readonly NamedNode[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.map(({ name, node }) => [
      name,
      {
        logical: node.type.logical,
        nullable: node.nullable,
        ...(node.children ? { children: summary(node.children) } : {}),
        ...(node.element ? { element: node.element.type.logical } : {}),
      },
    ]),
  );
}

const reference = (name: string, schema: string): ResolvedReference => ({
  name,
  subject: `${name}-subject`,
  version: 1,
  schema,
  references: [],
});

describe('readAvro', () => {
  const schema = {
    type: 'record',
    name: 'Order',
    namespace: 'shop',
    doc: 'An order',
    fields: [
      { name: 'id', type: 'long' },
      { name: 'note', type: ['null', 'string'], default: null },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'], default: 'NEW' } },
      { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
      { name: 'day', type: { type: 'int', logicalType: 'date' } },
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'ref', type: { type: 'string', logicalType: 'uuid' } },
      { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 16 } },
      {
        name: 'ship',
        type: {
          type: 'record',
          name: 'Address',
          fields: [
            { name: 'city', type: 'string' },
            { name: 'zip', type: ['null', 'int'], default: null },
          ],
        },
      },
      { name: 'bill', type: ['null', 'Address'], default: null },
      { name: 'tags', type: { type: 'array', items: 'string' } },
      { name: 'attributes', type: { type: 'map', values: 'long' } },
      { name: '_0000630ustom', type: 'boolean' },
    ],
  };

  it('maps records, nested records, enums, logical types and optionality', () => {
    const record = readAvro(JSON.stringify(schema), []);
    expect(record.fullName).toBe('shop.Order');
    expect(record.doc).toBe('An order');
    expect(summary(record.fields)).toMatchObject({
      id: { logical: 'integer', nullable: false },
      note: { logical: 'string', nullable: true },
      status: { logical: 'enum', nullable: false },
      total: { logical: 'decimal' },
      day: { logical: 'date' },
      at: { logical: 'timestamptz' },
      ref: { logical: 'uuid' },
      hash: { logical: 'binary' },
      ship: { logical: 'object', children: { city: { logical: 'string' }, zip: { nullable: true } } },
      bill: { logical: 'object', nullable: true, children: { city: { logical: 'string' } } },
      tags: { logical: 'array', element: 'string' },
      attributes: { logical: 'json' },
    });
    const byName = new Map(record.fields.map((field) => [field.name, field.node]));
    expect(byName.get('status')?.type.labels).toEqual(['NEW', 'PAID']);
    expect(byName.get('status')?.default).toBe('NEW');
    expect(byName.get('total')?.type).toMatchObject({ precision: 12, scale: 2 });
    expect(byName.get('at')?.type).toMatchObject({ timePrecision: 3, zoned: true });
    expect(byName.get('id')?.type.bits).toBe(64);
    expect(byName.get('hash')?.hints.bytes).toBe(16);
    expect(byName.get('note')?.default).toBeNull();
  });

  it("decodes names doppel export made Avro-safe and keeps a person's own names", () => {
    const record = readAvro(
      JSON.stringify({
        type: 'record',
        name: 'r',
        fields: [
          { name: '_created_000020at', type: 'int' },
          { name: '_id', type: 'int' },
        ],
      }),
      [],
    );
    expect(record.fields.map((field) => field.name)).toEqual(['created at', '_id']);
  });

  it('finds named types in referenced schemas', () => {
    const address = {
      type: 'record',
      name: 'Address',
      namespace: 'common',
      fields: [{ name: 'city', type: 'string' }],
    };
    const record = readAvro(
      JSON.stringify({ type: 'record', name: 'Person', fields: [{ name: 'home', type: 'common.Address' }] }),
      [reference('common.Address', JSON.stringify(address))],
    );
    expect(summary(record.fields)).toEqual({
      home: {
        logical: 'object',
        nullable: false,
        children: { city: { logical: 'string', nullable: false } },
      },
    });
  });

  it('refuses a schema that is not a record, and an undefined type, by name', () => {
    expect(() => readAvro('"string"', [])).toThrow(/not a record/);
    expect(() =>
      readAvro(JSON.stringify({ type: 'record', name: 'r', fields: [{ name: 'x', type: 'Missing' }] }), []),
    ).toThrow(/r\.x: the type "Missing" is not defined/);
  });

  it('reads a record that contains itself once', () => {
    const record = readAvro(
      JSON.stringify({
        type: 'record',
        name: 'Node',
        fields: [{ name: 'next', type: ['null', 'Node'], default: null }],
      }),
      [],
    );
    expect(summary(record.fields)).toEqual({ next: { logical: 'json', nullable: true } });
  });
});

describe('readJsonSchema', () => {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'shop.Customer',
    type: 'object',
    properties: {
      id: { type: 'integer', minimum: 1, maximum: 5000 },
      email: { type: 'string', format: 'email' },
      name: { type: ['string', 'null'], maxLength: 40 },
      tier: { enum: ['gold', 'silver', null] },
      since: { type: 'string', format: 'date-time' },
      code: { type: 'string', pattern: '^[A-Z]{3}-[0-9]{4}$' },
      address: { $ref: '#/definitions/address' },
      scores: { type: 'array', items: { type: 'number' }, maxItems: 3 },
      extra: { type: 'object' },
      blob: { type: 'string', contentEncoding: 'base64' },
    },
    required: ['id', 'email'],
    additionalProperties: false,
    definitions: {
      address: {
        type: 'object',
        properties: { city: { type: 'string' }, zip: { type: 'string' } },
        required: ['city'],
      },
    },
  };

  it('maps properties, nullability, formats, bounds, enums and local $refs', () => {
    const record = readJsonSchema(JSON.stringify(schema), []);
    expect(record.fullName).toBe('shop.Customer');
    expect(summary(record.fields)).toMatchObject({
      id: { logical: 'integer', nullable: false },
      email: { logical: 'string', nullable: false },
      name: { logical: 'string', nullable: true },
      tier: { logical: 'enum', nullable: true },
      since: { logical: 'timestamptz' },
      code: { logical: 'string' },
      address: { logical: 'object', children: { city: { logical: 'string' }, zip: { logical: 'string' } } },
      scores: { logical: 'array', element: 'float' },
      extra: { logical: 'json' },
      blob: { logical: 'binary' },
    });
    const byName = new Map(record.fields.map((field) => [field.name, field.node]));
    expect(byName.get('id')?.hints).toEqual({ minimum: 1, maximum: 5000 });
    expect(byName.get('email')?.hints.semantic).toBe('email');
    expect(byName.get('name')?.type.length).toBe(40);
    expect(byName.get('tier')?.type.labels).toEqual(['gold', 'silver']);
    expect(byName.get('code')?.hints.pattern).toBe('^[A-Z]{3}-[0-9]{4}$');
    expect(byName.get('scores')?.hints.maxLength).toBe(3);
  });

  it('follows a $ref into a referenced schema by its name', () => {
    const address = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const record = readJsonSchema(
      JSON.stringify({ type: 'object', properties: { home: { $ref: 'address.json' } } }),
      [reference('address.json', JSON.stringify(address))],
    );
    expect(summary(record.fields)).toEqual({
      home: {
        logical: 'object',
        nullable: false,
        children: { city: { logical: 'string', nullable: false } },
      },
    });
  });

  it('refuses a document that is not an object with properties', () => {
    expect(() => readJsonSchema(JSON.stringify({ type: 'string' }), [])).toThrow(/not an object/);
    expect(() => readJsonSchema('{', [])).toThrow(/not JSON/);
  });
});

describe('readProtobuf', () => {
  const common =
    'syntax = "proto3";\npackage common;\nmessage Money { string currency = 1; int64 units = 2; }\n';
  const order = [
    'syntax = "proto3";',
    'package shop;',
    'import "common.proto";',
    'import "google/protobuf/timestamp.proto";',
    'message Order {',
    '  string id = 1;',
    '  common.Money total = 2;',
    '  enum Status { NEW = 0; PAID = 1; }',
    '  Status status = 3;',
    '  google.protobuf.Timestamp at = 4;',
    '  map<string, int64> tags = 5;',
    '  repeated string notes = 6;',
    '  optional uint32 count = 7;',
    '  oneof payment { string card = 8; string iban = 9; }',
    '  repeated Line lines = 10;',
    '}',
    'message Line { string sku = 1; double price = 2; }',
  ].join('\n');

  it('reads the first message with references, enums, maps, repeated fields, optional and oneof', () => {
    const record = readProtobuf(order, [reference('common.proto', common)]);
    expect(record.fullName).toBe('shop.Order');
    expect(summary(record.fields)).toMatchObject({
      id: { logical: 'string', nullable: false },
      total: {
        logical: 'object',
        children: { currency: { logical: 'string' }, units: { logical: 'integer' } },
      },
      status: { logical: 'enum' },
      at: { logical: 'timestamptz' },
      tags: { logical: 'json' },
      notes: { logical: 'array', element: 'string' },
      count: { logical: 'integer', nullable: true },
      card: { logical: 'string', nullable: false },
      iban: { logical: 'string', nullable: true },
      lines: { logical: 'array', element: 'object' },
    });
    const byName = new Map(record.fields.map((field) => [field.name, field.node]));
    expect(byName.get('status')?.type.labels).toEqual(['NEW', 'PAID']);
    expect(byName.get('count')?.type).toMatchObject({ bits: 32, unsigned: true });
    expect(byName.get('iban')?.hints.absent).toBe(true);
    expect(byName.get('lines')?.element?.children?.map((child) => child.name)).toEqual(['sku', 'price']);
  });

  it('names an import that no reference resolves', () => {
    expect(() => readProtobuf(order, [])).toThrow(/does not resolve/);
    expect(() => readProtobuf('this is not proto', [])).toThrow(/not valid Protobuf/);
  });
});
