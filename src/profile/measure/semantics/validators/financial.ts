/** Validators for payment identifiers: card numbers (Luhn, length, issuer prefix), IBANs (mod-97). */
import { IBAN_LENGTHS } from '../data/iban-lengths.js';

/** True when the digit string passes the Luhn checksum. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefix ranges with the lengths their cards have: [low prefix, high prefix, lengths]. */
const CARD_ISSUERS: readonly (readonly [number, number, readonly number[]])[] = [
  [4, 4, [13, 16, 19]], // Visa
  [51, 55, [16]], // Mastercard
  [2221, 2720, [16]], // Mastercard 2-series
  [34, 34, [15]], // American Express
  [37, 37, [15]],
  [6011, 6011, [16, 17, 18, 19]], // Discover
  [644, 649, [16, 17, 18, 19]],
  [65, 65, [16, 17, 18, 19]],
  [3528, 3589, [16, 17, 18, 19]], // JCB
  [300, 305, [14, 15, 16, 17, 18, 19]], // Diners Club
  [36, 36, [14, 15, 16, 17, 18, 19]],
  [38, 39, [14, 15, 16, 17, 18, 19]],
  [62, 62, [16, 17, 18, 19]], // UnionPay
  [50, 50, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro
  [56, 69, [12, 13, 14, 15, 16, 17, 18, 19]],
];

const CARD_SHAPE = /^\d{4}(?:[ -]?\d{2,7}){1,4}$/;

/** A payment card number: 12-19 digits (optionally grouped by spaces or dashes), a known issuer prefix with a matching length, and a valid Luhn check digit. */
export function isCreditCard(value: string): boolean {
  if (value.length < 12 || value.length > 23 || !CARD_SHAPE.test(value)) return false;
  const digits = value.replace(/[ -]/g, '');
  if (digits.length < 12 || digits.length > 19) return false;
  const issued = CARD_ISSUERS.some(([low, high, lengths]) => {
    const prefix = Number(digits.slice(0, String(low).length));
    return prefix >= low && prefix <= high && lengths.includes(digits.length);
  });
  return issued && passesLuhn(digits);
}

/** An IBAN: country code, check digits, a length that matches the country, and the ISO 7064 mod-97 check. */
export function isIban(value: string): boolean {
  if (value.length < 15 || value.length > 42) return false;
  const compact = value.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  if (IBAN_LENGTHS.get(compact.slice(0, 2)) !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    // Letters count as two digits (A = 10 ... Z = 35).
    remainder = code >= 65 ? (remainder * 100 + (code - 55)) % 97 : (remainder * 10 + (code - 48)) % 97;
  }
  return remainder === 1;
}
