/**
 * Reading JSON request bodies: each accessor names the field and what it should be when a request gets it
 * wrong (a usage error, HTTP 400).
 */
import { DoppelError } from '../shared/errors.js';

export type Body = Readonly<Record<string, unknown>>;

/** The body as an object, or a usage error. */
export function readBody(value: unknown): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new DoppelError('usage', 'The request body must be a JSON object.');
  return value as Body;
}

/** A required non-empty string field. */
export function readString(body: Body, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value.trim() === '')
    throw new DoppelError('usage', `The request field "${key}" must be a non-empty string.`);
  return value;
}

/** An optional string field. */
export function readOptionalString(body: Body, key: string): string | undefined {
  return body[key] === undefined ? undefined : readString(body, key);
}

/** An optional number field within `[minimum, maximum]`. */
export function readOptionalNumber(
  body: Body,
  key: string,
  minimum: number,
  maximum: number,
  integer = false,
): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < minimum ||
    value > maximum ||
    (integer && !Number.isInteger(value))
  )
    throw new DoppelError(
      'usage',
      `The request field "${key}" must be ${integer ? 'a whole number' : 'a number'} from ${minimum} to ${maximum}.`,
    );
  return value;
}

/** An optional boolean field. */
export function readOptionalBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean')
    throw new DoppelError('usage', `The request field "${key}" must be true or false.`);
  return value;
}

/** An optional list of strings (absent: empty). */
export function readStringList(body: Body, key: string): string[] {
  const value = body[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw new DoppelError('usage', `The request field "${key}" must be a list of strings.`);
  return value as string[];
}

/** An optional object of numbers (absent: empty). */
export function readNumberRecord(body: Body, key: string): Record<string, number> {
  const value = body[key];
  if (value === undefined) return {};
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    Object.values(value).some((item) => typeof item !== 'number' || !Number.isFinite(item) || item < 0)
  )
    throw new DoppelError('usage', `The request field "${key}" must map names to numbers of at least 0.`);
  return value as Record<string, number>;
}
