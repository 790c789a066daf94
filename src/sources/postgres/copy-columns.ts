/**
 * How each column of a `COPY ... TO STDOUT` text read becomes a value (copy-text.ts decodes the lines): text
 * types as their text, integers read digit by digit, numeric, dates and timestamps also readable in place as
 * the number on their line, everything else through the connection's type parsers.
 */
import { type LineColumn, readPgInstant, readShortDecimal } from '../../catalog/line-numbers.js';
import type { Value } from '../../catalog/values.js';
import type { CopyField } from '../chunk-decoder.js';

/** How one column's field text becomes a value. */
export interface CopyColumn {
  readonly name: string;
  /** Parses the (unescaped) field text; `null` keeps the text as is. */
  readonly parse: ((text: string) => Value) | null;
  /**
   * The column holds integers that `parse` turns into numbers (bigints past 2^53): short digit runs are then
   * read in place, without a string per value; anything else still goes to `parse`.
   */
  readonly integer?: boolean;
  /**
   * Reads the field text from `start` to `end` in place as a number on the column's line (NaN when it
   * cannot), for consumers that ask for the column in place (`CopyTextDecoder.readInPlace`).
   */
  readonly line?: {
    readonly kind: LineColumn['kind'];
    read(text: string, start: number, end: number): number;
  };
}

/** The decoder columns of `fields`, each type's text parsed by `parserOf(oid)`. */
export function copyColumnsOf(
  fields: readonly CopyField[],
  parserOf: (oid: number) => (text: string) => Value,
): CopyColumn[] {
  return fields.map(({ name, oid }) => {
    if (TEXT_OIDS.has(oid)) return { name, parse: null };
    const parse = parserOf(oid);
    if (INTEGER_OIDS.has(oid)) return { name, parse, integer: true };
    const line = LINE_READERS.get(oid);
    return {
      name,
      parse: oid === TIMESTAMPTZ_OID ? withUtcFastPath(parse) : parse,
      ...(line ? { line } : {}),
    };
  });
}

const TIMESTAMPTZ_OID = 1184;
/** numeric, date, timestamp and timestamptz: their text read in place as the number on their line. */
const LOCAL_INSTANT: NonNullable<CopyColumn['line']> = {
  kind: 'instant',
  read: (text, start, end) => readPgInstant(text, start, end, false),
};
const LINE_READERS = new Map<number, NonNullable<CopyColumn['line']>>([
  [1700, { kind: 'decimal', read: readShortDecimal }],
  [1082, LOCAL_INSTANT],
  [1114, LOCAL_INSTANT],
  [TIMESTAMPTZ_OID, { kind: 'instant', read: (text, start, end) => readPgInstant(text, start, end, true) }],
]);
/** int8, int2, int4, oid: their parsers give numbers (bigints past 2^53), which the decoder reads in place. */
const INTEGER_OIDS: ReadonlySet<number> = new Set([20, 21, 23, 26]);
/** name, text, bpchar, varchar: builtin types whose value is their text (no parser call needed). */
const TEXT_OIDS: ReadonlySet<number> = new Set([19, 25, 1042, 1043]);

/**
 * timestamptz in UTC (`2024-01-02 03:04:05[.ffffff]+00`, the session's TimeZone) rewritten without a regular
 * expression to what the connection's parser gives (`2024-01-02T03:04:05[.ffffff]Z`); anything else goes to it.
 */
export function withUtcFastPath(parse: (text: string) => Value): (text: string) => Value {
  return (text) => {
    if (
      text.length < 22 ||
      text.charCodeAt(10) !== 32 ||
      text.charCodeAt(13) !== 58 ||
      text.charCodeAt(16) !== 58 ||
      !text.endsWith('+00')
    )
      return parse(text);
    return text.length === 22 ? wholeSecondsUtc(text) : `${text.slice(0, 10)}T${text.slice(11, -3)}Z`;
  };
}

/**
 * `2024-01-02 03:04:05+00` as `2024-01-02T03:04:05Z`, built from its character codes in one flat string: a
 * concatenation would be a rope of slices, copied again the first time the profiler reads its characters.
 */
function wholeSecondsUtc(text: string): string {
  const at = (index: number) => text.charCodeAt(index);
  // biome-ignore format: the characters in their places
  return String.fromCharCode(
    at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9), 84,
    at(11), at(12), at(13), at(14), at(15), at(16), at(17), at(18), 90,
  );
}
