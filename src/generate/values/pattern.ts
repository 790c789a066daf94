/**
 * Strings from regular expressions (the pattern recipe and the `other` bucket of categoricals). The shapes
 * the profiler writes (`ORD-[0-9]{6}`, `[A-Z]{3}-[0-9]{4}-[A-Z]{1,2}`, `[^0-9A-Za-z]`) are sequences of
 * literals and character classes with quantifiers: those compile once into runs of (alphabet, min, max) and
 * cost a few draws per value. Anything richer (groups, alternation, `.`, look-arounds) goes through randexp
 * driven by the same seeded stream. Compiled patterns are cached: compiling is the expensive part.
 */
import RandExp from 'randexp';
import { DoppelError } from '../../shared/errors.js';
import type { Random } from '../../shared/random.js';

export type PatternGenerator = (random: Random) => string;

/** One run of the compiled pattern: between `min` and `max` characters drawn from `alphabet`. */
export interface Run {
  readonly alphabet: string;
  readonly min: number;
  readonly max: number;
}

/** What a negated class is taken from: printable ASCII, as randexp does. */
const PRINTABLE_LOW = 0x20;
const PRINTABLE_HIGH = 0x7e;
const SURROGATE_LOW = 0xd800;
const SURROGATE_HIGH = 0xdfff;
const DIGITS = '0123456789';
const WORD = `${DIGITS}ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const SPACE = ' \t\n\r\f\v';

/** Thrown inside the parser when a pattern needs randexp; never escapes this file. */
class NotSimple extends Error {}

/** Code points `[low, high]` as a string, surrogates left out (they would not survive UTF-8). */
function expandRange(low: number, high: number): string {
  let text = '';
  for (let code = low; code <= high; code++) {
    if (code < SURROGATE_LOW || code > SURROGATE_HIGH) text += String.fromCharCode(code);
  }
  return text;
}

function complement(alphabet: string): string {
  let text = '';
  for (let code = PRINTABLE_LOW; code <= PRINTABLE_HIGH; code++) {
    const char = String.fromCharCode(code);
    if (!alphabet.includes(char)) text += char;
  }
  return text;
}

/** A small recursive-descent reader over the pattern text. */
class PatternReader {
  position = 0;

  constructor(private readonly source: string) {}

  get done(): boolean {
    return this.position >= this.source.length;
  }

  peek(): string {
    return this.source[this.position] ?? '';
  }

  take(): string {
    const char = this.source[this.position] ?? '';
    this.position++;
    return char;
  }

  /** An escape after `\`: a class shorthand (as its alphabet) or one literal character. */
  readEscape(): { readonly alphabet: string } | { readonly char: string } {
    const char = this.take();
    switch (char) {
      case 'd':
        return { alphabet: DIGITS };
      case 'w':
        return { alphabet: WORD };
      case 's':
        return { alphabet: SPACE };
      case 'D':
        return { alphabet: complement(DIGITS) };
      case 'W':
        return { alphabet: complement(WORD) };
      case 'S':
        return { alphabet: complement(SPACE) };
      case 't':
        return { char: '\t' };
      case 'n':
        return { char: '\n' };
      case 'r':
        return { char: '\r' };
      case 'f':
        return { char: '\f' };
      case 'v':
        return { char: '\v' };
      case 'x':
        return { char: String.fromCharCode(this.readHex(2)) };
      case 'u':
        return { char: String.fromCharCode(this.readHex(4)) };
      default:
        // Back-references, word boundaries and control escapes need the real engine.
        if (char === '' || /[0-9bBcpPk]/.test(char)) throw new NotSimple();
        return { char };
    }
  }

  private readHex(width: number): number {
    const digits = this.source.slice(this.position, this.position + width);
    if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== width) throw new NotSimple();
    this.position += width;
    return Number.parseInt(digits, 16);
  }

  /** A class body after `[` up to and including `]`, as its alphabet. */
  readClass(): string {
    const negated = this.peek() === '^';
    if (negated) this.take();
    let alphabet = '';
    while (true) {
      if (this.done) throw new NotSimple();
      let char = this.take();
      // In JavaScript a `]` always closes the class (`[]` matches nothing).
      if (char === ']') break;
      if (char === '[') throw new NotSimple();
      if (char === '\\') {
        const escaped = this.readEscape();
        if ('alphabet' in escaped) {
          alphabet += escaped.alphabet;
          continue;
        }
        char = escaped.char;
      }
      if (
        this.peek() === '-' &&
        this.source[this.position + 1] !== ']' &&
        this.position + 1 < this.source.length
      ) {
        this.take();
        let end = this.take();
        if (end === '\\') {
          const escaped = this.readEscape();
          if ('alphabet' in escaped) throw new NotSimple();
          end = escaped.char;
        }
        const low = char.charCodeAt(0);
        const high = end.charCodeAt(0);
        if (high < low) throw new NotSimple();
        alphabet += expandRange(low, high);
      } else {
        alphabet += char;
      }
    }
    const unique = [...new Set(alphabet)].join('');
    return negated ? complement(unique) : unique;
  }

  /** A quantifier after an atom, or exactly one; unbounded repeats are capped at `min + maxRepeat`. */
  readQuantifier(maxRepeat: number): { readonly min: number; readonly max: number } {
    const char = this.peek();
    let bounds: { min: number; max: number };
    if (char === '?') bounds = { min: 0, max: 1 };
    else if (char === '*') bounds = { min: 0, max: maxRepeat };
    else if (char === '+') bounds = { min: 1, max: 1 + maxRepeat };
    else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.position));
      if (!match) return { min: 1, max: 1 };
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] === '' ? min + maxRepeat : Number(match[3]);
      if (max < min) throw new NotSimple();
      this.position += match[0].length - 1;
      bounds = { min, max };
    } else return { min: 1, max: 1 };
    this.take();
    // Lazy and possessive markers change matching, not what can be generated.
    if (this.peek() === '?') this.take();
    return bounds;
  }
}

/** The runs of a pattern built from literals and classes only, or undefined when randexp is needed. */
export function compileSimplePattern(pattern: string, maxRepeat: number): readonly Run[] | undefined {
  const reader = new PatternReader(pattern);
  const runs: Run[] = [];
  try {
    if (reader.peek() === '^') reader.take();
    while (!reader.done) {
      const char = reader.take();
      let alphabet: string;
      if (char === '$' && reader.done) break;
      if ('()|.^$*+?{}'.includes(char)) {
        // A `{` that does not open a quantifier is a literal for RegExp; keep the rare case on randexp.
        throw new NotSimple();
      }
      if (char === '[') alphabet = reader.readClass();
      else if (char === '\\') {
        const escaped = reader.readEscape();
        alphabet = 'alphabet' in escaped ? escaped.alphabet : escaped.char;
      } else alphabet = char;
      const { min, max } = reader.readQuantifier(maxRepeat);
      if (alphabet === '') {
        if (min > 0) throw new NotSimple();
        continue;
      }
      runs.push({ alphabet, min, max });
    }
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
  return runs;
}

function createRunGenerator(runs: readonly Run[]): PatternGenerator {
  return (random) => {
    let text = '';
    for (const run of runs) {
      const count = run.min === run.max ? run.min : run.min + random.below(run.max - run.min + 1);
      const alphabet = run.alphabet;
      if (alphabet.length === 1) text += count === 1 ? alphabet : alphabet.repeat(count);
      else for (let i = 0; i < count; i++) text += alphabet[random.below(alphabet.length)];
    }
    return text;
  };
}

function createRandExpGenerator(pattern: string, maxRepeat: number): PatternGenerator {
  let expression: RandExp;
  try {
    expression = new RandExp(new RegExp(pattern));
  } catch (error) {
    throw new DoppelError('invalidInput', `The pattern /${pattern}/ is not a valid regular expression.`, {
      cause: error,
    });
  }
  let current: Random | undefined;
  expression.max = maxRepeat;
  // randexp draws every choice through randInt: route it to the seeded stream of the current value.
  expression.randInt = (low: number, high: number) => low + (current?.below(high - low + 1) ?? 0);
  return (random) => {
    current = random;
    const text = expression.gen();
    current = undefined;
    return text;
  };
}

const cache = new Map<string, PatternGenerator>();

/** A generator of strings matching `pattern`; unbounded repeats are capped at `maxRepeat`. */
export function createPatternGenerator(pattern: string, maxRepeat = 16): PatternGenerator {
  const key = `${maxRepeat}\u0000${pattern}`;
  const cached = cache.get(key);
  if (cached) return cached;
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new DoppelError('invalidInput', `The pattern /${pattern}/ is not a valid regular expression.`, {
      cause: error,
    });
  }
  const runs = compileSimplePattern(pattern, maxRepeat);
  const generator = runs ? createRunGenerator(runs) : createRandExpGenerator(pattern, maxRepeat);
  cache.set(key, generator);
  return generator;
}
