/**
 * Maps a PostgreSQL type (oid + modifier, as the catalog names it) onto the neutral `FieldType`: logical type,
 * length / precision / scale from the modifier, enum labels, array element and dimensions, domain info,
 * composite attributes and range subtype, and the type facts of builtin types (`type-facts.ts`). Pure over
 * the rows of `fetchTypes` and `fetchDomainChecks`.
 */
import type { LogicalType } from '../../../catalog/logical-type.js';
import type { CheckConstraint, FieldType } from '../../../catalog/model.js';
import { parseCheck, stripCheckKeyword } from '../../parse-check.js';
import { typeFactsOf } from '../type-facts.js';
import type { RawDomainCheck } from './queries/fetch-domain-checks.js';
import type { RawType } from './queries/fetch-types.js';

/** Builtin type names (in pg_catalog) and their logical types; any other base type is opaque. */
const BUILTIN_LOGICAL: Readonly<Record<string, LogicalType>> = {
  bool: 'boolean',
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  oid: 'integer',
  float4: 'float',
  float8: 'float',
  numeric: 'decimal',
  money: 'decimal',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  name: 'string',
  char: 'string',
  citext: 'string',
  xml: 'string',
  uuid: 'uuid',
  date: 'date',
  time: 'time',
  timetz: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  interval: 'interval',
  bytea: 'binary',
  json: 'json',
  jsonb: 'json',
  inet: 'inet',
  cidr: 'cidr',
  macaddr: 'macaddr',
  macaddr8: 'macaddr',
  bit: 'bit',
  varbit: 'bit',
  tsvector: 'tsvector',
};

const VARHDRSZ = 4;

export interface TypeCatalog {
  readonly types: ReadonlyMap<number, RawType>;
  readonly domainChecks: ReadonlyMap<number, readonly RawDomainCheck[]>;
}

/** Resolves a column's type. `native` is `format_type(oid, typmod)`; `dimensions` is `attndims`. */
export function resolveFieldType(
  catalog: TypeCatalog,
  oid: number,
  typmod: number,
  native: string,
  dimensions = 0,
): FieldType {
  const type = catalog.types.get(oid);
  if (type === undefined) return { logical: 'opaque', native };
  if (type.category === 'A' && type.element !== 0) {
    const elementNative = native.replace(/(\[\])+$/, '');
    return {
      logical: 'array',
      native,
      element: resolveFieldType(catalog, type.element, typmod, elementNative),
      dimensions: Math.max(1, dimensions),
    };
  }
  switch (type.typtype) {
    case 'e':
      return { logical: 'enum', native, labels: type.labels ?? [] };
    case 'd': {
      const base = resolveFieldType(catalog, type.base, type.baseTypmod, type.baseNative ?? 'unknown');
      const checks: CheckConstraint[] = (catalog.domainChecks.get(oid) ?? []).map((check) => {
        const parsed = parseCheck(check.definition);
        return {
          name: check.name,
          expression: stripCheckKeyword(check.definition),
          ...(parsed ? { parsed } : {}),
        };
      });
      return {
        ...base,
        native,
        domain: { name: native, base: base.native, notNull: type.notNull, checks },
      };
    }
    case 'c':
      return {
        logical: 'object',
        native,
        attributes: (type.attributes ?? []).map((attribute) => ({
          name: attribute.name,
          type: resolveFieldType(catalog, attribute.type, attribute.typmod, attribute.native),
        })),
      };
    case 'r':
      return type.rangeSubtype === null
        ? { logical: 'opaque', native }
        : {
            logical: 'range',
            native,
            rangeOf: resolveFieldType(
              catalog,
              type.rangeSubtype,
              -1,
              catalog.types.get(type.rangeSubtype)?.native ?? 'unknown',
            ),
          };
    default:
      break;
  }
  const builtin = type.namespace === 'pg_catalog';
  const logical = builtin || type.name === 'citext' ? BUILTIN_LOGICAL[type.name] : undefined;
  if (logical === undefined) return { logical: 'opaque', native, ...(builtin ? typeFactsOf(type.name) : {}) };
  return { logical, native, ...typeFactsOf(type.name), ...modifierFacts(type.name, typmod) };
}

/** Length, precision, scale and time precision encoded in a type modifier. */
function modifierFacts(name: string, typmod: number): Partial<FieldType> {
  if (typmod < 0) return name === 'bpchar' ? { fixedLength: true } : {};
  switch (name) {
    case 'varchar':
      return { length: typmod - VARHDRSZ };
    case 'bpchar':
      return { length: typmod - VARHDRSZ, fixedLength: true };
    case 'bit':
    case 'varbit':
      return { length: typmod };
    case 'numeric':
      return { precision: ((typmod - VARHDRSZ) >> 16) & 0xffff, scale: (typmod - VARHDRSZ) & 0xffff };
    case 'time':
    case 'timetz':
    case 'timestamp':
    case 'timestamptz':
      return { timePrecision: typmod };
    default:
      return {};
  }
}
