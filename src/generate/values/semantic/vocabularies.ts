/**
 * The vocabularies unique semantic values come from, without row numbers. A unique name, city or street must
 * look like its non-unique siblings, so uniqueness comes from vocabularies: every distinct entry faker's
 * locale data holds for the type (the run's locale first, then every other locale), and for composed types
 * the combinations of their parts (first x last names, house numbers x street names, last names x company
 * forms). Only entries whose characters fall in the field's measured character classes are used. Which entry
 * each row gets, and the syllable fallback past the vocabulary, is `unique-vocabulary.ts`; the plan reports
 * fields that need the fallback (`vocabulary-shortfalls.ts`).
 */
import { allLocales, type LocaleDefinition } from '@faker-js/faker';
import type { SemanticType } from '../../../catalog/semantic-types.js';
import { mix32 } from '../../../shared/random.js';
import type { FieldStats, LengthStats, TypeTask } from '../../../tasks/types.js';
import { createLengthQuantile } from '../distributions.js';
import { fitsClasses } from '../measured-shape.js';
import { createPermutation } from '../permutation.js';

/** Semantic types whose unique values come from a vocabulary (the others weave the row index in). */
export const VOCABULARY_SEMANTICS = [
  'person.first_name',
  'person.last_name',
  'person.full_name',
  'address.city',
  'address.country',
  'address.state',
  'address.street',
  'company',
] as const satisfies readonly SemanticType[];

export type VocabularySemantic = (typeof VOCABULARY_SEMANTICS)[number];

export function isVocabularySemantic(type: string): type is VocabularySemantic {
  return (VOCABULARY_SEMANTICS as readonly string[]).includes(type);
}

/** What the measured values allow: their character classes, whether letters beyond ASCII occur, lengths. */
export interface VocabularyShape {
  readonly classes?: readonly string[];
  /** Letters outside A-Z may be used (the measured pattern has some, or there is no pattern). */
  readonly nonAscii?: boolean;
  readonly length?: LengthStats;
  /** The type's length limit: longer entries are left out (cutting them could make two equal). */
  readonly maxLength?: number;
}

/** What a field's stats and type allow its unique vocabulary values to look like. */
export function describeVocabularyShape(stats: FieldStats | undefined, type: TypeTask): VocabularyShape {
  const pattern = stats?.pattern?.regex;
  return {
    ...(stats?.classes ? { classes: stats.classes } : {}),
    nonAscii: pattern === undefined || /\\p\{|[^ -~]/.test(pattern),
    ...(stats?.length ? { length: stats.length } : {}),
    ...(type.length !== undefined ? { maxLength: type.length } : {}),
  };
}

type DefinitionPart = (locale: LocaleDefinition) => unknown;

/** Where each single-word vocabulary lives in faker's locale data. */
const SINGLE_PARTS: Record<
  'first' | 'last' | 'city' | 'country' | 'state' | 'stateCode' | 'street',
  DefinitionPart
> = {
  first: (locale) => locale.person?.first_name,
  last: (locale) => locale.person?.last_name,
  city: (locale) => locale.location?.city_name,
  country: (locale) => locale.location?.country,
  state: (locale) => locale.location?.state,
  stateCode: (locale) => locale.location?.state_abbr,
  street: (locale) => locale.location?.street_name,
};
type SinglePart = keyof typeof SINGLE_PARTS;

const COMPANY_FORMS = ['Group', 'Inc', 'LLC', 'and Sons', 'Partners', 'Holdings', 'Brothers', 'Company'];
const CITY_PREFIXES = ['North', 'East', 'West', 'South', 'New', 'Lake', 'Port', 'Fort'];
const CITY_SUFFIXES = ['ville', 'ton', 'burgh', 'field', 'ford', 'haven', 'mouth', 'stad', 'bury', 'port'];
const HOUSE_NUMBERS = 999;

/**
 * A family of values: how many there are, and the value at a position (0 ≤ position < size); a family of
 * pairs also gives the two parts of the value at a position.
 */
export interface Combination {
  readonly size: number;
  at(position: number): string;
  parts?(position: number): readonly [string, string];
}

function flatten(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(flatten);
  return [];
}

function localeKeys(locale: string | undefined): string[] {
  const all = allLocales as Record<string, LocaleDefinition>;
  const wanted = locale?.replace('-', '_') ?? 'en';
  const first = all[wanted] ? wanted : (wanted.split('_')[0] ?? 'en');
  const rest = Object.keys(all)
    .filter((key) => key !== first && key !== 'base')
    .sort();
  return all[first] ? [first, ...rest] : rest;
}

/** True when every character of `text` is of a measured class (letters of either case count as letters). */
function fitsShape(text: string, shape: VocabularyShape): boolean {
  if (shape.maxLength !== undefined && text.length > shape.maxLength) return false;
  if (!shape.nonAscii && /[^ -~]/.test(text)) return false;
  // Without measured classes: words, spaces and punctuation, no digits (a number would read as a row number).
  return fitsClasses(text, shape.classes?.length ? shape.classes : ['upper', 'lower', 'space', 'punct']);
}

/** Per vocabulary part and shape: the locale's own entries, and every locale's once they are asked for. */
const cache = new Map<string, { readonly own: readonly string[]; all?: readonly string[] }>();

/**
 * The distinct entries of one vocabulary part fitting `shape` (case-insensitively distinct), the locale's own
 * first, then every other locale's (only the locale's own with `own`); each tier shuffled by a fixed key so
 * that a prefix is a fair sample.
 */
export function listVocabulary(
  part: SinglePart,
  locale: string | undefined,
  shape: VocabularyShape,
  own = false,
): string[] {
  const cacheKey = `${part}|${locale ?? 'en'}|${shape.nonAscii ? 1 : 0}|${shape.maxLength}|${(shape.classes ?? []).join(',')}`;
  const all = allLocales as Record<string, LocaleDefinition>;
  const [ownKey, ...otherKeys] = localeKeys(locale);
  const seen = new Set<string>();
  /** A locale's entries not seen before, shuffled by the fixed key of its tier. */
  const tier = (key: string | undefined, salt: number) => {
    const entries: string[] = [];
    for (const entry of key === undefined ? [] : flatten(SINGLE_PARTS[part](all[key]!))) {
      const text = entry.trim();
      const folded = text.toLowerCase();
      if (text === '' || text.includes('{{') || seen.has(folded) || !fitsShape(text, shape)) continue;
      seen.add(folded);
      entries.push(text);
    }
    return shuffle(entries, salt);
  };
  let cached = cache.get(cacheKey);
  if (!cached) {
    cached = { own: tier(ownKey, 1) };
    cache.set(cacheKey, cached);
  }
  if (own) return [...cached.own];
  if (!cached.all) {
    for (const entry of cached.own) seen.add(entry.toLowerCase());
    cached.all = [...cached.own, ...otherKeys.flatMap((key) => tier(key, 2))];
  }
  return [...cached.all];
}

/**
 * `list` reordered so that its first `rows` entries follow the measured length distribution: each length gets
 * its quota (from the length quantiles) from the entries of that length in list order, or of the nearest
 * length that has some left; the other entries follow in list order.
 */
function orderByLength(list: readonly string[], length: LengthStats | undefined, rows: number): string[] {
  const wanted = Math.min(rows, list.length);
  if (length === undefined || wanted === 0) return [...list];
  const quantile = createLengthQuantile(length, 1);
  const buckets = new Map<number, string[]>();
  for (const entry of list) {
    const bucket = buckets.get(entry.length);
    if (bucket) bucket.push(entry);
    else buckets.set(entry.length, [entry]);
  }
  const taken = new Set<string>();
  const ordered: string[] = [];
  const longest = Math.max(...buckets.keys());
  for (let j = 0; j < wanted; j++) {
    const target = quantile((j + 0.5) / wanted);
    for (let distance = 0; distance <= longest + target; distance++) {
      const bucket = buckets.get(target - distance)?.length
        ? buckets.get(target - distance)
        : buckets.get(target + distance);
      const entry = bucket?.shift();
      if (entry !== undefined) {
        ordered.push(entry);
        taken.add(entry);
        break;
      }
    }
  }
  for (const entry of list) if (!taken.has(entry)) ordered.push(entry);
  return ordered;
}

function shuffle(entries: string[], salt: number): string[] {
  const permutation = createPermutation(entries.length, mix32(0x5bd1e995 ^ salt));
  return entries.map((_, index) => entries[permutation.apply(index)]!);
}

/**
 * The combinations a composed semantic type is built from (single words are their own combination), each
 * built when it is first needed: a run whose rows the first combinations hold never lists the others.
 */
function listCombinations(
  semantic: VocabularySemantic,
  locale: string | undefined,
  shape: VocabularyShape,
  rows: number,
): (() => Combination)[] {
  // Parts of a composed value: words of letters only, so that combinations cannot read the same twice.
  const word: VocabularyShape = { ...shape, classes: ['upper', 'lower'] };
  const words = (part: SinglePart, own = false) => listVocabulary(part, locale, word, own);
  // The locale's own entries alone while they are enough for the rows (another locale's would only be nearer
  // the measured lengths: `Úc` or `ՄԹ` for a column of `USA` and `UK`), then the others.
  const single = (part: SinglePart) => (): Combination => {
    const own = listVocabulary(part, locale, shape, true);
    const all = listVocabulary(part, locale, shape);
    const list =
      own.length >= rows
        ? [...orderByLength(own, shape.length, rows), ...all.slice(own.length)]
        : orderByLength(all, shape.length, rows);
    return { size: list.length, at: (position) => list[position]! };
  };
  // Pairs in a fixed scrambled order, so that a prefix of them mixes both parts.
  const pair = (
    a: readonly string[],
    b: readonly string[],
    join: (x: string, y: string) => string,
  ): Combination => {
    const order = createPermutation(a.length * b.length, mix32(a.length * 31 + b.length));
    const parts = (position: number): [string, string] => {
      const scrambled = order.apply(position);
      return [a[scrambled % a.length]!, b[Math.floor(scrambled / a.length)]!];
    };
    return {
      size: a.length * b.length,
      at: (position) => {
        const [x, y] = parts(position);
        return join(x, y);
      },
      parts,
    };
  };
  const spaced = fitsShape(' ', shape);
  switch (semantic) {
    case 'person.first_name':
      return [single('first')];
    case 'person.last_name':
      return [single('last')];
    case 'address.country':
      return [single('country')];
    case 'address.state':
      // Measured as codes (CA, NY: three characters at most), as the semantic generator draws them.
      return [single((shape.length?.p95 ?? Number.POSITIVE_INFINITY) > 3 ? 'state' : 'stateCode')];
    case 'person.full_name': {
      if (!spaced) return [];
      const join = (first: string, last: string) => `${first} ${last}`;
      // The locale's own names first, then pairs with a name of another locale (no pair twice).
      const own = () => [words('first', true), words('last', true)] as const;
      return [
        () => pair(...own(), join),
        () => pair(words('first'), words('last').slice(own()[1].length), join),
        () => pair(words('first').slice(own()[0].length), own()[1], join),
      ];
    }
    case 'address.city': {
      const firsts = () => words('first');
      return [
        single('city'),
        () => pair(firsts(), CITY_SUFFIXES, (name, suffix) => `${name}${suffix}`),
        ...(spaced ? [() => pair(CITY_PREFIXES, firsts(), (prefix, name) => `${prefix} ${name}`)] : []),
      ];
    }
    case 'address.street': {
      if (!spaced || !fitsShape('1', shape)) return [single('street')];
      const numbers = Array.from({ length: HOUSE_NUMBERS }, (_, i) => String(i + 1));
      const join = (n: string, street: string) => `${n} ${street}`;
      // The locale's own street names first (a scrambled pair order would mix in every other locale's).
      const own = () => listVocabulary('street', locale, shape, true);
      return [
        () => pair(numbers, own(), join),
        () => pair(numbers, listVocabulary('street', locale, shape).slice(own().length), join),
      ];
    }
    case 'company': {
      if (!spaced) return [single('last')];
      const lasts = () => words('last');
      const forms = COMPANY_FORMS.filter((form) => fitsShape(form, shape));
      const ampersand = fitsShape(' & ', shape);
      return [
        () => pair(lasts(), forms, (last, form) => `${last} ${form}`),
        ...(ampersand ? [() => pair(lasts(), lasts(), (a, b) => `${a} & ${b}`)] : []),
      ];
    }
  }
}

/**
 * The combinations of `semantic` listed in order until they hold `reach` values: the ones after are never
 * asked for (every combination when they hold fewer).
 */
export function listReached(
  semantic: VocabularySemantic,
  locale: string | undefined,
  shape: VocabularyShape,
  rows: number,
  reach: number,
): Combination[] {
  const reached: Combination[] = [];
  let capacity = 0;
  for (const list of listCombinations(semantic, locale, shape, rows)) {
    if (capacity >= reach) break;
    const combination = list();
    reached.push(combination);
    capacity += combination.size;
  }
  return reached;
}

/**
 * How many unique values the vocabularies of `semantic` hold for `shape`, counted until `reach` (the exact
 * count when they hold fewer, at least `reach` otherwise).
 */
export function countVocabulary(
  semantic: VocabularySemantic,
  locale: string | undefined,
  shape: VocabularyShape,
  reach = Number.POSITIVE_INFINITY,
): number {
  return listReached(semantic, locale, shape, 0, reach).reduce(
    (sum, combination) => sum + combination.size,
    0,
  );
}
