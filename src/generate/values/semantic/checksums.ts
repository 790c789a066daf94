/**
 * Check digits for identifiers that real systems validate: the Luhn digit of card numbers and the ISO 7064
 * mod-97 check of IBANs.
 */

/** The Luhn check digit for a string of decimal digits (the payload without its check digit). */
export function computeLuhnDigit(payload: string): number {
  let sum = 0;
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let digit = payload.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `digits` ends in a valid Luhn check digit. */
export function isLuhnValid(digits: string): boolean {
  return digits.length > 1 && computeLuhnDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

function remainderMod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    const part = code >= 65 ? String(code - 55) : char;
    for (const digit of part) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder;
}

/** A full IBAN for `country` (two letters) and `bban`, with its two check digits. */
export function composeIban(country: string, bban: string): string {
  const check = 98 - remainderMod97(`${bban}${country}00`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/** True when `iban` passes the ISO 7064 mod-97 check. */
export function isIbanValid(iban: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban) && remainderMod97(`${iban.slice(4)}${iban.slice(0, 4)}`) === 1;
}
