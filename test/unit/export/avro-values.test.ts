import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAvroName, encodeAvroName } from '../../../src/export/avro-names.js';
import {
  AVRO_LONG,
  bytesToDecimal,
  dateToDays,
  daysToDate,
  decimalToBytes,
  microsToTime,
  microsToTimestamp,
  timestampToMicros,
  timeToMicros,
} from '../../../src/export/avro-values.js';

describe('Avro names', () => {
  it('keeps ordinary names and escapes the rest', () => {
    expect(encodeAvroName('order_items')).toBe('order_items');
    expect(encodeAvroName('Customers')).toBe('Customers');
    expect(encodeAvroName('Display Name')).toBe('_Display_000020Name');
    expect(encodeAvroName('_id')).toBe('___id');
    expect(encodeAvroName('1st')).toBe('_1st');
    expect(encodeAvroName('')).toBe('_');
  });

  it('gives a valid Avro name for any string, and decoding gives the string back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), (name) => {
        const encoded = encodeAvroName(name);
        expect(encoded).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        expect(decodeAvroName(encoded)).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves names it did not make as they are', () => {
    expect(decodeAvroName('_private')).toBe('_private');
    expect(decodeAvroName('_id')).toBe('_id');
    expect(decodeAvroName('___id')).toBe('_id');
  });
});

describe('Avro decimals', () => {
  it('encodes unscaled two’s-complement big-endian bytes at the scale, and back', () => {
    expect(decimalToBytes('1.00', 2)).toEqual(Buffer.from([0x64]));
    expect(decimalToBytes('-1', 2)).toEqual(Buffer.from([0x9c]));
    expect(decimalToBytes('-1.29', 2)).toEqual(Buffer.from([0xff, 0x7f]));
    expect(decimalToBytes('1.28', 2)).toEqual(Buffer.from([0x00, 0x80]));
    expect(decimalToBytes('12.345', 2)).toEqual(decimalToBytes('12.35', 2));
    expect(bytesToDecimal(decimalToBytes('-0.05', 2), 2)).toBe('-0.05');
    expect(bytesToDecimal(decimalToBytes('123456789012345678901234.5', 1), 1)).toBe(
      '123456789012345678901234.5',
    );
  });

  it('round-trips any decimal text at its scale', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 10 }),
        (unscaled, scale) => {
          const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
          const text = `${unscaled < 0n ? '-' : ''}${digits.slice(0, digits.length - scale)}${scale > 0 ? `.${digits.slice(digits.length - scale)}` : ''}`;
          expect(bytesToDecimal(decimalToBytes(text, scale), scale)).toBe(text);
        },
      ),
    );
  });

  it('refuses what is not a decimal number', () => {
    expect(() => decimalToBytes('NaN', 2)).toThrow(/not a decimal number/);
  });
});

describe('Avro dates and times', () => {
  it('counts days from 1970, years before 100 included', () => {
    expect(dateToDays('1970-01-02')).toBe(1);
    expect(dateToDays('1969-12-31')).toBe(-1);
    expect(daysToDate(dateToDays('0001-01-01'))).toBe('0001-01-01');
    expect(daysToDate(dateToDays('9999-12-31'))).toBe('9999-12-31');
  });

  it('counts microseconds of the day, taking offsets to UTC', () => {
    expect(timeToMicros('00:00:01.5')).toBe(1_500_000);
    expect(microsToTime(timeToMicros('23:59:59.999999'))).toBe('23:59:59.999999');
    expect(microsToTime(timeToMicros('10:00:00+02'))).toBe('08:00:00');
  });

  it('counts microseconds from the epoch, as bigints beyond 2^53', () => {
    expect(timestampToMicros('1970-01-01T00:00:00.000001Z')).toBe(1);
    expect(microsToTimestamp(timestampToMicros('2024-02-29T12:34:56.789Z'), true)).toBe(
      '2024-02-29T12:34:56.789Z',
    );
    expect(microsToTimestamp(timestampToMicros('1901-05-06T07:08:09'), false)).toBe('1901-05-06T07:08:09');
    const far = timestampToMicros('9999-12-31T23:59:59.999999');
    expect(typeof far).toBe('bigint');
    expect(microsToTimestamp(far, false)).toBe('9999-12-31T23:59:59.999999');
  });

  it('writes and reads 64-bit longs beyond 2^53', () => {
    const big = 2n ** 62n + 1n;
    expect(AVRO_LONG.fromBuffer(AVRO_LONG.toBuffer(big))).toBe(big);
    expect(AVRO_LONG.fromBuffer(AVRO_LONG.toBuffer(42))).toBe(42);
    expect(AVRO_LONG.isValid(2n ** 63n)).toBe(false);
  });
});
