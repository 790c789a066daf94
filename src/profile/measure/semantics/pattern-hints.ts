/**
 * Semantic detection from a field's mixture of shapes, where the values one by one do not make a clear
 * majority: phones written in several national formats (`(7) 555-0192`, `040-1234567`, `(181) 555-0143`)
 * fail the strict phone validator in part (too few digits for one country's plan) but together are plainly
 * phones. Reads only the shapes (letters and digits generalised), never values.
 */
import type { PatternShare } from '../pattern/pattern-sketch.js';
import type { SemanticGuess } from './index.js';

/** Share of the values the phone-like shapes must cover together. */
const MIXTURE_MAJORITY = 0.8;
/** A digit run this long, a parenthesis or a leading `+` tells a phone from a date or a version. */
const LONG_RUN = 5;

const TOKEN = /\[0-9\](?:\{(\d+)(?:,(\d+))?\})?|\\[()+./-]|[ \-/]/gy;

/**
 * A phone when at least two shapes look like phone numbers (digit runs and phone separators only, 7 to 15
 * digits, a parenthesis, a `+` or a run of 5 digits) and together cover most values; else undefined.
 */
export function detectSemanticByPatterns(patterns: readonly PatternShare[]): SemanticGuess | undefined {
  const phones = patterns.filter((pattern) => isPhoneShape(pattern.shape));
  const share = phones.reduce((sum, pattern) => sum + pattern.share, 0);
  if (phones.length < 2 || share < MIXTURE_MAJORITY) return undefined;
  return { type: 'phone', personal: true, confidence: Math.round(share * 1000) / 1000 };
}

/** True when a shape (no literal letter or digit) reads as a phone number. */
export function isPhoneShape(shape: string): boolean {
  let runs = 0;
  let least = 0;
  let most = 0;
  let longest = 0;
  let marked = false;
  let separators = '';
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < shape.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(shape);
    if (match === null || match.index !== at) return false;
    const token = match[0];
    if (token.startsWith('[')) {
      const low = Number(match[1] ?? 1);
      const high = Number(match[2] ?? match[1] ?? 1);
      runs++;
      least += low;
      most += high;
      longest = Math.max(longest, low);
    } else if (token === '\\(' || token === '\\)' || (token === '\\+' && at === 0)) marked = true;
    else if (token === '\\+') return false;
    else separators += token;
  }
  // Two runs split by a dot are a decimal number, not a phone.
  if (runs === 2 && separators === '\\.') return false;
  return runs >= 2 && least >= 7 && most <= 15 && (marked || longest >= LONG_RUN);
}
