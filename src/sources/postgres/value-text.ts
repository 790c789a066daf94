/**
 * Encodes values (the representation of `src/catalog/values.ts`) as PostgreSQL text input, driven by the
 * field's type: arrays with proper quoting, json, bytea hex, composites, ranges, timestamps; and the COPY
 * text-format escaping on top. Pure; the inverse of `value-parsers.ts`.
 */
import type { Value } from '../../catalog/values.js';
import type { TypeTask } from '../../tasks/types.js';
import { type ArrayText, formatArrayLiteral, formatRecordLiteral } from './literal-parsers.js';

/** Type facts the encoder needs; both `TypeTask` (task files) and the catalog's `FieldType` fit. */
export type EncodableType = Pick<TypeTask, 'logical' | 'native'> & {
  readonly element?: EncodableType;
  readonly attributes?: readonly { readonly name: string; readonly type: EncodableType }[];
};

/** The text PostgreSQL accepts as input for `value` of `type`; `null` for SQL NULL. */
export function renderValueText(value: Value, type: EncodableType | undefined): string | null {
  if (value === null) return null;
  if (type?.logical === 'json') return JSON.stringify(jsonSafe(value));
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (value === Number.POSITIVE_INFINITY) return 'Infinity';
    if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) {
    const element = type?.logical === 'array' ? type.element : undefined;
    return formatArrayLiteral(toArrayText(value, element), arrayDelimiter(element));
  }
  const record = value as { readonly [key: string]: Value };
  if (type?.logical === 'object' && type.attributes !== undefined)
    return formatRecordLiteral(
      type.attributes.map((attribute) => renderValueText(record[attribute.name] ?? null, attribute.type)),
    );
  return JSON.stringify(jsonSafe(value));
}

function toArrayText(values: readonly Value[], element: EncodableType | undefined): ArrayText {
  return values.map((item) =>
    Array.isArray(item) && element?.logical !== 'json' && element?.logical !== 'array'
      ? toArrayText(item, element)
      : renderValueText(item, element),
  );
}

/** `box` is the one builtin type whose array delimiter is `;`. */
function arrayDelimiter(element: EncodableType | undefined): string {
  return element?.native === 'box' ? ';' : ',';
}

/** JSON.stringify cannot print bigint or bytes: bigint becomes a number text, bytes a hex string. */
function jsonSafe(value: Value): unknown {
  if (typeof value === 'bigint') return JSON.parse(value.toString()) as unknown;
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, Value>)) result[key] = jsonSafe(inner);
    return result;
  }
  return value;
}

/** Escapes one field for COPY text format (`\N` for NULL). */
export function escapeCopyText(text: string | null): string {
  if (text === null) return '\\N';
  return text.replace(/[\\\n\r\t]/g, (char) =>
    char === '\\' ? '\\\\' : char === '\n' ? '\\n' : char === '\r' ? '\\r' : '\\t',
  );
}

/** One COPY text-format line (with the trailing newline) for `row` over `columns`. */
export function encodeCopyLine(
  row: Readonly<Record<string, Value>>,
  columns: readonly { readonly name: string; readonly type: EncodableType }[],
): string {
  return `${columns.map((column) => escapeCopyText(renderValueText(row[column.name] ?? null, column.type))).join('\t')}\n`;
}
