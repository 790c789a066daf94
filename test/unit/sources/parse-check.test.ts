import { describe, expect, it } from 'vitest';
import { parseCheck, stripCheckKeyword } from '../../../src/sources/parse-check.js';

describe('parseCheck: the shapes pg_get_constraintdef prints', () => {
  it.each([
    ['CHECK ((age >= 18) AND (age <= 130))', { kind: 'range', field: 'age', min: 18, max: 130 }],
    ['CHECK (price > 0::numeric)', { kind: 'range', field: 'price', min: 0, minExclusive: true }],
    ['CHECK (((-5) < x))', { kind: 'range', field: 'x', min: -5, minExclusive: true }],
    ["CHECK (d >= '2020-01-01'::date)", { kind: 'range', field: 'd', min: '2020-01-01' }],
    [
      "CHECK (status = ANY (ARRAY['a'::text, 'it''s'::text]))",
      { kind: 'in', field: 'status', values: ['a', "it's"] },
    ],
    [
      "CHECK ((kind)::text = ANY ((ARRAY['x'::character varying, 'y'::character varying])::text[]))",
      { kind: 'in', field: 'kind', values: ['x', 'y'] },
    ],
    ['CHECK (level = ANY (ARRAY[1, 2, 3]))', { kind: 'in', field: 'level', values: [1, 2, 3] }],
    ['CHECK (starts_at <= ends_at)', { kind: 'compare', left: 'starts_at', op: '<=', right: 'ends_at' }],
    [
      'CHECK ("Start Date" < "End""Date")',
      { kind: 'compare', left: 'Start Date', op: '<', right: 'End"Date' },
    ],
    ['CHECK (char_length(code) <= 8)', { kind: 'length', field: 'code', max: 8 }],
    ['CHECK (length((code)::text) = 3)', { kind: 'length', field: 'code', min: 3, max: 3 }],
    [
      'CHECK ((length(code) >= 2) AND (length(code) < 10))',
      { kind: 'length', field: 'code', min: 2, max: 9 },
    ],
    ['CHECK (name IS NOT NULL) NOT VALID', { kind: 'not-null', field: 'name' }],
    ['CHECK (VALUE > 0)', { kind: 'range', field: 'VALUE', min: 0, minExclusive: true }],
    [
      'CHECK (((discount IS NULL) OR (discount <= price)))',
      { kind: 'compare', left: 'discount', op: '<=', right: 'price' },
    ],
    ['CHECK ((qty IS NULL) OR (qty > 0))', { kind: 'range', field: 'qty', min: 0, minExclusive: true }],
    [
      'CHECK (((a IS NULL) OR (a > 0)) AND ((a IS NULL) OR (a < 9)))',
      { kind: 'range', field: 'a', min: 0, minExclusive: true, max: 9, maxExclusive: true },
    ],
    // The airline demo database's flights_check1: an arrival needs a departure before it.
    [
      'CHECK (((actual_arrival IS NULL) OR ((actual_departure IS NOT NULL) AND (actual_arrival IS NOT NULL) AND (actual_arrival > actual_departure))))',
      {
        kind: 'when-present',
        field: 'actual_arrival',
        present: ['actual_departure'],
        check: { kind: 'compare', left: 'actual_arrival', op: '>', right: 'actual_departure' },
      },
    ],
    // The same as pg_get_constraintdef prints it unparenthesised: AND binds tighter than OR.
    [
      'CHECK ((actual_arrival IS NULL OR actual_departure IS NOT NULL AND actual_arrival IS NOT NULL AND actual_arrival > actual_departure))',
      {
        kind: 'when-present',
        field: 'actual_arrival',
        present: ['actual_departure'],
        check: { kind: 'compare', left: 'actual_arrival', op: '>', right: 'actual_departure' },
      },
    ],
    [
      'CHECK (((closed_at IS NULL) OR (closed_by IS NOT NULL)))',
      { kind: 'when-present', field: 'closed_at', present: ['closed_by'] },
    ],
  ])('%s', (definition, expected) => {
    expect(parseCheck(definition)).toEqual(expected);
  });

  it.each([
    'CHECK (lower(email) = email)',
    "CHECK (email ~ '^.+@.+$'::text)",
    'CHECK ((a > 0) OR (b > 0))',
    'CHECK ((a IS NULL) OR (b > 0))',
    'CHECK ((a IS NULL) OR (a IS NOT NULL))',
    'CHECK ((a > 0) AND (b > 0))',
    // Not `(a IS NULL OR a > 0) AND b > 0`: where a is null, b may be anything.
    'CHECK (a IS NULL OR a > 0 AND b > 0)',
    'CHECK ((a IS NULL) OR (b IS NOT NULL) OR (c > 0))',
    'CHECK ((a IS NULL) OR ((b IS NOT NULL) AND (lower(c) = c)))',
  ])('leaves %s raw', (definition) => {
    expect(parseCheck(definition)).toBeUndefined();
  });

  it('strips the keyword and trailing options', () => {
    expect(stripCheckKeyword('CHECK (x > 0) NOT VALID')).toBe('(x > 0)');
  });
});
