/**
 * Type facts of PostgreSQL's builtin types: integer and float widths, storable date and timestamp ranges,
 * time zones, NaN and infinity. The extractor writes them into every field type (by catalog type name), so
 * that the generator and the sinks decide from neutral facts and never parse a native type name.
 *
 * Profiles written before type facts existed carry only `native` (format_type's text, or a name a person
 * wrote by hand): `typeFactsFromNative` derives the same facts from that text once, when such a file is
 * loaded. It is the one place that reads PostgreSQL type names outside this folder's extractor.
 */
import type { FieldType, SpecialValue, TypeFacts } from '../../catalog/model.js';

/** The type facts PostgreSQL knows by type name (and `bit(n)`'s fixed length, with char(n)'s meaning). */
export type PostgresTypeFacts = TypeFacts & Pick<FieldType, 'fixedLength'>;

const NAN_AND_INFINITY: readonly SpecialValue[] = ['nan', 'infinity'];
const INFINITY: readonly SpecialValue[] = ['infinity'];
/** 4713 BC (the Julian day 0 PostgreSQL starts at) is year -4712 in ISO's astronomical numbering. */
const EARLIEST_DAY = '-4712-11-24';
const EARLIEST_TIMESTAMP = `${EARLIEST_DAY}T00:00:00`;

/** Facts by catalog type name (`pg_type.typname` of the builtin types). */
const BUILTIN_FACTS: Readonly<Record<string, PostgresTypeFacts>> = {
  int2: { bits: 16 },
  int4: { bits: 32 },
  int8: { bits: 64 },
  oid: { bits: 32, unsigned: true },
  float4: { bits: 32, special: NAN_AND_INFINITY },
  float8: { bits: 64, special: NAN_AND_INFINITY },
  numeric: { special: ['nan'] },
  date: { earliest: EARLIEST_DAY, latest: '5874897-12-31', special: INFINITY },
  timestamp: { earliest: EARLIEST_TIMESTAMP, latest: '294276-12-31T23:59:59', special: INFINITY },
  timestamptz: {
    earliest: EARLIEST_TIMESTAMP,
    latest: '294276-12-31T23:59:59',
    zoned: true,
    special: INFINITY,
  },
  timetz: { zoned: true },
  uuid: { bits: 128 },
  macaddr: { bits: 48 },
  macaddr8: { bits: 64 },
  bit: { fixedLength: true },
  point: { literal: '(0,0)' },
  line: { literal: '{1,-1,0}' },
  lseg: { literal: '[(0,0),(1,1)]' },
  box: { literal: '(1,1),(0,0)' },
  path: { literal: '[(0,0),(1,1)]' },
  polygon: { literal: '((0,0),(1,1),(1,0))' },
  circle: { literal: '<(0,0),1>' },
};

/** The facts of a builtin type by its catalog name (`int4`, `timestamptz`); none for other types. */
export function typeFactsOf(typname: string): PostgresTypeFacts {
  return BUILTIN_FACTS[typname] ?? {};
}

/**
 * Catalog names of the spellings a native type may have in an older profile: format_type's text
 * (`double precision`, `timestamp(3) with time zone`, `bit varying(8)`) and the aliases people write by hand.
 */
const NATIVE_SPELLINGS: readonly (readonly [RegExp, string])[] = [
  [/^(smallint|int2|smallserial|serial2)$/, 'int2'],
  [/^(integer|int|int4|serial|serial4)$/, 'int4'],
  [/^(bigint|int8|bigserial|serial8)$/, 'int8'],
  [/^oid$/, 'oid'],
  [/^(real|float4)$/, 'float4'],
  [/^(double precision|float8|float|double)$/, 'float8'],
  [/^(numeric|decimal)\b/, 'numeric'],
  [/^date$/, 'date'],
  [/^(time\b.*with time zone|timetz\b.*)$/, 'timetz'],
  [/^(timestamp\b.*with time zone|timestamptz\b.*)$/, 'timestamptz'],
  [/^timestamp\b/, 'timestamp'],
  [/^uuid$/, 'uuid'],
  [/^macaddr8$/, 'macaddr8'],
  [/^macaddr$/, 'macaddr'],
  [/^(bit varying|varbit)\b/, 'varbit'],
  [/^bit\b/, 'bit'],
  [/^(point|line|lseg|box|path|polygon|circle)$/, ''],
];

/**
 * The facts of a type named by its native text, for profiles written before facts were recorded. Spellings
 * of other engines that older doppel versions also recognised (`tinyint`, `long`, MongoDB's `objectId`) are
 * kept, so that such a file generates what it did before.
 */
export function typeFactsFromNative(native: string): PostgresTypeFacts {
  const name = native
    .trim()
    .toLowerCase()
    .replace(/^pg_catalog\./, '')
    .replace(/"/g, '');
  if (name === 'tinyint') return { bits: 8 };
  if (name === 'long') return { bits: 64 };
  if (name === 'objectid') return { bits: 96 };
  for (const [pattern, typname] of NATIVE_SPELLINGS) {
    if (pattern.test(name)) return typeFactsOf(typname === '' ? name : typname);
  }
  return {};
}
