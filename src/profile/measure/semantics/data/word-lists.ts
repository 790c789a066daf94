/**
 * Word lists for name-like semantic types (person names, cities, states, street and company words), built
 * once and lazily from the locale data @faker-js/faker ships, across the locales production data most often
 * holds. Entries are lowercased; lookups lowercase the value. Russian names are listed in Cyrillic and in the
 * Latin transliteration passports and booking systems print (`Валерий Тихонов`, `VALERIY TIKHONOV`).
 */
// Each locale through its own entry point: loading faker's main entry (every locale) took a profiling
// worker about 130 ms, these ten about 50. Their definitions fall back to English and base entries where a
// locale has none, which the English lists hold anyway: the sets built here are the same either way.
import type { LocaleDefinition } from '@faker-js/faker';
import { faker as de } from '@faker-js/faker/locale/de';
import { faker as en } from '@faker-js/faker/locale/en';
import { faker as es } from '@faker-js/faker/locale/es';
import { faker as fr } from '@faker-js/faker/locale/fr';
import { faker as it } from '@faker-js/faker/locale/it';
import { faker as nl } from '@faker-js/faker/locale/nl';
import { faker as pl } from '@faker-js/faker/locale/pl';
import { faker as pt_BR } from '@faker-js/faker/locale/pt_BR';
import { faker as ru } from '@faker-js/faker/locale/ru';
import { faker as sv } from '@faker-js/faker/locale/sv';

const LOCALES: readonly LocaleDefinition[] = [en, de, fr, es, it, nl, pt_BR, pl, sv, ru].map(
  (faker) => faker.rawDefinitions,
);

/** Russian letters in Latin, as passports (and the airline demo database) write them: `й` y, `х` kh. */
const LATIN_LETTERS = 'a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya'.split(
  ' ',
);
const CYRILLIC_LATIN: Readonly<Record<string, string>> = Object.fromEntries(
  [...'абвгдеёжзийклмнопрстуфхцчшщъыьэюя'].map((letter, index) => [
    letter,
    LATIN_LETTERS[index]!.replace('_', ''),
  ]),
);

/** `set` with the Latin transliteration of its Cyrillic entries added. */
function withTransliterations(set: Set<string>): Set<string> {
  for (const entry of [...set])
    if (/[а-яё]/.test(entry)) set.add([...entry].map((letter) => CYRILLIC_LATIN[letter] ?? letter).join(''));
  return set;
}

/** Every string inside a definition entry (a list, or an object of lists), skipping template patterns. */
function collectStrings(entry: unknown, into: Set<string>): void {
  if (typeof entry === 'string') {
    if (!entry.includes('{{') && !entry.includes('#')) into.add(entry.toLowerCase());
  } else if (Array.isArray(entry)) {
    for (const item of entry) collectStrings(item, into);
  } else if (entry !== null && typeof entry === 'object') {
    for (const item of Object.values(entry)) collectStrings(item, into);
  }
}

function lazySet(
  select: (locale: LocaleDefinition) => unknown,
  extra: readonly string[] = [],
  complete: (set: Set<string>) => Set<string> = (set) => set,
): () => Set<string> {
  let built: Set<string> | undefined;
  return () => {
    if (built === undefined) {
      built = new Set(extra.map((word) => word.toLowerCase()));
      for (const locale of LOCALES) collectStrings(select(locale), built);
      built = complete(built);
    }
    return built;
  };
}

export const firstNames = lazySet((locale) => locale.person?.first_name, [], withTransliterations);

export const lastNames = lazySet((locale) => locale.person?.last_name, [], withTransliterations);

export const cityNames = lazySet(
  (locale) => locale.location?.city_name,
  [
    'London',
    'Paris',
    'Berlin',
    'Madrid',
    'Rome',
    'Amsterdam',
    'Vienna',
    'Brussels',
    'Zurich',
    'Stockholm',
    'Oslo',
    'Copenhagen',
    'Dublin',
    'Lisbon',
    'Warsaw',
    'Prague',
    'Tokyo',
    'Sydney',
    'Toronto',
    'New York',
    'Los Angeles',
    'Chicago',
    'San Francisco',
  ],
);

export const stateNames = lazySet((locale) => locale.location?.state);

export const stateAbbreviations = lazySet((locale) => locale.location?.state_abbr);

/** Street-type words, in full and abbreviated, in the listed locales' conventions. */
export const streetWords = lazySet(
  (locale) => locale.location?.street_suffix,
  [
    'st',
    'st.',
    'street',
    'ave',
    'ave.',
    'av',
    'avenue',
    'rd',
    'rd.',
    'road',
    'blvd',
    'blvd.',
    'boulevard',
    'dr',
    'dr.',
    'drive',
    'ln',
    'ln.',
    'lane',
    'way',
    'ct',
    'ct.',
    'court',
    'pl',
    'pl.',
    'place',
    'sq',
    'square',
    'ter',
    'terrace',
    'hwy',
    'highway',
    'pkwy',
    'parkway',
    'cir',
    'circle',
    'straße',
    'strasse',
    'str.',
    'weg',
    'gasse',
    'platz',
    'allee',
    'ring',
    'damm',
    'rue',
    'chemin',
    'impasse',
    'via',
    'viale',
    'piazza',
    'calle',
    'avenida',
    'plaza',
    'paseo',
    'rua',
    'travessa',
    'straat',
    'laan',
    'plein',
    'gracht',
    'ulica',
    'ul.',
    'gatan',
    'vägen',
  ],
);

/** Legal-entity words that end company names. */
export const companySuffixes = lazySet(
  (locale) => locale.company?.legal_entity_type,
  [
    'inc',
    'inc.',
    'incorporated',
    'llc',
    'l.l.c.',
    'ltd',
    'ltd.',
    'limited',
    'gmbh',
    'ag',
    'kg',
    'sa',
    's.a.',
    'sarl',
    'sas',
    'bv',
    'b.v.',
    'nv',
    'n.v.',
    'plc',
    'corp',
    'corp.',
    'corporation',
    'co',
    'co.',
    'company',
    'group',
    'holdings',
    'partners',
    'associates',
    'llp',
    'lp',
    'oy',
    'ab',
    'as',
    'a/s',
    'spa',
    's.p.a.',
    'srl',
    's.r.l.',
    'pty',
    'e.v.',
    'sons',
  ],
);
