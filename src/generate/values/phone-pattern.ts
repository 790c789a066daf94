/**
 * Phones drawn from a measured pattern keep real calling codes and area codes. A personal field's pattern
 * keeps no literal digit (`\+[0-9]{1,2} [0-9]{3} [0-9]{3} [0-9]{4}`), so drawn freely it gives `+0 581 ...`;
 * here the leading `\+[0-9]{a,b}` becomes a real calling code of a drawn length, and the national number's
 * first digit is 2-9 (after a calling code no area code starts with 0 or 1). Other shapes stay as measured.
 */
import type { Random } from '../../shared/random.js';

/** Calling codes (ITU-T E.164 assignments, the most used), by length. */
const CALLING_CODES: readonly (readonly string[])[] = [
  [],
  ['1', '7'],
  [
    ...['20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48'],
    ...['49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81'],
    ...['82', '84', '86', '90', '91', '92', '93', '94', '95', '98'],
  ],
  [
    ...['212', '213', '216', '233', '234', '254', '255', '256', '351', '352', '353', '354', '356', '357'],
    ...['358', '359', '370', '371', '372', '380', '381', '385', '386', '420', '421', '852', '880', '886'],
    ...['961', '962', '965', '966', '971', '972', '974'],
  ],
];
const ASSIGNED: ReadonlySet<string> = new Set(CALLING_CODES.flat());

/** True when `digits` is one of the calling codes phones are drawn with. */
export function isCallingCode(digits: string): boolean {
  return ASSIGNED.has(digits);
}

const LEADING_CODE = /^\\\+\[0-9\](?:\{(\d+)(?:,(\d+))?\})?/;
const FIRST_DIGITS = /\[0-9\](?:\{(\d+)(?:,(\d+))?\})?/;

export interface PhonePattern {
  /** Draws a calling code (without `+`) of one of the pattern's lengths. */
  readonly code: (random: Random) => string;
  /** The pattern after the calling code, its first digit 2-9. */
  readonly rest: string;
}

/** The calling code and the rest of a phone pattern that starts with `\+` and digits, else undefined. */
export function splitPhonePattern(regex: string): PhonePattern | undefined {
  const match = LEADING_CODE.exec(regex);
  if (match === null) return undefined;
  const low = Number(match[1] ?? 1);
  const high = Math.min(3, Number(match[2] ?? match[1] ?? 1));
  if (!(low >= 1 && low <= high)) return undefined;
  const rest = regex.slice(match[0].length).replace(FIRST_DIGITS, (_run, from?: string, to?: string) => {
    const min = Number(from ?? 1);
    const max = Number(to ?? from ?? 1);
    if (max <= 1) return '[2-9]';
    return min === max ? `[2-9][0-9]{${min - 1}}` : `[2-9][0-9]{${Math.max(0, min - 1)},${max - 1}}`;
  });
  return {
    code: (random) => {
      const codes = CALLING_CODES[low + random.below(high - low + 1)]!;
      return codes[random.below(codes.length)]!;
    },
    rest,
  };
}
