/**
 * Email addresses shaped like the measured ones: the domain drawn from the domains the profile kept (those
 * shared by at least k rows: company domains; the rest of the share goes to the locale's free email
 * providers, as people's addresses mostly are), and the local part
 * written in a measured shape (`a.a` for first.last, `a99` for flast99: letter runs, digit runs and the
 * separators between them). Names come from the pools; unique addresses take their letters from a unique
 * (first, last) pair per row index and use only shapes with two letter runs, so no row number is appended.
 */

import { mix32, type Random } from '../../../shared/random.js';
import type { FieldStats } from '../../../tasks/types.js';
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

type Token =
  | { readonly kind: 'letters' }
  | { readonly kind: 'digits'; readonly count: number }
  | {
      readonly kind: 'literal';
      readonly text: string;
    };

/** The tokens of a local-part shape (`a.a`, `a99`, `a_a9999`). */
export function parseLocalShape(shape: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < shape.length; i++) {
    const char = shape[i]!;
    if (char === 'a') tokens.push({ kind: 'letters' });
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

const letterRuns = (tokens: readonly Token[]) => tokens.filter((token) => token.kind === 'letters').length;

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
): ((random: Random, index: number) => string) & { readonly byIndex: boolean } {
  const { pools, stats } = options;
  const domains = pools.get('emailDomain');
  const pick = (random: Random, pool: readonly string[]) => pool[random.below(pool.length)] ?? '';
  const chooseDomain = createShareChooser(stats?.domains);
  const unique = options.unique;
  const shapes = (stats?.local_shapes ?? [])
    .map((entry) => ({ value: parseLocalShape(entry.value), share: entry.share }))
    .filter((entry) => !unique || letterRuns(entry.value) >= 2);
  const chooseShape = createShareChooser(shapes);
  const pairs =
    unique &&
    createUniqueNameParts(
      unique.locale,
      { classes: ['upper', 'lower', 'space'], nonAscii: false },
      unique.rows,
      unique.key,
    );
  const DEFAULT: Token[] = parseLocalShape('a.a');
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
      // A one-word fallback name (past the vocabulary) is the whole local part.
      if (sameForIndex) address = `${pairLast === '' ? pairFirst : `${pairFirst}.${pairLast}`}@${domain}`;
    }
    if (sameForIndex) return address;
    const firstName = pairs ? pairFirst : pick(random, first);
    const lastName = pairs ? pairLast : pick(random, last);
    const tokens = chooseShape(random.float()) ?? DEFAULT;
    const runs = letterRuns(tokens);
    let local = '';
    let run = 0;
    for (const token of tokens) {
      if (token.kind === 'literal') local += token.text;
      else if (token.kind === 'digits')
        for (let i = 0; i < token.count; i++) local += String(random.below(10));
      else {
        if (runs === 1) {
          const form = random.below(4);
          local +=
            form === 0
              ? firstName + lastName
              : form === 1
                ? firstName.charAt(0) + lastName
                : form === 2
                  ? firstName
                  : lastName;
        } else local += run === 0 ? firstName : run === runs - 1 ? lastName : pick(random, first);
        run++;
      }
    }
    if (tokens === DEFAULT && !pairs && random.chance(0.4)) local += String(random.below(100));
    return `${local}@${domain}`;
  };
  return Object.assign(generate, { byIndex: sameForIndex });
}
