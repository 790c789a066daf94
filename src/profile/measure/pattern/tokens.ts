/**
 * Splitting a string into shape tokens, and writing tokens back as regular-expression text.
 *
 * A token is either a run of word characters (digits, ASCII letters, non-ASCII characters) or one literal
 * character (space, punctuation, control). Two granularities: `fine` splits runs by character kind
 * (`ABC123` → upper run, digit run), `coarse` keeps one run for any mix of word characters (`3fa85f64` → one
 * run), which is what generalises hex identifiers and mixed codes. Tokenizing writes into preallocated typed
 * arrays, so the per-value hot path allocates nothing.
 */

/** Token kinds: runs are 1..4; a literal character `c` is LITERAL_BASE + c. */
export const KIND_DIGIT = 1;
export const KIND_UPPER = 2;
export const KIND_LOWER = 3;
export const KIND_OTHER = 4;
/** Coarse runs: any mix of the four run kinds. */
export const KIND_WORD = 5;
export const LITERAL_BASE = 16;

/** Character-class bits seen inside a run token. */
export const MASK_DIGIT = 1;
export const MASK_UPPER_HEX = 2;
export const MASK_UPPER_OTHER = 4;
export const MASK_LOWER_HEX = 8;
export const MASK_LOWER_OTHER = 16;
export const MASK_OTHER = 32;

/** Longest value worth a shape, and most tokens a shape may have: longer values are counted, not shaped. */
export const MAX_SHAPED_LENGTH = 256;
export const MAX_TOKENS = 32;

export type Granularity = 'fine' | 'coarse';

/** Scratch output of {@link tokenize}: token i spans `starts[i]` for `lengths[i]` code units. */
export interface TokenBuffer {
  readonly kinds: Int32Array;
  readonly starts: Int32Array;
  readonly lengths: Int32Array;
  readonly masks: Int32Array;
}

/** A buffer for up to MAX_TOKENS tokens. */
export function createTokenBuffer(): TokenBuffer {
  return {
    kinds: new Int32Array(MAX_TOKENS),
    starts: new Int32Array(MAX_TOKENS),
    lengths: new Int32Array(MAX_TOKENS),
    masks: new Int32Array(MAX_TOKENS),
  };
}

/** The run kind of a code unit, or 0 when it is a literal character. */
export function runKindOf(code: number): number {
  if (code >= 48 && code <= 57) return KIND_DIGIT;
  if (code >= 65 && code <= 90) return KIND_UPPER;
  if (code >= 97 && code <= 122) return KIND_LOWER;
  if (code > 127) return KIND_OTHER;
  return 0;
}

function maskOf(code: number, kind: number): number {
  switch (kind) {
    case KIND_DIGIT:
      return MASK_DIGIT;
    case KIND_UPPER:
      return code <= 70 ? MASK_UPPER_HEX : MASK_UPPER_OTHER;
    case KIND_LOWER:
      return code <= 102 ? MASK_LOWER_HEX : MASK_LOWER_OTHER;
    default:
      return MASK_OTHER;
  }
}

/**
 * Splits `value` into tokens at `granularity`, writing them into `buffer`. Returns the number of tokens, or -1
 * when the value has more than MAX_TOKENS.
 */
export function tokenize(value: string, granularity: Granularity, buffer: TokenBuffer): number {
  const { kinds, starts, lengths, masks } = buffer;
  const coarse = granularity === 'coarse';
  let count = 0;
  let currentKind = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const run = runKindOf(code);
    const kind = run === 0 ? LITERAL_BASE + code : coarse ? KIND_WORD : run;
    if (run !== 0 && kind === currentKind) {
      lengths[count - 1]!++;
      masks[count - 1]! |= maskOf(code, run);
      continue;
    }
    if (count === MAX_TOKENS) return -1;
    kinds[count] = kind;
    starts[count] = i;
    lengths[count] = 1;
    masks[count] = run === 0 ? 0 : maskOf(code, run);
    count++;
    currentKind = run === 0 ? 0 : kind;
  }
  return count;
}

/**
 * Writes into `coarse` the coarse tokens of a value whose `count` fine tokens are in `fine` (runs next to each
 * other become one word run), as `tokenize` at `coarse` granularity would, without reading the value again.
 * Returns their number.
 */
export function coarsenTokens(fine: TokenBuffer, count: number, coarse: TokenBuffer): number {
  let written = 0;
  let inRun = false;
  for (let i = 0; i < count; i++) {
    const kind = fine.kinds[i]!;
    if (kind < LITERAL_BASE && inRun) {
      coarse.lengths[written - 1]! += fine.lengths[i]!;
      coarse.masks[written - 1]! |= fine.masks[i]!;
      continue;
    }
    inRun = kind < LITERAL_BASE;
    coarse.kinds[written] = inRun ? KIND_WORD : kind;
    coarse.starts[written] = fine.starts[i]!;
    coarse.lengths[written] = fine.lengths[i]!;
    coarse.masks[written] = fine.masks[i]!;
    written++;
  }
  return written;
}

/** A hash of the token kinds: the key a shape is stored under. */
export function hashKinds(kinds: Int32Array, count: number): number {
  let hash = 0x811c9dc5 ^ count;
  for (let i = 0; i < count; i++) hash = Math.imul(hash ^ kinds[i]!, 0x01000193);
  return hash >>> 0;
}

/** A regular-expression character class for the characters a run has shown. */
export function renderClass(mask: number): string {
  // Hex letters only narrow the class when digits are mixed in: a run of letters a-f alone is just a word.
  const hex = (mask & MASK_DIGIT) !== 0;
  let parts = '';
  if (mask & MASK_DIGIT) parts += '0-9';
  if (mask & MASK_UPPER_OTHER || (mask & MASK_UPPER_HEX && !hex)) parts += 'A-Z';
  else if (mask & MASK_UPPER_HEX) parts += 'A-F';
  if (mask & MASK_LOWER_OTHER || (mask & MASK_LOWER_HEX && !hex)) parts += 'a-z';
  else if (mask & MASK_LOWER_HEX) parts += 'a-f';
  if (mask & MASK_OTHER) parts += '\\u0080-\\uffff';
  return `[${parts}]`;
}

/** The class a literal character falls back to when too few values share it. */
export const GENERALISED_LITERAL = '[^0-9A-Za-z]';

/** `{n}` / `{min,max}` / nothing for exactly one. */
export function renderQuantifier(min: number, max: number): string {
  if (min === max) return min === 1 ? '' : `{${min}}`;
  return `{${min},${max}}`;
}

/** `text` as regular-expression source that matches it literally. */
export function escapeLiteral(text: string): string {
  let result = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127) result += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ('\\^$.*+?()[]{}|/'.includes(text[i]!)) result += `\\${text[i]}`;
    else result += text[i];
  }
  return result;
}
