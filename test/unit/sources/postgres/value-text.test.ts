import { describe, expect, it } from 'vitest';
import { parseArrayLiteral, parseRecordLiteral } from '../../../../src/sources/postgres/literal-parsers.js';
import { createValueParser } from '../../../../src/sources/postgres/value-parsers.js';
import {
  encodeCopyLine,
  escapeCopyText,
  renderValueText,
} from '../../../../src/sources/postgres/value-text.js';

const text = { logical: 'string', native: 'text' } as const;
const address = {
  logical: 'object',
  native: 'shop.address',
  attributes: [
    { name: 'street', type: text },
    { name: 'zip', type: text },
  ],
} as const;

describe('rendering values as PostgreSQL text input', () => {
  it('quotes array elements that need it, and writes NULL elements', () => {
    const rendered = renderValueText(['a b', 'NULL', null, '', 'q"\\', '{x}'], {
      logical: 'array',
      native: 'text[]',
      element: text,
    });
    expect(rendered).toBe('{"a b","NULL",NULL,"","q\\"\\\\","{x}"}');
    expect(parseArrayLiteral(rendered ?? '')).toEqual(['a b', 'NULL', null, '', 'q"\\', '{x}']);
  });

  it('writes composites with doubled quotes, and parses them back', () => {
    const rendered = renderValueText({ street: 'a,"b"', zip: null }, address);
    expect(rendered).toBe('("a,""b""",)');
    expect(parseRecordLiteral(rendered ?? '')).toEqual(['a,"b"', null]);
  });

  it('writes json, bytes, bigint, special floats and booleans', () => {
    expect(renderValueText({ a: [1n, 'x'] }, { logical: 'json', native: 'jsonb' })).toBe('{"a":[1,"x"]}');
    expect(renderValueText('plain', { logical: 'json', native: 'json' })).toBe('"plain"');
    expect(renderValueText(new Uint8Array([0, 255]), undefined)).toBe('\\x00ff');
    expect(renderValueText(2n ** 64n, undefined)).toBe('18446744073709551616');
    expect(renderValueText(Number.NaN, undefined)).toBe('NaN');
    expect(renderValueText(Number.NEGATIVE_INFINITY, undefined)).toBe('-Infinity');
    expect(renderValueText(false, undefined)).toBe('f');
  });

  it('escapes COPY text fields', () => {
    expect(escapeCopyText('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(escapeCopyText(null)).toBe('\\N');
    expect(
      encodeCopyLine({ a: 1, b: null }, [
        { name: 'a', type: { logical: 'integer', native: 'integer' } },
        { name: 'b', type: text },
      ]),
    ).toBe('1\t\\N\n');
  });
});

describe('parsing PostgreSQL text output', () => {
  const parse = createValueParser(
    new Map([
      [1007, { oid: 1007, kind: 'array', inner: 23, delimiter: ',', attributes: [] }],
      [
        90001,
        {
          oid: 90001,
          kind: 'composite',
          inner: 0,
          delimiter: ',',
          attributes: [
            { name: 'n', type: 20 },
            { name: 't', type: 25 },
          ],
        },
      ],
    ] as const),
  );
  it('parses numbers, timestamps, bytes and nested arrays', () => {
    expect(parse(20)('9007199254740993')).toBe(9007199254740993n);
    expect(parse(20)('42')).toBe(42);
    expect(parse(1184)('2024-01-02 03:04:05.5+00')).toBe('2024-01-02T03:04:05.5Z');
    expect(parse(1114)('2024-01-02 03:04:05')).toBe('2024-01-02T03:04:05');
    expect(parse(790)('-$1,234.50')).toBe('-1234.50');
    expect(parse(17)('\\x00ff')).toEqual(new Uint8Array([0, 255]));
    expect(parse(1007)('[0:1]={{1,NULL},{3,4}}')).toEqual([
      [1, null],
      [3, 4],
    ]);
    expect(parse(90001)('(7,"a ""b""")')).toEqual({ n: 7, t: 'a "b"' });
  });
});
