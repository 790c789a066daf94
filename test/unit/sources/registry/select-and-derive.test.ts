import { describe, expect, it } from 'vitest';
import { base64Pattern, deriveRecipe } from '../../../../src/sources/registry/derive-recipes.js';
import { readAvro } from '../../../../src/sources/registry/read-avro.js';
import { parsePin, selectSubjects } from '../../../../src/sources/registry/select-subjects.js';
import { toDatasets } from '../../../../src/sources/registry/to-catalog.js';

const SUBJECTS = [
  'shop.orders-value',
  'shop.orders-key',
  'shop.customers-value',
  'com.acme.Event',
  'audit-key',
];

describe('selectSubjects', () => {
  it('reads every subject when nothing is included', () => {
    expect(selectSubjects(SUBJECTS, {}).map((entry) => entry.subject)).toEqual([
      'audit-key',
      'com.acme.Event',
      'shop.customers-value',
      'shop.orders-key',
      'shop.orders-value',
    ]);
  });

  it('takes names, globs and pins through the dataset-name resolver; a value brings its key', () => {
    expect(selectSubjects(SUBJECTS, { include: ['shop.orders-value@3', 'com.acme.*'] })).toEqual([
      { subject: 'com.acme.Event', version: 'latest' },
      { subject: 'shop.orders-key', version: 'latest' },
      { subject: 'shop.orders-value', version: 3 },
    ]);
    expect(
      selectSubjects(SUBJECTS, { include: ['shop.*'], exclude: ['*-key'] }).map((entry) => entry.subject),
    ).toEqual(['shop.customers-value', 'shop.orders-value']);
  });

  it('refuses what matches nothing, a pinned glob and two pins of one subject', () => {
    expect(() => selectSubjects(SUBJECTS, { include: ['shop.order-value'] })).toThrow(
      /include "shop.order-value" matches no dataset; the closest: shop.orders-value/,
    );
    expect(() => selectSubjects(SUBJECTS, { include: ['shop.*@2'] })).toThrow(/not a glob/);
    expect(() => selectSubjects(SUBJECTS, { include: ['audit-key@1', 'audit-key@2'] })).toThrow(
      /pins audit-key at versions 1 and 2/,
    );
    expect(() => parsePin('x@0')).toThrow(/from 1/);
    expect(parsePin('x@latest')).toEqual({ name: 'x', version: 'latest' });
  });
});

describe('toDatasets', () => {
  const read = (subject: string, fields: object[]) => ({
    subject,
    version: 1,
    id: 7,
    schemaType: 'AVRO',
    record: readAvro(JSON.stringify({ type: 'record', name: 'R', namespace: 'shop', fields }), []),
  });

  it('names datasets after topics, takes keys from -key subjects, keeps other subjects on their own', () => {
    const datasets = toDatasets([
      read('shop.orders-value', [
        { name: 'id', type: 'long' },
        { name: 'note', type: ['null', 'string'], default: null },
      ]),
      read('shop.orders-key', [{ name: 'id', type: 'long' }]),
      read('audit-key', [{ name: 'other', type: 'long' }]),
    ]).map((entry) => entry.dataset);
    expect(datasets.map((dataset) => [dataset.name, dataset.namespace, dataset.local])).toEqual([
      ['shop.orders', 'shop', 'orders'],
      ['audit-key', undefined, 'audit-key'],
    ]);
    expect(datasets[0]?.primaryKey).toEqual({ name: 'shop.orders-key', fields: ['id'] });
    expect(datasets[0]?.fields[1]).toMatchObject({ name: 'note', nullable: true, default: 'null' });
    expect(datasets[0]?.definition).toBe(
      'record shop.R from shop.orders-value version 1 (AVRO, id 7); key from shop.orders-key version 1 (AVRO, id 7)',
    );
  });
});

describe('deriveRecipe', () => {
  const node = (type: object, extra: object = {}) =>
    ({ type, nullable: false, hints: {}, ...extra }) as never;

  it('derives recipes from types, bounds, enums and defaults', () => {
    expect(
      deriveRecipe(
        node({ logical: 'integer', native: 'int', bits: 32 }, { hints: { minimum: 5, maximum: 9 } }),
        false,
      ),
    ).toEqual({
      kind: 'histogram',
      bins: [[5, 9, 1]],
      integer: true,
    });
    expect(deriveRecipe(node({ logical: 'integer', native: 'long', bits: 64 }), true)).toEqual({
      kind: 'sequence',
      start: 1,
      step: 1,
    });
    expect(
      deriveRecipe(
        node({ logical: 'enum', native: 'enum', labels: ['A', 'B', 'C'] }, { default: 'B' }),
        false,
      ),
    ).toEqual({ kind: 'categorical', weights: { A: 0.25, B: 0.5, C: 0.25 } });
    expect(
      deriveRecipe(node({ logical: 'string', native: 'string' }, { nullable: true }), false),
    ).toMatchObject({
      kind: 'text',
      nulls: 0.1,
    });
    expect(
      deriveRecipe(node({ logical: 'json', native: 'map<long>' }, { hints: { map: true } }), false),
    ).toEqual({
      kind: 'constant',
      value: {},
    });
  });

  it('writes base64 of exactly the size of a fixed', () => {
    for (const bytes of [1, 2, 3, 12, 16]) {
      const pattern = new RegExp(`^${base64Pattern(bytes)}$`);
      const sample = Buffer.alloc(bytes, 0xab).toString('base64');
      expect(pattern.test(sample)).toBe(true);
      expect(base64Pattern(bytes).length).toBeGreaterThan(0);
    }
  });
});
