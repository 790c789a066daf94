/**
 * Email addresses shaped like the measured ones: the domain drawn from the domains the profile kept (those
 * shared by at least k rows: company domains; the rest of the share goes to the locale's free email
 * providers, as people's addresses mostly are), and the local part
 * written in a measured shape (`a.a` for first.last, `a99` for flast99: letter runs, digit runs and the
 * separators between them). Names come from the pools. Unique addresses are unique by construction: a shape
 * with two letter runs takes them from a unique (first, last) pair per row index; a shape with one letter run
 * (`a999999`: user123456, `a99`: jsmith12) writes a permutation of the row index in its digits (a measured
 * run of six digits stands for six or more, so it widens for more rows), and where the digits number fewer
 * rows than there are, each block of rows takes a last name of its own for its letters. The shape of an
 * address follows from the address, so addresses of two shapes never meet.
 */

import { mix32, type Random } from '../../../shared/random.js';
import type { FieldStats } from '../../../tasks/types.js';
import { createPermutation, foldIndex, type Permutation } from '../permutation.js';
import type { Pools } from './pools.js';
import { createUniqueNameParts } from './unique-vocabulary.js';

/** Shares drawn from: kept entries first, the rest of the mass goes to `undefined` (the generator's own). */
function createShareChooser<T>(
  entries: readonly { readonly value: T; readonly share: number }[] | undefined,
): (u: number) => T | undefined {
  if (entries === undefined || entries.length === 0) return () => undefined;
  return (uniform) => {
    let u = uniform;
    for (const entry of entries) {
      u -= entry.share;
      if (u < 0) return entry.value;
    }
    return undefined;
  };
}

/** How a letter run is written: as the name is, or in upper, lower or title case (a measured `A`, `a`, `Aa`). */
type LetterCase = 'upper' | 'lower' | 'title';

type Token =
  | { readonly kind: 'letters'; readonly case?: LetterCase }
  | { readonly kind: 'digits'; readonly count: number }
  | {
      readonly kind: 'literal';
      readonly text: string;
    };

/**
 * The tokens of a local-part shape (`a.a`, `a99`, `A_A9999`, `Aa.Aa`). When `cased` (some shape of the field
 * has a capital), every letter run is written in its measured case; otherwise as the names are, and the
 * field's measured case style applies to the whole address.
 */
export function parseLocalShape(shape: string, cased = false): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < shape.length; i++) {
    const char = shape[i]!;
    if (char === 'a') tokens.push(cased ? { kind: 'letters', case: 'lower' } : { kind: 'letters' });
    else if (char === 'A' && shape[i + 1] === 'a') {
      tokens.push({ kind: 'letters', case: 'title' });
      i++;
    } else if (char === 'A') tokens.push({ kind: 'letters', case: 'upper' });
    else if (char === '9') {
      let count = 1;
      while (shape[i + 1] === '9') {
        count++;
        i++;
      }
      tokens.push({ kind: 'digits', count });
    } else tokens.push({ kind: 'literal', text: char });
  }
  return tokens;
}

/**
 * A local-part shape to write. A unique field's shape of one letter run tells rows apart by `indexed`: its
 * digits carry a permutation of the row index within a block of 10^digits rows, its letters (a name of their
 * own per block, when there is more than one block) the block.
 */
interface LocalShape {
  readonly tokens: readonly Token[];
  readonly indexed?: {
    readonly widths: readonly number[];
    /** The permutation of the digits' values, over [0, 10^width). */
    readonly digits: Permutation;
    readonly width: number;
    readonly blocks: number;
  };
}

const letterRuns = (tokens: readonly Token[]) => tokens.filter((token) => token.kind === 'letters').length;

/** Digits of a measured run that stand for that many or more (describeLocalShape caps runs at six). */
const CAPPED_RUN = 6;
/** Digits a permuted row index may take at most (10^15 is below 2^52, the permutations' limit). */
const MAX_INDEX_DIGITS = 15;

/**
 * The widths of the digit runs of a one-letter-run shape, its first capped run widened until its digits can
 * number `rows` rows (up to MAX_INDEX_DIGITS); undefined for a shape without digits or with other letter runs.
 */
export function indexDigitWidths(tokens: readonly Token[], rows: number): number[] | undefined {
  if (letterRuns(tokens) !== 1) return undefined;
  const widths = tokens.flatMap((token) => (token.kind === 'digits' ? [token.count] : []));
  if (widths.length === 0) return undefined;
  let total = widths.reduce((sum, width) => sum + width, 0);
  const capped = widths.indexOf(CAPPED_RUN);
  if (capped >= 0) for (; 10 ** total < rows && total < MAX_INDEX_DIGITS; total++) widths[capped]!++;
  return total <= MAX_INDEX_DIGITS ? widths : undefined;
}

/** The distinct names of `pool` that are letters alone, in lower case (a unique shape's block names). */
function distinctLetterNames(pool: readonly string[]): string[] {
  return [...new Set(pool.map((name) => name.toLowerCase()))].filter((name) => /^[a-z]+$/.test(name));
}

export interface EmailOptions {
  readonly pools: Pools;
  readonly stats?: FieldStats;
  /** Unique addresses for this many rows (with the stream key of the field). */
  readonly unique?: { readonly rows: number; readonly key: number; readonly locale?: string };
  readonly fold: (pool: readonly string[]) => readonly string[];
  /** The field's stream key: the domain is drawn from a hash of it and the row index, apart from the stream. */
  readonly key?: number;
}

/**
 * An email generator: `(random, index) => address`; `byIndex` when every address depends on the row index
 * alone (unique names and no measured shape of two letter runs), so redrawing one gives it again.
 */
export function createEmailGenerator(
  options: EmailOptions,
): ((random: Random, index: number) => string) & { readonly byIndex: boolean; readonly ownCase: boolean } {
  const { pools, stats } = options;
  const domains = pools.get('emailDomain');
  const pick = (random: Random, pool: readonly string[]) => pool[random.below(pool.length)] ?? '';
  const chooseDomain = createShareChooser(stats?.domains);
  const unique = options.unique;
  // Unique addresses keep the shapes that can tell rows apart: two letter runs (a unique name pair per row)
  // or one letter run whose digits, with a name per block of rows, number the rows.
  const blockNames = unique ? distinctLetterNames(options.fold(pools.get('lastName'))) : [];
  // Shapes with capitals say how every run is cased: the addresses are then written in them, not in a style.
  const cased = (stats?.local_shapes ?? []).some((entry) => entry.value.includes('A'));
  const shapes = (stats?.local_shapes ?? []).flatMap((entry): { value: LocalShape; share: number }[] => {
    const tokens = parseLocalShape(entry.value, cased);
    if (!unique || letterRuns(tokens) >= 2) return [{ value: { tokens }, share: entry.share }];
    const widths = indexDigitWidths(tokens, unique.rows);
    if (widths === undefined) return [];
    const width = widths.reduce((sum, run) => sum + run, 0);
    const size = 10 ** width;
    const blocks = Math.ceil(unique.rows / size);
    if (blocks > 1 && blocks > blockNames.length) return [];
    const digits = createPermutation(size, unique.key ^ mix32(size));
    return [{ value: { tokens, indexed: { widths, digits, width, blocks } }, share: entry.share }];
  });
  const blockOrder = createPermutation(blockNames.length, (unique?.key ?? 0) ^ 0x5bd1e995);
  const chooseShape = createShareChooser(shapes);
  const pairs =
    unique &&
    createUniqueNameParts(
      unique.locale,
      { classes: ['upper', 'lower', 'space'], nonAscii: false },
      unique.rows,
      unique.key,
    );
  const DEFAULT: LocalShape = { tokens: parseLocalShape('a.a') };
  const key = options.key ?? 0;
  // What depends on the row index alone (a unique row's names, the domain) is kept for the index's redraws:
  // a caller fitting lengths draws several addresses for one index.
  // With unique names and no measured shape of two letter runs, every address is `first.last@domain`: one
  // per index, kept whole.
  const sameForIndex = Boolean(pairs) && shapes.length === 0;
  // The pools' names, folded to ASCII, where an address takes a name from them.
  const first = sameForIndex ? [] : options.fold(pools.get('firstName'));
  const last = pairs ? [] : options.fold(pools.get('lastName'));
  let lastIndex = Number.NaN;
  let pairFirst = '';
  let pairLast = '';
  let domain = '';
  let address = '';
  let shape = DEFAULT;
  const generate = (random: Random, index: number) => {
    if (index !== lastIndex) {
      lastIndex = index;
      if (pairs) {
        const [firstPart, lastPart] = pairs(index);
        pairFirst = firstPart.toLowerCase();
        pairLast = lastPart.toLowerCase();
      }
      // The domain depends on the row alone, so a caller fitting lengths over redraws keeps the domain shares.
      const u = mix32(key ^ Math.imul(index + 1, 0x85ebca6b)) / 2 ** 32;
      domain = chooseDomain(u) ?? domains[Math.floor(((u * 2 ** 16) % 1) * domains.length)] ?? '';
      // So is the shape: redraws fit the length with other names, not by trading one shape for another.
      shape = chooseShape(mix32(key ^ Math.imul(index + 1, 0x27d4eb2f)) / 2 ** 32) ?? DEFAULT;
      // A one-word fallback name (past the vocabulary) is the whole local part.
      if (sameForIndex) address = `${pairLast === '' ? pairFirst : `${pairFirst}.${pairLast}`}@${domain}`;
    }
    if (sameForIndex) return address;
    const firstName = pairs ? pairFirst : pick(random, first);
    const lastName = pairs ? pairLast : pick(random, last);
    const { tokens, indexed } = shape;
    const runs = letterRuns(tokens);
    // A unique one-letter-run shape: the row's place in its block, permuted, fills the digits; a name of the
    // block's own (with an initial) is the letters when there is more than one block.
    let digits = '';
    let blockLetters = '';
    if (indexed) {
      // Indexes past the rows (probes of respect-existing) wrap, as the unique name pairs do.
      const size = indexed.digits.size;
      digits = String(indexed.digits.apply(foldIndex(index, size))).padStart(indexed.width, '0');
      const block = foldIndex(Math.floor(index / size), indexed.blocks);
      if (indexed.blocks > 1)
        blockLetters = pick(random, blockNames).charAt(0) + blockNames[blockOrder.apply(block)]!;
    }
    let local = '';
    let run = 0;
    let digitRun = 0;
    for (const token of tokens) {
      if (token.kind === 'literal') local += token.text;
      else if (token.kind === 'digits') {
        if (indexed) {
          const width = indexed.widths[digitRun++]!;
          local += digits.slice(0, width);
          digits = digits.slice(width);
        } else for (let i = 0; i < token.count; i++) local += String(random.below(10));
      } else {
        let letters: string;
        if (blockLetters !== '') letters = blockLetters;
        else if (runs === 1) {
          const form = random.below(4);
          letters =
            form === 0
              ? firstName + lastName
              : form === 1
                ? firstName.charAt(0) + lastName
                : form === 2
                  ? firstName
                  : lastName;
        } else letters = run === 0 ? firstName : run === runs - 1 ? lastName : pick(random, first);
        local += token.case === undefined ? letters : writeCase(letters, token.case);
        run++;
      }
    }
    if (shape === DEFAULT && !pairs && random.chance(0.4)) local += String(random.below(100));
    return `${local}@${domain}`;
  };
  return Object.assign(generate, { byIndex: sameForIndex, ownCase: cased });
}

function writeCase(letters: string, style: LetterCase): string {
  if (style === 'upper') return letters.toUpperCase();
  const lower = letters.toLowerCase();
  return style === 'lower' ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
}
