/**
 * Per-connection type parsers: turn PostgreSQL's text output into the value representation of
 * `src/catalog/values.ts` (int8 → number or bigint, numeric → string, dates and timestamps → strings, bytea →
 * Uint8Array, json → parsed, arrays → arrays, composites → objects). They are installed on one `pg` client
 * (never globally) and assume the session settings of `SESSION_SETTINGS` (UTC, ISO dates).
 */
import type { Value } from '../../catalog/values.js';
import { type ArrayText, parseArrayLiteral, parseRecordLiteral } from './literal-parsers.js';
import type { TypeRegistry } from './type-registry.js';

type Parse = (text: string) => Value;

/** Builtin type oids with a representation other than text. */
export const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  money: 790,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  timetz: 1266,
  numeric: 1700,
  jsonb: 3802,
} as const;

const identity: Parse = (text) => text;

const parseInteger: Parse = (text) => {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
};

const parseFloatText: Parse = (text) => Number.parseFloat(text);

const parseBytea: Parse = (text) => {
  if (text.startsWith('\\x')) return new Uint8Array(Buffer.from(text.slice(2), 'hex'));
  return new Uint8Array(Buffer.from(unescapeByteaEscapeFormat(text), 'latin1'));
};

function unescapeByteaEscapeFormat(text: string): string {
  return text.replace(/\\(\\|[0-7]{3})/g, (_, code: string) =>
    code === '\\' ? '\\' : String.fromCharCode(Number.parseInt(code, 8)),
  );
}

/** `2024-01-02 03:04:05.5` → `2024-01-02T03:04:05.5` */
const parseTimestamp: Parse = (text) => text.replace(' ', 'T');

/** `2024-01-02 03:04:05+00` (TimeZone UTC) → `2024-01-02T03:04:05Z`. */
const parseTimestamptz: Parse = (text) => {
  const match = /^(.+) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d(?::?\d\d){0,2})$/.exec(text);
  if (match === null) return text;
  const offset = match[3] === '+00' || match[3] === '+00:00' ? 'Z' : match[3];
  return `${match[1]}T${match[2]}${offset}`;
};

/** `$1,234.50` / `-$3.00` (lc_monetary C) → `1234.50` / `-3.00`. */
const parseMoney: Parse = (text) => text.replace(/[^0-9.-]/g, '');

const BUILTIN_PARSERS: ReadonlyMap<number, Parse> = new Map<number, Parse>([
  [OID.bool, (text) => text === 't'],
  [OID.bytea, parseBytea],
  [OID.int8, parseInteger],
  [OID.int2, parseInteger],
  [OID.int4, parseInteger],
  [OID.oid, parseInteger],
  [OID.json, (text) => JSON.parse(text) as Value],
  [OID.jsonb, (text) => JSON.parse(text) as Value],
  [OID.float4, parseFloatText],
  [OID.float8, parseFloatText],
  [OID.money, parseMoney],
  [OID.numeric, identity],
  [OID.date, identity],
  [OID.time, identity],
  [OID.timetz, identity],
  [OID.timestamp, parseTimestamp],
  [OID.timestamptz, parseTimestamptz],
]);

/** Returns the parser for values of type `oid` given the database's registry of arrays, domains, composites. */
export function createValueParser(registry: TypeRegistry): (oid: number) => Parse {
  const cache = new Map<number, Parse>();
  const parserFor = (oid: number): Parse => {
    const cached = cache.get(oid);
    if (cached !== undefined) return cached;
    // Placeholder first: a composite may (indirectly) contain itself through an array.
    cache.set(oid, (text) => parserFor(oid)(text));
    const parser = buildParser(oid);
    cache.set(oid, parser);
    return parser;
  };
  const buildParser = (oid: number): Parse => {
    const builtin = BUILTIN_PARSERS.get(oid);
    if (builtin !== undefined) return builtin;
    const registered = registry.get(oid);
    if (registered === undefined) return identity;
    switch (registered.kind) {
      case 'enum':
        return identity;
      case 'domain':
        return parserFor(registered.inner);
      case 'array': {
        const element = parserFor(registered.inner);
        const convert = (items: ArrayText): Value[] =>
          items.map((item) =>
            item === null ? null : typeof item === 'string' ? element(item) : convert(item),
          );
        return (text) => convert(parseArrayLiteral(text, registered.delimiter));
      }
      case 'composite': {
        const attributes = registered.attributes.map((attribute) => ({
          name: attribute.name,
          parse: parserFor(attribute.type),
        }));
        return (text) => {
          const values = parseRecordLiteral(text);
          const record: Record<string, Value> = {};
          attributes.forEach((attribute, index) => {
            const raw = values[index];
            record[attribute.name] = raw === null || raw === undefined ? null : attribute.parse(raw);
          });
          return record;
        };
      }
    }
  };
  return parserFor;
}
