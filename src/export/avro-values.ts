/**
 * Conversions between doppel's in-memory values (src/catalog/values.ts: decimal text, ISO date and time
 * text, numbers or bigints) and what Avro's logical types carry (unscaled two's-complement bytes, days,
 * microseconds), in both directions. Microseconds of far dates pass 2^53, so longs are numbers when safe
 * and bigints beyond: `AVRO_LONG` is an avsc long type that takes and gives both.
 */
import avro from 'avsc';
import { DoppelError } from '../shared/errors.js';

const MS_PER_DAY = 86_400_000;

/** An Avro long that reads and writes the full 64-bit range: safe integers as numbers, the rest as bigints. */
export const AVRO_LONG = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer): number | bigint => {
    const value = buffer.readBigInt64LE();
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  },
  toBuffer: (value: number | bigint): Buffer => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(BigInt(value));
    return buffer;
  },
  fromJSON: (value: number | string): number | bigint =>
    typeof value === 'number' ? value : narrowBigInt(BigInt(value)),
  toJSON: (value: number | bigint): number => Number(value),
  isValid: (value: unknown): boolean =>
    (typeof value === 'number' && Number.isSafeInteger(value)) ||
    (typeof value === 'bigint' && value >= -(2n ** 63n) && value < 2n ** 63n),
  compare: (left: number | bigint, right: number | bigint): number =>
    left < right ? -1 : left > right ? 1 : 0,
});

/** A bigint as a number when it is safe, else as it is. */
export function narrowBigInt(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

function invalid(what: string, value: unknown): DoppelError {
  return new DoppelError('invalidInput', `The value ${JSON.stringify(String(value))} is not ${what}.`);
}

/** Decimal text (`-12.3`) as the unscaled two's-complement big-endian bytes of an Avro decimal of `scale`. */
export function decimalToBytes(text: string, scale: number): Buffer {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (match === null || (match[2] === '' && (match[3] ?? '') === ''))
    throw invalid('a decimal number Avro can carry', text);
  const fraction = (match[3] ?? '').padEnd(scale, '0');
  const kept = fraction.slice(0, scale);
  let unscaled = BigInt(`${match[2] || '0'}${kept}`);
  // Digits beyond the scale round half away from zero, as a database would when storing the value.
  if (fraction.length > scale && Number(fraction[scale]) >= 5) unscaled += 1n;
  if (match[1] === '-') unscaled = -unscaled;
  return twosComplement(unscaled);
}

function twosComplement(value: bigint): Buffer {
  let hex = (value < 0n ? -value : value).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (value >= 0n) return bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  // Negative: invert and add one over a width with room for the sign bit.
  const width = bytes.length + (bytes[0]! & 0x80 ? 1 : 0);
  const modulus = 1n << BigInt(width * 8);
  hex = (modulus + value).toString(16).padStart(width * 2, '0');
  bytes = Buffer.from(hex, 'hex');
  return bytes;
}

/** The decimal text of an Avro decimal's bytes at `scale`. */
export function bytesToDecimal(bytes: Uint8Array, scale: number): string {
  if (bytes.length === 0) return '0';
  let unscaled = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  if (bytes[0]! & 0x80) unscaled -= 1n << BigInt(bytes.length * 8);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

const DATE = /^(\d{4,})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?)?$/;
const TIMESTAMP = /^(\d{4,})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]00(?::?00)?)?$/;

function utcMilliseconds(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** `YYYY-MM-DD` as days since 1970-01-01 (Avro `date`). */
export function dateToDays(text: string): number {
  const match = DATE.exec(text);
  if (match === null) throw invalid('a date (YYYY-MM-DD)', text);
  return Math.round(utcMilliseconds(Number(match[1]), Number(match[2]), Number(match[3])) / MS_PER_DAY);
}

/** Days since 1970-01-01 as `YYYY-MM-DD`. */
export function daysToDate(days: number): string {
  return isoDate(new Date(days * MS_PER_DAY));
}

function isoDate(date: Date): string {
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

function microsOf(fraction: string | undefined): bigint {
  return BigInt((fraction ?? '').padEnd(6, '0'));
}

/** `HH:MM:SS[.ffffff][±hh[:mm]]` as microseconds after midnight (Avro `time-micros`), taken to UTC. */
export function timeToMicros(text: string): number {
  const match = TIME.exec(text);
  if (match === null) throw invalid('a time of day (HH:MM:SS)', text);
  let seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  if (match[5] !== undefined) {
    const offset = Number(match[6]) * 3600 + Number(match[7] ?? 0) * 60;
    seconds -= match[5] === '+' ? offset : -offset;
    seconds = ((seconds % 86_400) + 86_400) % 86_400;
  }
  return seconds * 1_000_000 + Number(microsOf(match[4]));
}

/** Microseconds after midnight as `HH:MM:SS[.ffffff]`. */
export function microsToTime(micros: number | bigint): string {
  const total = BigInt(micros);
  const seconds = Number(total / 1_000_000n);
  const hours = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const minutes = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const rest = String(seconds % 60).padStart(2, '0');
  return `${hours}:${minutes}:${rest}${fractionText(total % 1_000_000n)}`;
}

function fractionText(micros: bigint): string {
  if (micros === 0n) return '';
  return `.${micros.toString().padStart(6, '0').replace(/0+$/, '')}`;
}

/** An ISO timestamp (`YYYY-MM-DDTHH:MM:SS[.ffffff][Z]`) as microseconds since the epoch (UTC). */
export function timestampToMicros(text: string): number | bigint {
  const match = TIMESTAMP.exec(text);
  if (match === null) throw invalid('a timestamp (YYYY-MM-DDTHH:MM:SS, UTC)', text);
  const day = utcMilliseconds(Number(match[1]), Number(match[2]), Number(match[3]));
  const seconds = Number(match[4]) * 3600 + Number(match[5]) * 60 + Number(match[6]);
  return narrowBigInt((BigInt(day) + BigInt(seconds) * 1000n) * 1000n + microsOf(match[7]));
}

/** Microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS[.ffffff]`, with `Z` when `zoned`. */
export function microsToTimestamp(micros: number | bigint, zoned: boolean): string {
  const total = BigInt(micros);
  let rest = total % 1_000_000n;
  if (rest < 0n) rest += 1_000_000n;
  const date = new Date(Number((total - rest) / 1000n));
  const clock = date.toISOString().slice(11, 19);
  return `${isoDate(date)}T${clock}${fractionText(rest)}${zoned ? 'Z' : ''}`;
}
