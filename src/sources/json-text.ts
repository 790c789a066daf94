/**
 * A value (`catalog/values.ts`) as JSON text, for the sinks of every kind that stores JSON as text:
 * JSON.stringify cannot print bigint or bytes, so a bigint becomes a bare integer and bytes a `\x`-prefixed
 * hex string (PostgreSQL's bytea text form, which every engine can store).
 */
import type { Value } from '../catalog/values.js';

/** `value` as JSON text. */
export function renderJsonText(value: Value): string {
  return JSON.stringify(jsonSafe(value));
}

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
