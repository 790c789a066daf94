// Type facts decide what the generator, the edge cases and the Arrow sink do: integer width and sign, float
// width, NaN and infinity, storable date ranges, time zones, bit and MAC widths. Older files get the facts
// from their PostgreSQL names once, when loaded; a file from another engine says what its types hold.
import { describe, expect, test } from 'vitest';
import { listEdgeValues } from '../../../src/generate/values/edge-cases.js';
import { integerLimits } from '../../../src/generate/values/type-defaults.js';
import { typeFactsFromNative, typeFactsOf } from '../../../src/sources/postgres/type-facts.js';
import { checkDocumentText } from '../../../src/tasks/check-document.js';
import type { TypeTask } from '../../../src/tasks/types.js';

const type = (fields: Omit<TypeTask, 'native'> & { native?: string }): TypeTask => ({
  native: 'x',
  ...fields,
});

describe('integer limits from facts', () => {
  test('width and sign give the bounds; no facts means 32-bit signed', () => {
    expect(integerLimits(type({ logical: 'integer', bits: 8 }))).toEqual([-128, 127]);
    expect(integerLimits(type({ logical: 'integer', bits: 24, unsigned: true }))).toEqual([0, 16777215]);
    expect(integerLimits(type({ logical: 'integer', bits: 16 }))).toEqual([-32768, 32767]);
    expect(integerLimits(type({ logical: 'integer', bits: 32, unsigned: true }))).toEqual([0, 4294967295]);
    expect(integerLimits(type({ logical: 'integer', bits: 64 }))).toEqual([
      Number.MIN_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
    ]);
    expect(integerLimits(type({ logical: 'integer', bits: 64, unsigned: true }))).toEqual([
      0,
      Number.MAX_SAFE_INTEGER,
    ]);
    expect(integerLimits(type({ logical: 'integer', native: 'smallint' }))).toEqual([
      -2147483648, 2147483647,
    ]);
  });

  test('an unsigned integer never gets a negative edge value', () => {
    const edges = listEdgeValues(
      type({ logical: 'integer', native: 'mediumint unsigned', bits: 24, unsigned: true }),
      false,
    );
    expect(edges.filter((value) => typeof value === 'number' && value < 0)).toEqual([]);
    expect(edges).toContain(16777215);
  });
});

describe('edge values from facts', () => {
  test('NaN and infinities only where the type stores them', () => {
    const postgresReal = type({ logical: 'float', bits: 32, special: ['nan', 'infinity'] });
    expect(listEdgeValues(postgresReal, false)).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0,
      3.4e38,
      1.2e-38,
    ]);
    const plainDouble = type({ logical: 'float', native: 'double precision', bits: 64 });
    expect(listEdgeValues(plainDouble, false)).toEqual([0, 1.7976931348623157e308, 5e-324]);
    expect(listEdgeValues(type({ logical: 'decimal', special: ['nan'] }), false)).toEqual(['0', 'NaN']);
    expect(listEdgeValues(type({ logical: 'decimal', native: 'numeric' }), false)).toEqual(['0']);
  });

  test('far dates only within the storable range', () => {
    const narrow = type({ logical: 'date', earliest: '1000-01-01', latest: '9999-12-31' });
    expect(listEdgeValues(narrow, false)).toEqual(['1970-01-01', '9999-12-31', '2000-02-29']);
    const epochOnly = type({
      logical: 'timestamptz',
      earliest: '1970-01-01T00:00:01',
      latest: '2038-01-19T03:14:07',
    });
    expect(listEdgeValues(epochOnly, false)).toEqual([]);
    const postgres = type({ logical: 'timestamp', ...typeFactsOf('timestamp') });
    expect(listEdgeValues(postgres, false)).toEqual([
      '1970-01-01T00:00:00',
      '0001-01-01T00:00:00',
      '9999-12-31T23:59:59',
    ]);
  });

  test('MAC address width from bits', () => {
    expect(listEdgeValues(type({ logical: 'macaddr', bits: 64 }), false)).toEqual([
      '00:00:00:00:00:00:00:00',
    ]);
    expect(listEdgeValues(type({ logical: 'macaddr', native: 'macaddr8' }), false)).toHaveLength(2);
  });
});

describe('PostgreSQL type facts', () => {
  test('by catalog name and by the native text of older files, the same', () => {
    const pairs: [string, string][] = [
      ['smallint', 'int2'],
      ['integer', 'int4'],
      ['bigint', 'int8'],
      ['real', 'float4'],
      ['double precision', 'float8'],
      ['numeric(12,2)', 'numeric'],
      ['date', 'date'],
      ['time(3) with time zone', 'timetz'],
      ['timestamp(6) without time zone', 'timestamp'],
      ['timestamp with time zone', 'timestamptz'],
      ['macaddr8', 'macaddr8'],
      ['bit(3)', 'bit'],
      ['bit varying(8)', 'varbit'],
      ['point', 'point'],
    ];
    for (const [native, typname] of pairs)
      expect(typeFactsFromNative(native), native).toEqual(typeFactsOf(typname));
    expect(typeFactsOf('oid')).toEqual({ bits: 32, unsigned: true });
    expect(typeFactsFromNative('tinyint')).toEqual({ bits: 8 });
    expect(typeFactsFromNative('character varying(20)')).toEqual({});
    expect(typeFactsOf('money')).toEqual({});
  });

  test('a dataset file without facts gets them when loaded; one with facts is kept as written', () => {
    const text = (typeLine: string) => `version: 1
dataset: { source: s, name: public.t, namespace: public, local: t, kind: table, writable: true, rows: 1 }
sampling: { method: full, rows: 1, seed: 1 }
fields:
  - name: a
    type: ${typeLine}
    nullable: false
    generator: { kind: "null" }
keys: { unique: [] }
checks: []
indexes: []
relations: []
rules: []
`;
    const load = (typeLine: string) => {
      const checked = checkDocumentText('dataset', text(typeLine), 'x.yaml');
      expect(checked.problems.problems).toEqual([]);
      return checked.value?.fields[0]?.type;
    };
    expect(load('{ logical: float, native: real }')).toEqual({
      logical: 'float',
      native: 'real',
      bits: 32,
      special: ['nan', 'infinity'],
    });
    expect(
      load(
        '{ logical: integer, native: my_domain, domain: { name: my_domain, base: smallint, not_null: false, checks: [] } }',
      ),
    ).toMatchObject({ bits: 16 });
    expect(load('{ logical: bit, native: "bit(3)", length: 3 }')).toMatchObject({ fixed_length: true });
    expect(load('{ logical: integer, native: "mediumint unsigned", bits: 24, unsigned: true }')).toEqual({
      logical: 'integer',
      native: 'mediumint unsigned',
      bits: 24,
      unsigned: true,
    });
    expect(
      load('{ logical: array, native: "real[]", element: { logical: float, native: real } }'),
    ).toMatchObject({
      element: { bits: 32 },
    });
  });

  test('facts outside the schema are refused with the path', () => {
    const checked = checkDocumentText(
      'dataset',
      `version: 1
dataset: { source: s, name: t, local: t, kind: table, writable: true, rows: 1 }
sampling: { method: full, rows: 1, seed: 1 }
fields:
  - { name: a, type: { logical: float, native: x, special: [nan, huge] }, nullable: false, generator: { kind: "null" } }
keys: { unique: [] }
checks: []
indexes: []
relations: []
rules: []
`,
      'x.yaml',
    );
    expect(checked.value).toBeUndefined();
    expect(checked.problems.problems.map((problem) => problem.path)).toContain('fields[0].type.special[1]');
  });
});
