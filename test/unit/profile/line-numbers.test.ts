import { describe, expect, it } from 'vitest';
import { parseInstant, readPgInstant, readShortDecimal } from '../../../src/catalog/line-numbers.js';
import type { FieldType } from '../../../src/catalog/model.js';
import type { Value } from '../../../src/catalog/values.js';
import { createAccumulator } from '../../../src/profile/measure/accumulators/index.js';
import { addBatchField } from '../../../src/profile/measure/dataset-profiler.js';
import { createChunkDecoder } from '../../../src/sources/chunk-decoder.js';
import { batchToRows } from '../../../src/sources/postgres/copy-text.js';
import { createValueParser, OID } from '../../../src/sources/postgres/value-parsers.js';
import { type } from './memory-session.js';

const parserFor = createValueParser(new Map());
/** PostgreSQL's `text` type. */
const TEXT_OID = 25;
type PgInstantType = 'date' | 'timestamp' | 'timestamptz';
const OIDS: Record<PgInstantType, number> = {
  date: OID.date,
  timestamp: OID.timestamp,
  timestamptz: OID.timestamptz,
};
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** PostgreSQL's texts of dates and timestamps of each type: odd years, leap days, fractions, other forms. */
function instantTexts(kind: PgInstantType): string[] {
  const texts: string[] = ['infinity', '-infinity', '2024-01-02 BC', '2024-01-02 03:04:05 BC', '12345-01-01'];
  for (const year of [1, 99, 100, 999, 1582, 1900, 1969, 1970, 2000, 2024, 2100, 9999])
    for (const [month, day] of [
      [1, 1],
      [2, 28],
      [2, 29],
      [12, 31],
      [6, 15],
    ] as const) {
      const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
      texts.push(date);
      for (const time of ['00:00:00', '23:59:59', '12:34:56.5', '01:02:03.123456', '23:59:59.999999']) {
        texts.push(`${date} ${time}`, `${date} ${time}+00`, `${date} ${time}+05:30`, `${date} ${time}-08`);
      }
    }
  return kind === 'date' ? texts.filter((text) => text.length <= 13) : texts;
}

/** What parseInstant reads a value text as, by Number and Date.UTC over its parts (the reference). */
function instantByParts(text: string): number {
  let ms = Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)));
  if (text.length >= 19) {
    const seconds = Number(text.slice(17, text.endsWith('Z') ? -1 : undefined));
    ms += Number(text.slice(11, 13)) * 3_600_000 + Number(text.slice(14, 16)) * 60_000 + seconds * 1000;
  }
  return ms;
}

describe('line numbers read in place', () => {
  it('reads PostgreSQL dates and timestamps as parseInstant reads the values their parsers make', () => {
    for (const kind of ['date', 'timestamp', 'timestamptz'] as const) {
      const parse = parserFor(OIDS[kind]);
      let read = 0;
      for (const text of instantTexts(kind)) {
        // In place within a longer text, as in a COPY chunk.
        const line = `x\t${text}\ty`;
        const inPlace = readPgInstant(line, 2, 2 + text.length, kind === 'timestamptz');
        if (Number.isNaN(inPlace)) continue;
        read++;
        const value = parse(text) as string;
        expect(Object.is(inPlace, parseInstant(value)), `${kind} ${text}`).toBe(true);
        expect(Object.is(inPlace, instantByParts(value)), `${kind} ${value}`).toBe(true);
      }
      // Most forms are read in place (the others go through their values).
      expect(read, kind).toBeGreaterThan(kind === 'date' ? 50 : 250);
    }
    expect(readPgInstant('2024-01-02 03:04:05+05:30', 0, 25, true)).toBeNaN();
    expect(readPgInstant('2024-01-02 03:04:05 BC', 0, 22, false)).toBeNaN();
  });

  it('reads short decimal text as Number does, and leaves the rest to it', () => {
    for (const text of ['0', '-0', '12.50', '-3.1', '999999999999999', '.000000000000001', '.5', '5.'])
      expect(Object.is(readShortDecimal(`(${text})`, 1, 1 + text.length), Number(text)), text).toBe(true);
    for (const text of ['NaN', 'Infinity', '-', '.', '1234567890123456', '0.000000000000001', '1e5', '1.2.3'])
      expect(readShortDecimal(text, 0, text.length), text).toBeNaN();
  });

  it('measures a column read in place (numbers or field texts) exactly as its values', () => {
    const cases: { oid: number; type: FieldType; texts: (i: number) => string; bothPaths?: true }[] = [
      {
        oid: OID.numeric,
        type: type('decimal', 'numeric(12,3)'),
        texts: (i) =>
          i % 97 === 0 ? 'NaN' : i % 89 === 0 ? '12345678901234567.5' : `${(i * 7919) % 100000}.${i % 1000}`,
      },
      // Few values: the heavy hitters take every row.
      { oid: OID.numeric, type: type('decimal', 'numeric(4,2)'), texts: (i) => `${i % 7}.5${i % 3}` },
      {
        oid: OID.timestamptz,
        type: type('timestamptz'),
        texts: (i) =>
          i % 101 === 0
            ? 'infinity'
            : `20${pad(i % 30, 2)}-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:1${i % 6}:2${i % 7}${i % 3 === 0 ? '.25' : ''}+00`,
      },
      { oid: OID.date, type: type('date'), texts: (i) => `19${pad(i % 100, 2)}-02-${pad(1 + (i % 29), 2)}` },
      // A line of another kind than the column's numbers: read through the values.
      { oid: OID.date, type: type('decimal', 'numeric'), texts: (i) => `2024-01-${pad(1 + (i % 28), 2)}` },
      // Text: a few values first (the heavy hitters take them), then unique ones (the heavy hitters stop, and
      // texts are measured in place) with escapes, a few empties, multi-byte characters (cut across chunks)
      // and values too long for the heavy hitters.
      {
        oid: TEXT_OID,
        type: type('string', 'text'),
        texts: (i) =>
          i < 30
            ? ['Zürich', 'Köln', 'Paris'][i % 3]!
            : i % 17 === 0
              ? `line\\one\ttab ${i}`
              : i % 1999 === 0
                ? ''
                : i % 23 === 0
                  ? `${'Ä'.repeat(130)}${i}`
                  : `Émile.${i}@example${i % 7}.com`,
      },
      // Unique ASCII texts, and in some chunks a multi-byte one: those chunks' texts are hashed by their
      // characters, the others' from their bytes (the same hashes, so the same distinct estimate).
      {
        oid: TEXT_OID,
        type: type('string', 'text'),
        texts: (i) => (i % 1000 === 0 ? `Łukasz.${i}@example.pl` : `user${i}@example${i % 13}.com`),
        bothPaths: true,
      },
      // Categorical ASCII text of odd and even lengths, an empty one among them.
      {
        oid: TEXT_OID,
        type: type('string', 'text'),
        texts: (i) => ['FR', 'Lyon', 'Hamburg', 'Europe', 'X', ''][(i * 7) % 6]!,
      },
      // Categorical text, empty and multi-byte values among them: counted by the heavy hitters in place.
      {
        oid: TEXT_OID,
        type: type('string', 'text'),
        texts: (i) => ['Zürich', 'Köln', '', 'São Paulo'][i % 4]!,
      },
      // One heavy hitter among more values than the heavy hitters hold: their counters change keys.
      {
        oid: TEXT_OID,
        type: type('string', 'text'),
        texts: (i) => (i % 3 === 0 ? 'common' : `rare ${(i * 7919) % 500}`),
      },
      // A text column measured as numbers: read through its values.
      { oid: TEXT_OID, type: type('integer', 'integer'), texts: (i) => String(i * 3) },
    ];
    for (const { oid, type: fieldType, texts, bothPaths } of cases) {
      const lines = Array.from({ length: 40_000 }, (_, i) => (i % 13 === 0 ? '\\N' : texts(i)));
      const bytes = Buffer.from(`${lines.join('\n')}\n`);
      const format = { kind: 'postgres-copy-text' as const, fields: [{ name: 'v', oid }], types: [] };
      const byValues = createAccumulator('v', fieldType, 5);
      const byNumbers = createAccumulator('v', fieldType, 5);
      const values = createChunkDecoder(format);
      const numbers = createChunkDecoder(format);
      numbers.readInPlace(new Set(['v']));
      const batchesBy = { bytes: 0, characters: 0 };
      for (let at = 0; at < bytes.length; at += 4096) {
        const chunk = bytes.subarray(at, at + 4096);
        const plain = values.push(chunk);
        const read = numbers.push(chunk);
        if (plain === undefined || read === undefined) continue;
        expect(read.columns.v).toBeUndefined();
        expect(read.lines?.v?.numbers ?? read.spans?.v?.starts).toHaveLength(plain.length);
        for (const row of batchToRows(plain)) byValues.add(row.v as Value);
        addBatchField(byNumbers, read, 'v');
        batchesBy[read.spans?.v?.ascii === undefined ? 'characters' : 'bytes']++;
      }
      if (bothPaths) expect(Math.min(batchesBy.bytes, batchesBy.characters)).toBeGreaterThan(10);
      expect(byNumbers.finish(), `${oid} ${fieldType.logical}`).toEqual(byValues.finish());
    }
  });
});
