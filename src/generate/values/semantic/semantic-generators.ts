/**
 * One generator per semantic type (keyed by SEMANTIC_TYPES, so none can be missing). Values are composed from
 * seeded pools with the fast PRNG. When `unique` is set, the row index is woven into the value (phone
 * subscriber number, card payload, ...; emails take a unique name pair instead) so that uniqueness holds by construction and the value
 * stays valid (checksums are computed after).
 */
import type { SemanticType } from '../../../catalog/semantic-types.js';
import type { Value } from '../../../catalog/values.js';
import type { Random } from '../../../shared/random.js';
import type { FieldStats } from '../../../tasks/types.js';
import { createPermutation, foldIndex } from '../permutation.js';
import { composeIban, computeLuhnDigit } from './checksums.js';
import { createEmailGenerator } from './email.js';
import { createShapedPhone } from './phone-formats.js';
import type { PoolName, Pools } from './pools.js';
import { createShapedPostalCode } from './postal-formats.js';
import { createUniquePhone } from './unique-phone.js';

/**
 * Draws one semantic value for the row at `index`; `unique` asks for a value no other index gets. `byIndex`
 * marks a generator whose value depends on the row index alone: redraws give it again; `ownCase` one that
 * writes its values in their measured case itself (email local parts of cased shapes), which the field's case
 * style must not overwrite.
 */
export type SemanticGenerator = ((random: Random, index: number, unique: boolean) => Value) & {
  readonly byIndex?: boolean;
  readonly ownCase?: boolean;
};

export interface SemanticContext {
  readonly pools: Pools;
  /** The measured length distribution, for types whose length is free (free text). */
  readonly length?: (random: Random) => number;
  /** The field's measured stats (email domains and local-part shapes). */
  readonly stats?: FieldStats;
  /** The field's stream key. */
  readonly key?: number;
  /** Set when values must be unique: the row index space, the field's stream key and the locale. */
  readonly unique?: { readonly rows: number; readonly key: number; readonly locale?: string };
  /** Full addresses measured over several lines (`SemanticTask.lines`). */
  readonly lines?: boolean;
}

const HEX = '0123456789abcdef';
const LANGUAGES =
  'en de fr es it pt nl sv da fi no pl cs sk hu ro bg el tr ru uk ar he hi bn ja ko zh vi th id ms tl sw fa ur ta te mr'.split(
    ' ',
  );
const PHONE_PREFIXES = ['+1', '+44', '+49', '+33', '+34', '+39', '+31', '+61', '+81', '+46'];
const HASH_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function pick(random: Random, pool: readonly string[]): string {
  return pool[random.below(pool.length)] ?? '';
}

/** `count` characters drawn from `alphabet`. */
function chars(random: Random, alphabet: string, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += alphabet[random.below(alphabet.length)];
  return text;
}

function digits(random: Random, count: number): string {
  return chars(random, '0123456789', count);
}

function hexBytes(random: Random, count: number, separator: string): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const byte = random.below(256);
    parts.push(HEX[byte >> 4]! + HEX[byte & 15]!);
  }
  return parts.join(separator);
}

const foldedPools = new WeakMap<readonly string[], readonly string[]>();

/** The pool with every entry ascii-folded, computed once per pool. */
function foldPool(pool: readonly string[]): readonly string[] {
  let folded = foldedPools.get(pool);
  if (!folded) {
    folded = pool.map(asciiFold);
    foldedPools.set(pool, folded);
  }
  return folded;
}

/** Lower-case ASCII letters and digits only: for email local parts and user names. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A version-4 UUID from four draws (the first draw is distinct per row index). */
export function generateUuidV4(random: Random): string {
  const a = random.next();
  const b = random.next();
  const c = random.next();
  const d = random.next();
  const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(0x4000 | (b & 0x0fff), 4)}-${hex(0x8000 | (c >>> 18), 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
}

/**
 * Words from the pool joined into roughly `length` characters of lorem-like text. `plain` text (a field
 * measured with letters only: language names, single-word labels) is one run of letters, capitalized, with no
 * space and no closing period.
 */
export function composeText(random: Random, words: readonly string[], length: number, plain = false): string {
  if (length <= 0) return '';
  let text = '';
  if (plain) {
    while (text.length < length) text += pick(random, words);
    return text.charAt(0).toUpperCase() + text.slice(1, length);
  }
  while (text.length < length) {
    const word = pick(random, words);
    text = text === '' ? word.charAt(0).toUpperCase() + word.slice(1) : `${text} ${word}`;
  }
  text = text.slice(0, length).trimEnd();
  return text.length < length - 1 ? text : `${text.slice(0, Math.max(0, length - 1))}.`;
}

function drawFrom(pool: readonly string[]): SemanticGenerator {
  return (random, index, unique) => (unique ? `${pick(random, pool)} ${index + 1}` : pick(random, pool));
}

function fromPool(name: PoolName) {
  return (context: SemanticContext): SemanticGenerator => drawFrom(context.pools.get(name));
}

export const SEMANTIC_GENERATORS: {
  readonly [S in SemanticType]: (context: SemanticContext) => SemanticGenerator;
} = {
  email: ({ pools, stats, unique, key }) =>
    createEmailGenerator({
      pools,
      fold: foldPool,
      ...(key === undefined ? {} : { key }),
      ...(stats ? { stats } : {}),
      ...(unique ? { unique } : {}),
    }),
  phone: ({ unique: distinct, length, stats }) => {
    const uniquePhone =
      distinct &&
      createUniquePhone({
        rows: distinct.rows,
        key: distinct.key,
        ...(length ? { length } : {}),
        ...(stats?.classes ? { classes: stats.classes } : {}),
      });
    // With measured character classes, numbers are written in a layout those classes and lengths allow.
    const shaped = stats?.classes && createShapedPhone(stats.classes, length, PHONE_PREFIXES);
    return (random, index, unique) => {
      if (unique && uniquePhone) return uniquePhone(random, index);
      if (!unique && shaped) return shaped(random);
      const prefix = PHONE_PREFIXES[random.below(PHONE_PREFIXES.length)]!;
      if (!unique) return `${prefix}${random.between(2, 9)}${digits(random, 9)}`;
      return `+1${String(index).padStart(10, '0').replace(/^0/, '2')}`;
    };
  },
  'person.first_name': fromPool('firstName'),
  'person.last_name': fromPool('lastName'),
  'person.full_name': ({ pools }) => {
    const first = pools.get('firstName');
    const last = pools.get('lastName');
    return (random, index, unique) =>
      `${pick(random, first)} ${pick(random, last)}${unique ? ` ${index + 1}` : ''}`;
  },
  'address.street': ({ pools }) => {
    const streets = pools.get('street');
    return (random, index, unique) =>
      `${unique ? index + 1 : random.chance(0.9) ? random.between(1, 999) : random.between(1000, 9999)} ${pick(random, streets)}`;
  },
  // The street line, then city, state code and postal code: on a line of their own where the measured values
  // were (`lines`), else after a comma.
  // Unique ones take their house number from a permutation of the rows (distinct, in no visible order).
  'address.full': ({ pools, lines, unique: distinct }) => {
    const streets = pools.get('street');
    const cities = pools.get('city');
    const states = pools.get('stateCode');
    const codes = pools.get('postalCode');
    const separator = lines === true ? '\n' : ', ';
    const houses = distinct && createPermutation(distinct.rows, distinct.key);
    return (random, index, unique) => {
      const number = unique
        ? (houses ? houses.apply(foldIndex(index, houses.size)) : index) + 1
        : random.chance(0.9)
          ? random.between(1, 999)
          : random.between(1000, 9999);
      const state = states.length > 0 ? `${pick(random, states)} ` : '';
      return `${number} ${pick(random, streets)}${separator}${pick(random, cities)}, ${state}${pick(random, codes)}`;
    };
  },
  'address.city': fromPool('city'),
  'address.postal_code': ({ pools, stats, length }) => {
    const codes = pools.get('postalCode');
    // Codes measured with letters, spaces or dashes are written in a national layout those allow.
    const classes = stats?.classes ?? [];
    const shaped = classes.some((name) => name !== 'digit')
      ? createShapedPostalCode(classes, length)
      : undefined;
    return (random, index, unique) =>
      unique ? String(index).padStart(5, '0') : shaped ? shaped(random) : pick(random, codes);
  },
  'address.country_code': fromPool('countryCode'),
  'address.country': fromPool('country'),
  // A column of two-letter codes (CA, NY) measured at three characters at most gets codes, not state names,
  // of the measured lengths where the locale has such codes (a locale's codes mix two and three letters).
  'address.state': (context) => {
    const length = context.stats?.length;
    if ((length?.p95 ?? Number.POSITIVE_INFINITY) > 3) return fromPool('state')(context);
    const codes = context.pools.get('stateCode');
    const fitting = codes.filter(
      (code) => code.length >= (length?.min ?? 0) && code.length <= (length?.max ?? Number.POSITIVE_INFINITY),
    );
    return drawFrom(fitting.length > 0 ? fitting : codes);
  },
  company: fromPool('company'),
  credit_card: () => (random, index, unique) => {
    const issuer = random.chance(0.6) ? '4' : `5${random.between(1, 5)}`;
    const body = unique
      ? String(index).padStart(15 - issuer.length, '0')
      : digits(random, 15 - issuer.length);
    const payload = `${issuer}${body}`;
    return `${payload}${computeLuhnDigit(payload)}`;
  },
  iban: () => (random, index, unique) => {
    if (random.chance(0.5)) {
      const account = unique ? String(index).padStart(10, '0') : digits(random, 10);
      return composeIban('DE', `${digits(random, 8)}${account}`);
    }
    const bank = String.fromCharCode(
      65 + random.below(26),
      65 + random.below(26),
      65 + random.below(26),
      65 + random.below(26),
    );
    return composeIban('NL', `${bank}${unique ? String(index).padStart(10, '0') : digits(random, 10)}`);
  },
  national_id: () => (random, index, unique) => {
    if (unique) {
      const area = 1 + (Math.floor(index / 980_000) % 665);
      const rest = index % 980_000;
      return `${String(area).padStart(3, '0')}-${String(1 + Math.floor(rest / 9999)).padStart(2, '0')}-${String(1 + (rest % 9999)).padStart(4, '0')}`;
    }
    let area = random.between(1, 899);
    if (area === 666) area = 667;
    return `${String(area).padStart(3, '0')}-${String(random.between(1, 99)).padStart(2, '0')}-${String(random.between(1, 9999)).padStart(4, '0')}`;
  },
  ipv4: () => (random, index, unique) => {
    if (unique) {
      const value = (0x0b000000 + index) >>> 0;
      return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
    }
    return `${random.between(11, 223)}.${random.below(256)}.${random.below(256)}.${random.between(1, 254)}`;
  },
  ipv6: () => (random, index, unique) => {
    const groups = ['2001', 'db8'];
    for (let i = 0; i < 6; i++) groups.push(random.below(65536).toString(16));
    if (unique) {
      groups[6] = Math.floor(index / 65536).toString(16);
      groups[7] = (index % 65536).toString(16);
    }
    return groups.join(':');
  },
  mac: () => (random, index, unique) => {
    if (!unique) return hexBytes(random, 6, ':');
    const tail = index.toString(16).padStart(8, '0').slice(-8);
    return `02:00:${tail.slice(0, 2)}:${tail.slice(2, 4)}:${tail.slice(4, 6)}:${tail.slice(6, 8)}`;
  },
  url: ({ pools }) => {
    const domains = pools.get('domain');
    const words = pools.get('word');
    return (random, index, unique) =>
      `https://www.${pick(random, domains)}/${asciiFold(pick(random, words))}/${unique ? index + 1 : asciiFold(pick(random, words))}`;
  },
  uuid: () => (random) => generateUuidV4(random),
  currency_code: fromPool('currencyCode'),
  language_code: () => (random) => LANGUAGES[random.below(LANGUAGES.length)]!,
  free_text: ({ pools, length }) => {
    const words = pools.get('word');
    return (random) => composeText(random, words, length ? length(random) : random.between(20, 140));
  },
  json: ({ pools }) => {
    const words = pools.get('word');
    return (random, index) => ({ id: index + 1, name: pick(random, words), score: random.below(1000) / 10 });
  },
  username: ({ pools }) => {
    const first = foldPool(pools.get('firstName'));
    const last = foldPool(pools.get('lastName'));
    return (random, index, unique) => {
      const name = `${pick(random, first)}${random.chance(0.5) ? '_' : ''}${pick(random, last).slice(0, 6)}`;
      return unique ? `${name}${index + 1}` : random.chance(0.5) ? `${name}${random.below(1000)}` : name;
    };
  },
  // Digests measured as hex (digits and one case of letters: MD5, SHA-1, SHA-256) at their measured length;
  // otherwise bcrypt.
  password_hash: ({ stats }) => {
    const classes = stats?.classes ?? [];
    const hex =
      classes.includes('digit') &&
      classes.every((name) => name === 'digit' || name === 'lower' || name === 'upper') &&
      !(classes.includes('lower') && classes.includes('upper'));
    const size = Math.round(stats?.length?.p50 ?? 0);
    if (hex && size > 0) {
      const alphabet = classes.includes('upper') ? HEX.toUpperCase() : HEX;
      return (random) => chars(random, alphabet, size);
    }
    return (random) => `$2b$10$${chars(random, HASH_ALPHABET, 53)}`;
  },
};

/** Semantic types whose generator weaves the row index in itself when asked for unique values. */
export const SELF_UNIQUE_SEMANTICS: ReadonlySet<SemanticType> = new Set<SemanticType>(
  (Object.keys(SEMANTIC_GENERATORS) as SemanticType[]).filter(
    (type) =>
      ![
        'address.country_code',
        'currency_code',
        'language_code',
        'free_text',
        'password_hash',
        'json',
      ].includes(type),
  ),
);
