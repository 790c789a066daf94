import { describe, expect, it } from 'vitest';
import { createValueParser } from '../../../../src/sources/postgres/value-parsers.js';

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
