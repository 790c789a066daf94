/** Validators for contact data: phone numbers, postal codes, national identifiers. */
import { isIpv4 } from './network.js';

const PHONE_CHARACTERS = /^\+?[\d\s().\-/]+$/;
const EXTENSION = /\s*(?:x|ext\.?|extension)\s*\d{1,6}$/i;
const DATE_LIKE = /^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$/;

/** Counts digits and checks that parentheses pair up; -1 when they do not. */
function countPhoneDigits(value: string): number {
  let digits = 0;
  let open = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char >= '0' && char <= '9') digits++;
    else if (char === '(') {
      if (open > 0) return -1;
      open++;
    } else if (char === ')') {
      if (open === 0) return -1;
      open--;
    }
  }
  return open === 0 ? digits : -1;
}

/**
 * A phone number: international (`+` or `00`, then 8-15 digits, E.164), or national with separators and
 * 10-12 digits (`(555) 123-4567`, `020 7946 0958`, `06 12 34 56 78`). An optional extension is allowed.
 */
export function isPhone(value: string): boolean {
  if (value.length < 8 || value.length > 32) return false;
  const number = value.replace(EXTENSION, '');
  if (!PHONE_CHARACTERS.test(number) || DATE_LIKE.test(number) || isIpv4(number)) return false;
  if (number.indexOf('+') > 0) return false;
  const digits = countPhoneDigits(number);
  if (digits < 0) return false;
  if (number.startsWith('+')) return digits >= 8 && digits <= 15 && number[1] !== '0';
  if (number.startsWith('00') && /^00[1-9]/.test(number)) return digits >= 10 && digits <= 17;
  const separated = /[\s().\-/]/.test(number);
  return separated && digits >= 10 && digits <= 12;
}

/** Bare digits that would be a phone number if the field name says so. */
export function isBarePhone(value: string): boolean {
  return /^\d{7,15}$/.test(value);
}

const US_ZIP_PLUS_FOUR = /^\d{5}-\d{4}$/;
const UK_POSTCODE =
  /^(?:GIR ?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRV-Y]) ?\d[ABD-HJLNP-UW-Z]{2})$/;
const NL_POSTCODE = /^[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}$/;
const CA_POSTCODE = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/;

/** A postal code whose shape alone gives it away: US ZIP+4, UK, Dutch, Canadian. */
export function isDistinctPostalCode(value: string): boolean {
  if (value.length < 5 || value.length > 10) return false;
  return (
    US_ZIP_PLUS_FOUR.test(value) ||
    UK_POSTCODE.test(value) ||
    NL_POSTCODE.test(value) ||
    CA_POSTCODE.test(value)
  );
}

const NUMERIC_POSTAL_CODE = /^(?:\d{4,5}|\d{3}-\d{4}|\d{5}-\d{3}|\d{2}-\d{3})$/;

/**
 * A postal code only if the field name says so: bare 5 digits (US ZIP, DE, FR, ES, IT), 4 digits (AT, CH,
 * BE, DK, AU, ...), or the JP/BR/PL dashed forms.
 */
export function isNumericPostalCode(value: string): boolean {
  return NUMERIC_POSTAL_CODE.test(value);
}

const US_SSN = /^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/;
const UK_NINO = /^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]$/;

/** A national identifier with a distinctive shape: US social security number, UK national insurance number. */
export function isNationalId(value: string): boolean {
  return US_SSN.test(value) || UK_NINO.test(value);
}

/** 8-12 digits or letters-and-digits: a national identifier only if the field name says so. */
export function isBareNationalId(value: string): boolean {
  return /^[A-Z0-9]{8,12}$/i.test(value) && /\d/.test(value);
}
