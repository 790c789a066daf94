// The published JSON Schema and the TypeScript types describe the same format: enums equal the runtime
// lists, each schema object lists exactly the keys of its interface (in the saved order), and the example
// profile validates against the schema as a third party would use it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { LOGICAL_TYPES } from '../../../src/catalog/logical-type.js';
import type { DatasetKind, ReferentialAction, SourceKind } from '../../../src/catalog/model.js';
import { KEY_ORDER, PARSED_CHECK_ORDER, RECIPE_ORDER, RULE_ORDER } from '../../../src/tasks/key-order.js';
import { TASK_FILE_SCHEMA } from '../../../src/tasks/schema-check.js';
import { GENERATOR_KINDS, type KeyMembership, type SamplingMethod } from '../../../src/tasks/types.js';

interface Definition {
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, { readonly const?: unknown }>>;
  readonly oneOf?: readonly { readonly $ref: string }[];
}
const defs = TASK_FILE_SCHEMA.$defs as Readonly<Record<string, Definition>>;
const definition = (name: string): Definition => {
  const found = defs[name];
  if (found === undefined) throw new Error(`schema has no $defs/${name}`);
  return found;
};

/** Every member of a union type, listed once: a missing member fails to compile. */
const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)) =>
    list;

describe('task-file schema and TypeScript types', () => {
  test('enums equal the runtime lists and the union types', () => {
    expect(definition('generatorKind').enum).toEqual([...GENERATOR_KINDS]);
    expect(definition('logicalType').enum).toEqual([...LOGICAL_TYPES]);
    expect(definition('sourceKind').enum).toEqual(
      allOf<SourceKind>()(['postgres', 'mysql', 'mongodb', 'registry', 'kafka', 'file']),
    );
    expect(definition('datasetKind').enum).toEqual(
      allOf<DatasetKind>()([
        'table',
        'partitioned-table',
        'partition',
        'view',
        'materialized-view',
        'foreign-table',
        'collection',
        'topic',
        'subject',
      ]),
    );
    expect(definition('samplingMethod').enum).toEqual(
      allOf<SamplingMethod>()([
        'full',
        'tablesample-system',
        'tablesample-bernoulli',
        'key-ranges',
        'sample-stage',
        'head',
        'latest',
        'schema',
        'statistics',
      ]),
    );
    expect(definition('referentialAction').enum).toEqual(
      allOf<ReferentialAction>()(['no-action', 'restrict', 'cascade', 'set-null', 'set-default']),
    );
    expect(definition('keyMembership').enum).toEqual(
      allOf<KeyMembership>()(['primary', 'unique', 'foreign']),
    );
  });

  test('each schema object has exactly the keys of its interface, in the saved order', () => {
    for (const [name, order] of Object.entries(KEY_ORDER)) {
      expect(Object.keys(definition(name).properties ?? {}), name).toEqual(Object.keys(order));
    }
  });

  test('each generator kind has its own recipe definition with the keys of its type', () => {
    const branches = (definition('generator').oneOf ?? []).map((branch) =>
      branch.$ref.replace('#/$defs/', ''),
    );
    expect(branches).toEqual(GENERATOR_KINDS.map((kind) => `recipe-${kind}`));
    for (const kind of GENERATOR_KINDS) {
      const recipe = definition(`recipe-${kind}`);
      expect(recipe.properties?.kind?.const).toBe(kind);
      expect(Object.keys(recipe.properties ?? {}), kind).toEqual(Object.keys(RECIPE_ORDER[kind]));
    }
  });

  test('parsed checks and rules are discriminated unions with the keys of their types', () => {
    const unions = [
      { union: 'parsedCheck', orders: PARSED_CHECK_ORDER as Record<string, object> },
      { union: 'rule', orders: RULE_ORDER as Record<string, object> },
    ];
    for (const { union, orders } of unions) {
      const branches = (definition(union).oneOf ?? []).map((branch) =>
        definition(branch.$ref.replace('#/$defs/', '')),
      );
      expect(branches.map((branch) => branch.properties?.kind?.const)).toEqual(Object.keys(orders));
      for (const branch of branches) {
        const kind = String(branch.properties?.kind?.const);
        expect(Object.keys(branch.properties ?? {}), kind).toEqual(Object.keys(orders[kind] ?? {}));
      }
    }
  });

  test('every file of the example profile validates against the published schema root', async () => {
    const published = JSON.parse(await readFile('schema/task-file.v1.json', 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, discriminator: true, allowUnionTypes: true });
    const validate = ajv.compile(published);
    const dir = 'test/fixtures/profiles/example';
    const files = (await readdir(dir)).filter((file) => file.endsWith('.yaml'));
    expect(files).toHaveLength(6);
    for (const file of files) {
      const document: unknown = parse(await readFile(join(dir, file), 'utf8'));
      expect(validate(document), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate({ version: 1, profile: 'x' })).toBe(false);
  });
});
