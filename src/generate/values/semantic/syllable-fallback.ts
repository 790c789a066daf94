/**
 * Unique words for a vocabulary that ran out: shape-preserving syllables, written from an ordinal so that no
 * two ordinals give the same word and no word is a vocabulary entry.
 */

const ONSETS = [
  'b',
  'd',
  'f',
  'g',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'w',
  'z',
  'br',
  'st',
  'tr',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];
/** Consonants only: a syllable ends in its vowel, so the letters after the last vowel are the coda. */
const CODAS = ['', 'n', 'l', 'r', 's', 'th', 'x', 'm', 'd', 'k', 'ck', 'nd', 'rt', 'sh', 'ld', 'nn', 'tt'];

/**
 * The fallback: ordinal `f` (0 ≤ f < count) written as syllables (onset + vowel, base 100, at least enough
 * for the measured median length) and a coda; title case when the field has upper-case letters. The writing
 * is injective; a result that is a vocabulary entry walks to `f + count`, `f + 2 count`, ... (disjoint chains).
 */
export function createSyllableFallback(
  shape: { readonly median?: number | undefined; readonly classes?: readonly string[] | undefined },
  count: number,
  isKnown: (text: string) => boolean,
): (ordinal: number) => string {
  const median = shape.median ?? 6;
  const syllables = Math.max(1, Math.floor((median - 1) / 2.5));
  const classes = shape.classes ?? ['upper', 'lower'];
  const upper = classes.includes('upper');
  const lower = classes.includes('lower');
  const write = (ordinal: number) => {
    let rest = Math.floor(ordinal / CODAS.length);
    let text = '';
    for (let i = 0; i < syllables || rest > 0; i++) {
      const syllable = rest % (ONSETS.length * VOWELS.length);
      text += ONSETS[syllable % ONSETS.length]! + VOWELS[Math.floor(syllable / ONSETS.length)]!;
      rest = Math.floor(rest / (ONSETS.length * VOWELS.length));
    }
    text += CODAS[ordinal % CODAS.length]!;
    if (upper && !lower) return text.toUpperCase();
    return upper ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  };
  return (ordinal) => {
    let candidate = ordinal;
    let text = write(candidate);
    while (isKnown(text)) {
      candidate += Math.max(1, count);
      text = write(candidate);
    }
    return text;
  };
}
