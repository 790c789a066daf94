import { describe, expect, it } from 'vitest';
import type { Value } from '../../../../src/catalog/values.js';
import type { RowBatch } from '../../../../src/sources/contract.js';
import { withUtcFastPath } from '../../../../src/sources/postgres/copy-columns.js';
import {
  encodeCopyBatch,
  encodeCopyLine,
  escapeCopyText,
} from '../../../../src/sources/postgres/copy-encode.js';
import {
  batchToRows,
  CopyTextDecoder,
  unescapeCopyText,
} from '../../../../src/sources/postgres/copy-text.js';
import { createValueParser, OID } from '../../../../src/sources/postgres/value-parsers.js';

const parserFor = createValueParser(new Map());
const columns = [
  { name: 'id', parse: parserFor(OID.int4) },
  { name: 'note', parse: null },
  { name: 'at', parse: parserFor(OID.timestamptz) },
];

function decodeAll(decoder: CopyTextDecoder, chunks: readonly Buffer[]): Record<string, Value>[] {
  const rows: Record<string, Value>[] = [];
  for (const chunk of chunks) {
    const batch = decoder.push(chunk);
    if (batch !== undefined) rows.push(...(batchToRows(batch) as Record<string, Value>[]));
  }
  return rows;
}

describe('COPY text format decoding', () => {
  const text =
    '1\tplain\t2024-01-02 03:04:05+00\n' +
    '2\t\\N\t\\N\n' +
    '3\ttab\\there\\nnew line \\\\ back\t2024-01-02 03:04:05.5+00\n' +
    '4\tKöln 東京 🙂\t2024-01-02 03:04:05+00\n' +
    '5\t\t2024-01-02 03:04:05+00\n';
  const expected = [
    { id: 1, note: 'plain', at: '2024-01-02T03:04:05Z' },
    { id: 2, note: null, at: null },
    { id: 3, note: 'tab\there\nnew line \\ back', at: '2024-01-02T03:04:05.5Z' },
    { id: 4, note: 'Köln 東京 🙂', at: '2024-01-02T03:04:05Z' },
    { id: 5, note: '', at: '2024-01-02T03:04:05Z' },
  ];

  it('splits rows and fields, reads \\N as NULL and resolves escapes', () => {
    expect(decodeAll(new CopyTextDecoder(columns), [Buffer.from(text)])).toEqual(expected);
  });

  it('gives the same rows however the bytes are cut into chunks, even inside a UTF-8 character', () => {
    const bytes = Buffer.from(text);
    for (let size = 1; size <= 17; size += 4) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      expect(decodeAll(new CopyTextDecoder(columns), chunks)).toEqual(expected);
    }
  });

  it('returns column batches with one array per column', () => {
    const batch = new CopyTextDecoder(columns).push(Buffer.from(text)) as RowBatch;
    expect(batch.length).toBe(5);
    expect(batch.columns.id).toEqual([1, 2, 3, 4, 5]);
    expect(new CopyTextDecoder(columns).push(Buffer.from('1\tunfinished'))).toBeUndefined();
  });

  it('reads integer columns in place as their parser would, big ones and NULL through the parser', () => {
    const integers = [{ name: 'n', parse: parserFor(OID.int8), integer: true }];
    const lines = [
      '0',
      '-0',
      '42',
      '-17',
      '999999999999999',
      '9007199254740993',
      '-9223372036854775808',
      '\\N',
    ];
    const batch = new CopyTextDecoder(integers).push(Buffer.from(`${lines.join('\n')}\n`)) as RowBatch;
    expect(batch.columns.n).toEqual([
      0,
      -0,
      42,
      -17,
      999999999999999,
      9007199254740993n,
      -9223372036854775808n,
      null,
    ]);
  });

  it('unescapes every escape the format defines', () => {
    expect(unescapeCopyText('a\\bb\\fc\\rd\\ve\\\\f')).toBe('a\bb\fc\rd\ve\\f');
    expect(unescapeCopyText('\\101\\x42\\q')).toBe('ABq');
    expect(unescapeCopyText('no escapes')).toBe('no escapes');
  });
});

describe('UTC timestamptz fast path', () => {
  const general = parserFor(OID.timestamptz);
  const fast = withUtcFastPath(general);

  it('gives what the connection parser gives', () => {
    for (const text of [
      '2024-01-02 03:04:05+00',
      '2024-01-02 03:04:05.123456+00',
      '0044-03-15 10:00:00+00 BC',
      '12345-01-02 03:04:05+00',
      '2024-01-02 03:04:05+05:30',
      'infinity',
    ])
      expect(fast(text)).toBe(general(text));
  });
});

describe('COPY text format encoding', () => {
  it('escapes backslashes and control characters, writes \\N for NULL, and decodes back', () => {
    expect(escapeCopyText('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(escapeCopyText(null)).toBe('\\N');
    expect(unescapeCopyText(escapeCopyText('a\tb\nc\\d\re'))).toBe('a\tb\nc\\d\re');
  });

  it('writes one line per row in the text forms of the columns', () => {
    const line = encodeCopyLine({ id: 1, note: null, flag: true, big: 2n ** 64n, tags: ['a b', 'c'] }, [
      { name: 'id', type: { logical: 'integer', native: 'integer' } },
      { name: 'note', type: { logical: 'string', native: 'text' } },
      { name: 'flag', type: { logical: 'boolean', native: 'boolean' } },
      { name: 'big', type: { logical: 'integer', native: 'numeric(20,0)' } },
      {
        name: 'tags',
        type: { logical: 'array', native: 'text[]', element: { logical: 'string', native: 'text' } },
      },
    ]);
    expect(line).toBe('1\t\\N\ttrue\t18446744073709551616\t{"a b",c}\n');
  });

  it('writes a column batch as the lines of its rows', () => {
    const columns = [
      { name: 'id', type: { logical: 'integer', native: 'integer' } },
      { name: 'note', type: { logical: 'string', native: 'text' } },
      { name: 'doc', type: { logical: 'json', native: 'jsonb' } },
      { name: 'missing', type: { logical: 'string', native: 'text' } },
    ] as const;
    const batch: RowBatch = {
      length: 3,
      columns: {
        id: [1, 2, Number.NaN, 99],
        note: ['plain', 'tab\there \\ back', null, 'past the length'],
        doc: ['text', { a: [1, 'x'] }, null, null],
      },
    };
    const rows = batchToRows(batch);
    const cells: string[][] = [];
    const expected = rows.map((row) => encodeCopyLine(row, columns)).join('');
    expect(encodeCopyBatch(batch, columns, cells)).toBe(expected);
    expect(encodeCopyBatch({ ...batch, length: 1 }, columns, cells)).toBe(encodeCopyLine(rows[0]!, columns));
  });
});
