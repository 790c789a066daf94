/**
 * Case styles of text values: all upper case (`ORLA`, `SILVER HARBOUR`), all lower case, title case (every
 * word capitalised, `Silver Harbour`, `O'Hara`; short words after the first may stay lower case, as in
 * `Lord of the Rings`), or mixed (`McDonald`, `iPhone`). Measured as shares of the values that have cased
 * letters; the generator follows them and `doppel validate` compares them (metric `case`).
 */

export const CASE_STYLES = ['upper', 'lower', 'title', 'mixed'] as const;
export type CaseStyle = (typeof CASE_STYLES)[number];

/** Shares of values per case style (styles never seen left out). */
export type CaseShares = Readonly<Partial<Record<CaseStyle, number>>>;

/** Words this short may stay lower case inside a title (`of`, `the`, `and`). */
const SHORT_WORD = 3;

/** 1 for an upper-case letter, 2 for a lower-case one, 0 for a character without case (at `i` of `value`). */
function letterCase(value: string, i: number): number {
  const code = value.charCodeAt(i);
  if (code < 128) return code >= 65 && code <= 90 ? 1 : code >= 97 && code <= 122 ? 2 : 0;
  const char = value[i]!;
  return char.toLowerCase() !== char ? 1 : char.toUpperCase() !== char ? 2 : 0;
}

/** The case style of `value`, or undefined when it has no cased letter. */
export function classifyCase(value: string): CaseStyle | undefined {
  let upper = 0;
  let lower = 0;
  let title = true;
  let words = 0;
  // The word being read: its letters, whether the first is upper case and whether all after it are lower.
  let wordLetters = 0;
  let wordFirstUpper = false;
  let wordRestLower = true;
  // One step past the end closes the last word.
  for (let i = 0; i <= value.length; i++) {
    const letter = i < value.length ? letterCase(value, i) : 0;
    if (letter === 0) {
      // Characters without case (digits, punctuation, spaces, uncased scripts) end a word.
      if (wordLetters > 0) {
        const capitalised = wordFirstUpper && wordRestLower;
        const shortLower = words > 0 && !wordFirstUpper && wordRestLower && wordLetters <= SHORT_WORD;
        if (!capitalised && !shortLower) title = false;
        words++;
        wordLetters = 0;
      }
      continue;
    }
    const isUpper = letter === 1;
    if (isUpper) upper++;
    else lower++;
    if (wordLetters === 0) {
      wordFirstUpper = isUpper;
      wordRestLower = true;
    } else if (isUpper) wordRestLower = false;
    wordLetters++;
  }
  if (upper === 0 && lower === 0) return undefined;
  if (lower === 0) return 'upper';
  if (upper === 0) return 'lower';
  return title ? 'title' : 'mixed';
}

/** The most frequent style of `shares` (ties: the earlier in CASE_STYLES), or undefined when empty. */
export function dominantCase(shares: CaseShares): CaseStyle | undefined {
  let best: CaseStyle | undefined;
  for (const style of CASE_STYLES)
    if ((shares[style] ?? 0) > 0 && (best === undefined || (shares[style] ?? 0) > (shares[best] ?? 0)))
      best = style;
  return best;
}

/**
 * `text` written in `style`. Mixed case keeps text that already is; other text of several words is written
 * in sentence case (`Protected audio file`); a single word stays as it is (a name would read `GrAham`).
 */
export function applyCase(text: string, style: CaseStyle): string {
  switch (style) {
    case 'upper':
      return text.toUpperCase();
    case 'lower':
      return text.toLowerCase();
    case 'title':
      return writeTitleCase(text);
    case 'mixed':
      return classifyCase(text) === 'mixed' ? text : writeMixedCase(text);
  }
}

function writeMixedCase(text: string): string {
  const lower = text.toLowerCase();
  const first = lower.search(/\p{L}/u);
  if (first < 0) return text;
  const sentence = `${lower.slice(0, first)}${lower.charAt(first).toUpperCase()}${lower.slice(first + 1)}`;
  return classifyCase(sentence) === 'mixed' ? sentence : text;
}

/**
 * Every letter that starts a word (follows the start or a non-letter) upper case, the rest lower case. ASCII
 * text, which is nearly all of it, is written by one scan instead of a regular expression with a callback per
 * word (the generator writes this for every row of a title-case field); other text takes the expression.
 */
function writeTitleCase(text: string): string {
  const lower = text.toLowerCase();
  let written = '';
  let from = 0;
  let afterLetter = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) {
      return lower.replace(
        /(^|[^\p{L}])(\p{L})/gu,
        (_, before: string, letter: string) => before + letter.toUpperCase(),
      );
    }
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (letter && !afterLetter) {
      written += lower.slice(from, i) + String.fromCharCode(lower.charCodeAt(i) - 32);
      from = i + 1;
    }
    afterLetter = letter;
  }
  return from === 0 ? lower : written + lower.slice(from);
}
