/**
 * Binary COPY against the text format on a real server: one table of edge values of every type read in binary
 * (integers at and past 2^53, float specials, numerics of every weight and scale and past 15 digits, dates
 * and timestamps BC, before year 100, far from 2000, past 9999 and infinite, times, non-ASCII and escaped
 * texts, a text longer than a chunk, uuids, bytes, json and jsonb, an enum, arrays of one and more dimensions
 * (of texts, numbers, instants, the enum, a domain), NULLs) gives the same values, numbers on the line and
 * field texts both ways, however its bytes are cut into chunks; and a session reads such a table in binary,
 * others in text.
 */
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineColumn } from '../../../../src/catalog/line-numbers.js';
import { spanText } from '../../../../src/catalog/text-spans.js';
import type { Value } from '../../../../src/catalog/values.js';
import { profileRows } from '../../../../src/profile/measure/dataset-profiler.js';
import { silentLogger } from '../../../../src/shared/log.js';
import {
  type ChunkFormat,
  createChunkDecoder,
  type DecodedBatch,
} from '../../../../src/sources/chunk-decoder.js';
import { CopyOutQuery } from '../../../../src/sources/postgres/copy-out.js';
import { batchToRows } from '../../../../src/sources/postgres/copy-text.js';
import { openPostgresSource } from '../../../../src/sources/postgres/index.js';
import { loadTypeRegistry } from '../../../../src/sources/postgres/type-registry.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { runSql } from './fixture-database.js';

let database: TestDatabase;

/** Each column's values, cycled through by row number (NULL every so often, at a different row per column). */
const EDGES: Record<string, { type: string; values: string[] }> = {
  id: {
    type: 'int8',
    values: [
      '1',
      '-1',
      '2147483647',
      '2147483648',
      '-2147483648',
      '-2147483649',
      '4294967296',
      '9007199254740991',
      '9007199254740992',
      '-9007199254740993',
      '9223372036854775807',
      '-9223372036854775808',
      '123456',
    ],
  },
  small: { type: 'int2', values: ['-32768', '32767', '0', '7'] },
  medium: { type: 'int4', values: ['-2147483648', '2147483647', '42'] },
  flag: { type: 'bool', values: ['true', 'false'] },
  ratio: {
    type: 'float8',
    values: ["'NaN'", "'Infinity'", "'-Infinity'", "'-0'", '1e-300', '0.1', '1.0/3', '-2.5e200'],
  },
  amount: {
    type: 'numeric',
    values: [
      "'NaN'",
      "'Infinity'",
      "'-Infinity'",
      '0',
      '0.00',
      '-123.45',
      '0.0001',
      '0.00000000000000000001',
      '12345678901234567890.123',
      '100000000',
      '9999.9999',
      '-0.5',
      '123456789012345',
      '1234567890123456',
      '10.10',
      '1e20',
    ],
  },
  price: { type: 'numeric(12,2)', values: ['0.05', '-7.00', '1234567890.99', '19.9', '0'] },
  day: {
    type: 'date',
    values: [
      "'infinity'",
      "'-infinity'",
      "'0044-03-15 BC'",
      "'0050-06-01'",
      "'0099-12-31'",
      "'0100-01-01'",
      "'1500-02-28'",
      "'1969-12-31'",
      "'2024-02-29'",
      "'9999-12-31'",
      "'10000-01-01'",
      "'2000-01-01'",
    ],
  },
  at: {
    type: 'timestamp',
    values: [
      "'infinity'",
      "'-infinity'",
      "'0044-03-15 10:00:00 BC'",
      "'0050-06-01 12:00:00'",
      "'1700-01-01 00:00:00.5'",
      "'1850-03-01 01:02:03.000001'",
      "'1969-12-31 23:59:59.999999'",
      "'2024-01-02 03:04:01.001'",
      "'2200-01-01 00:00:00.25'",
      "'9999-12-31 23:59:59.999999'",
      "'12000-01-01 00:00:00'",
      "'2000-01-01 00:00:00'",
      "'1970-01-01 00:00:01.001'",
    ],
  },
  at_tz: {
    type: 'timestamptz',
    values: [
      "'infinity'",
      "'0010-01-01 00:00:00+00 BC'",
      "'1960-02-29 13:14:15.1+00'",
      "'2024-06-30 23:59:59+00'",
      "'2100-01-01 00:00:00.000001+00'",
      "'1800-05-05 05:05:05+00'",
      "'2024-01-02 03:04:05.123456+02'",
    ],
  },
  label: {
    type: 'text',
    values: [
      "''",
      "'Köln'",
      "'naïve café'",
      "'😀 emoji'",
      "E'tab\\there, new\\nline, back\\\\slash'",
      'repeat(md5(g::text), 2)',
      "'plain ascii'",
    ],
  },
  code: { type: 'char(3)', values: ["'a'", "'ab'", "'abc'", "'é'"] },
  note: { type: 'varchar(40)', values: ["'Straße'", "'x'", "''"] },
  handle: { type: 'name', values: ["'pg_catalog'", "'Ünïcode'"] },
  key: {
    type: 'uuid',
    values: [
      "'00000000-0000-0000-0000-000000000000'",
      "'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'",
      'md5(g::text)::uuid',
    ],
  },
  doc: {
    type: 'json',
    values: [`'{"a": [1, 2.50, null], "b": "Köln"}'`, `'"text"'`, "'123'", "'null'", `'{"a":1,"a":2}'`],
  },
  docb: {
    type: 'jsonb',
    values: [`'{"b": 1, "a": "x\\ty"}'`, "'[]'", "'1.50'", `'{"nested": {"deep": [true, false, "ü"]}}'`],
  },
  blob: { type: 'bytea', values: ["'\\x'", "'\\xdeadbeef00ff'", "convert_to('Köln', 'UTF8')"] },
  clock: { type: 'time', values: ["'00:00:00'", "'23:59:59.999999'", "'24:00:00'", "'12:34:56.5'"] },
  mood: { type: 'mood', values: ["'sad'", "'ok'", "'Überglücklich'"] },
  tags: { type: 'text[]', values: ["'{}'", `'{a,"b c",NULL,"NULL",""}'`, "ARRAY['x', 'Köln']"] },
  grid: { type: 'int4[]', values: ["'{{1,2},{3,4}}'", "'[2:3]={5,6}'", "'{7}'"] },
  moods: { type: 'mood[]', values: ["'{sad,ok}'", "'{Überglücklich,NULL}'"] },
  stamps: { type: 'timestamptz[]', values: [`'{"2024-01-01 00:00:00+00",NULL,infinity}'`, "'{}'"] },
  amounts: { type: 'numeric[]', values: ["'{1.50,-2,NaN}'", "'{0.0001}'"] },
  positives: { type: 'positive[]', values: ["'{1,2}'", "'{}'"] },
};
const ROWS = 6000;
const SESSION = '-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres -c extra_float_digits=3';

function columnExpression(name: string, index: number): string {
  const { type, values } = EDGES[name]!;
  const cases = values.map((value, at) => `WHEN ${at} THEN (${value})::${type}`).join(' ');
  return `CASE WHEN g % ${11 + index} = 0 THEN NULL ELSE CASE g % ${values.length} ${cases} END END AS ${name}`;
}

/**
 * The bytes of `COPY edge TO STDOUT` in `format` as a session reads them, concatenated: the rows of the
 * text format, the CopyData messages of the binary one.
 */
async function copyBytes(format: 'text' | 'binary'): Promise<Buffer> {
  const client = new pg.Client({ connectionString: database.url, options: SESSION });
  await client.connect();
  try {
    const chunks: Buffer[] = [];
    const stream = client.query(
      format === 'binary'
        ? new CopyOutQuery('COPY edge TO STDOUT (FORMAT binary)', { frames: true })
        : copyTo('COPY edge TO STDOUT'),
    );
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    await client.end();
  }
}

/** `bytes` cut into pieces of the sizes given in turn. */
function cut(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0, turn = 0; at < bytes.length; turn++) {
    const size = sizes[turn % sizes.length]!;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

const fields = Object.entries(EDGES).map(([name, { type }]) => ({ name, type }));

async function formatOf(kind: ChunkFormat['kind']): Promise<ChunkFormat> {
  const described = await runSql<{ name: string; oid: number }>(
    database.url,
    `SELECT attname AS name, atttypid::int AS oid FROM pg_attribute
     WHERE attrelid = 'edge'::regclass AND attnum > 0 ORDER BY attnum`,
  );
  // The database's arrays, domains and enums, as a session loads them.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return { kind, fields: described, types: [...(await loadTypeRegistry(client)).values()] };
  } finally {
    await client.end();
  }
}

/** What every row of each column reads as when decoded in place: value or text, number, digits. */
function inPlaceRows(format: ChunkFormat, pieces: readonly Buffer[]): Record<string, unknown[]> {
  // Texts and values of other columns are read as `{ value }` too.
  const decoder = createChunkDecoder(format);
  decoder.readInPlace(new Set(fields.map((field) => field.name)));
  const read: Record<string, unknown[]> = {};
  const note = (name: string, item: unknown) => {
    read[name] ??= [];
    read[name].push(item);
  };
  for (const piece of pieces) {
    const batch: DecodedBatch | undefined = decoder.push(piece);
    if (batch === undefined) continue;
    for (const [name, column] of Object.entries(batch.columns))
      for (let i = 0; i < batch.length; i++) note(name, { value: column[i] });
    for (const [name, spans] of Object.entries(batch.spans ?? {}))
      for (let i = 0; i < batch.length; i++) note(name, { value: spanText(spans, i) });
    for (const [name, line] of Object.entries(batch.lines ?? {}))
      for (let i = 0; i < batch.length; i++) note(name, lineRow(line, i));
  }
  return read;
}

function lineRow(line: LineColumn, index: number): unknown {
  const number = line.numbers[index]!;
  const value: Value = line.value(index);
  if (!Number.isFinite(number)) return { value };
  return { value, number, digits: line.kind === 'decimal' ? line.digits(index) : undefined };
}

function valueRows(format: ChunkFormat, pieces: readonly Buffer[]): Record<string, Value>[] {
  const decoder = createChunkDecoder(format);
  return pieces.flatMap((piece) => {
    const batch = decoder.push(piece);
    return batch === undefined ? [] : batchToRows(batch);
  });
}

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  await runSql(
    database.url,
    `CREATE TYPE mood AS ENUM ('sad', 'ok', 'Überglücklich');
     CREATE DOMAIN positive AS int4 CHECK (VALUE > 0);
     CREATE TABLE edge (${fields.map(({ name, type }) => `${name} ${type}`).join(', ')});
     INSERT INTO edge SELECT ${fields.map(({ name }, index) => columnExpression(name, index)).join(', ')}
       FROM generate_series(1, ${ROWS}) g;
     INSERT INTO edge (id, label) VALUES (0, repeat('long text past a chunk ', 8000));
     CREATE TABLE ranged (id int8 PRIMARY KEY, span int4range);
     INSERT INTO ranged VALUES (1, '[1,10)')`,
  );
});
afterAll(async () => {
  await database?.drop();
});

describe('binary COPY', () => {
  it('decodes every value, number and text as the text format does, however the bytes are cut', async () => {
    const [text, binary] = await Promise.all([copyBytes('text'), copyBytes('binary')]);
    const textFormat = await formatOf('postgres-copy-text');
    const binaryFormat = await formatOf('postgres-copy-binary');
    const expected = valueRows(textFormat, [text]);
    expect(expected).toHaveLength(ROWS + 1);
    expect(valueRows(binaryFormat, [binary])).toEqual(expected);
    // Cut anywhere: a message header, the file header, a length, a row, the trailer.
    expect(valueRows(binaryFormat, cut(binary, [1, 2, 3, 5, 7, 11, 64, 4093]))).toEqual(expected);

    // In place, a field of a row across two chunks is held as its value, without a number: the text read
    // whole has none, and the binary read must give the same value and, where it read one, the same number.
    const inPlace = inPlaceRows(textFormat, [text]);
    for (const sizes of [[65_536], [1, 3, 7, 4093], [100_000]]) {
      const read = inPlaceRows(binaryFormat, cut(binary, sizes));
      for (const [name, rows] of Object.entries(inPlace)) {
        const binaryRows = read[name] as { value: Value; number?: number }[];
        expect(
          binaryRows.map((row) => row.value),
          `${name} ${sizes}`,
        ).toEqual(rows.map((row) => (row as { value: Value }).value));
        // Integers are read on their line in binary only: their number is their value.
        expect(
          binaryRows.filter((row, index) => {
            if (row.number === undefined) return false;
            const textRow = rows[index] as { number?: number };
            return textRow.number === undefined
              ? row.number !== Number(row.value)
              : !isDeepStrictEqual(row, textRow);
          }),
          `${name} ${sizes}`,
        ).toEqual([]);
      }
      // Numbers were read on the line, and values through their text; int8 past ±2^53 only as values.
      expect(
        read.id?.filter((row) => (row as { number?: number }).number !== undefined).length,
      ).toBeGreaterThan(ROWS / 2);
      expect(
        read.id?.some(
          (row) => typeof (row as { value?: Value }).value === 'bigint' && !('number' in (row as object)),
        ),
      ).toBe(true);
      expect(
        read.amount?.filter((row) => (row as { number?: number }).number !== undefined).length,
      ).toBeGreaterThan(ROWS / 3);
      expect(read.at?.some((row) => (row as { value?: Value }).value === '0044-03-15T10:00:00 BC')).toBe(
        true,
      );
    }
  });

  it('is how a session reads a table of those types (others in text), with the same profile as by values', async () => {
    const session = await openPostgresSource(database.url, { log: silentLogger, name: 'edge' });
    try {
      const catalog = await session.extract({ namespaces: ['public'] });
      const table = (name: string) => catalog.datasets.find((item) => item.name === name)!;
      const full = { rows: 1, seconds: 60, seed: 1, full: true };
      const kinds: Record<string, string> = {};
      for (const name of ['public.edge', 'public.ranged']) {
        for await (const chunk of session.sample(table(name), full).chunks!()) {
          kinds[name] = chunk.format.kind;
          break;
        }
      }
      expect(kinds).toEqual({ 'public.edge': 'postgres-copy-binary', 'public.ranged': 'postgres-copy-text' });
      const options = { k: 3, seed: 7, keySets: [['id']] };
      const stream = session.sample(table('public.edge'), full);
      const byValues = await profileRows(
        table('public.edge'),
        { [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator]() },
        options,
      );
      expect(byValues.rows).toBe(ROWS + 1);
      expect(
        await profileRows(table('public.edge'), session.sample(table('public.edge'), full), options),
      ).toEqual(byValues);
    } finally {
      await session.close();
    }
  });
});
