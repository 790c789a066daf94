/**
 * Validators for named things checked against word lists: people, places, companies, and the ISO code lists
 * (countries, currencies, languages). Each list check is strong; the looser "capitalised words" shapes only
 * count when the field name agrees.
 */
import { COUNTRY_ALPHA2, COUNTRY_ALPHA3, COUNTRY_NAMES, SHORT_COUNTRY_NAMES } from '../data/countries.js';
import { CURRENCY_CODES } from '../data/currency-codes.js';
import { LANGUAGE_CODES } from '../data/language-codes.js';
import {
  cityNames,
  companySuffixes,
  firstNames,
  lastNames,
  stateAbbreviations,
  stateNames,
  streetWords,
} from '../data/word-lists.js';

const NAME_WORD = /^\p{Lu}[\p{L}'’-]*\.?$/u;
const CAPITALISED_WORDS = /^\p{Lu}[\p{L}'’.-]*(?:[ -]\p{L}[\p{L}'’.-]*){0,4}$/u;
const TITLES = new Set([
  'mr',
  'mr.',
  'mrs',
  'mrs.',
  'ms',
  'ms.',
  'miss',
  'dr',
  'dr.',
  'prof',
  'prof.',
  'sir',
]);
const NAME_SUFFIXES = new Set([
  'jr',
  'jr.',
  'sr',
  'sr.',
  'i',
  'ii',
  'iii',
  'iv',
  'v',
  'phd',
  'md',
  'dds',
  'dvm',
  'esq',
  'esq.',
]);

/** One capitalised word: a name, if the field name says which kind. */
export function isNameWord(value: string): boolean {
  return value.length >= 2 && value.length <= 40 && NAME_WORD.test(value);
}

/** One to five capitalised words: a place or organisation, if the field name says so. */
export function isCapitalisedWords(value: string): boolean {
  return value.length >= 2 && value.length <= 80 && CAPITALISED_WORDS.test(value);
}

/** A first name found in the name lists. */
export function isFirstName(value: string): boolean {
  return value.length <= 40 && !value.includes(' ') && firstNames().has(value.toLowerCase());
}

/** A last name found in the name lists; each part of a double-barrelled name (`Smith-Jones`) must be. */
export function isLastName(value: string): boolean {
  if (value.length > 40) return false;
  const names = lastNames();
  const lower = value.toLowerCase();
  return names.has(lower) || (lower.includes('-') && lower.split('-').every((part) => names.has(part)));
}

/** A full name: first and last name from the lists (`Jane Doe`, `Dr. Jane A. Doe Jr.`, `Doe, Jane`). */
export function isFullName(value: string): boolean {
  if (value.length < 5 || value.length > 80) return false;
  const comma = value.indexOf(',');
  if (comma > 0) {
    const last = value.slice(0, comma).trim();
    const first =
      value
        .slice(comma + 1)
        .trim()
        .split(' ')[0] ?? '';
    return isLastName(last) && isFirstName(first);
  }
  const words = value.split(/\s+/).filter((word) => !TITLES.has(word.toLowerCase()));
  while (words.length > 0 && NAME_SUFFIXES.has(words[words.length - 1]!.toLowerCase())) words.pop();
  if (words.length < 2 || words.length > 4) return false;
  return isFirstName(words[0]!) && isLastName(words[words.length - 1]!);
}

/** Two to four capitalised words: a person's full name, if the field name says so. */
export function isNameLike(value: string): boolean {
  const words = value.split(' ');
  return words.length >= 2 && words.length <= 4 && words.every((word) => NAME_WORD.test(word));
}

/** A city found in the city lists. */
export function isCity(value: string): boolean {
  return value.length <= 60 && cityNames().has(value.toLowerCase());
}

/** A state or region name found in the lists. */
export function isState(value: string): boolean {
  return value.length <= 40 && stateNames().has(value.toLowerCase());
}

/** A state abbreviation (`CA`, `NY`): a state only if the field name says so. */
export function isStateAbbreviation(value: string): boolean {
  return value.length === 2 && stateAbbreviations().has(value.toLowerCase());
}

const NUMBER_FIRST = /^\d+[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?,?\s+\S/;
const NUMBER_LAST = /\s\d+[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?$/;
const GERMANIC_STREET =
  /(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|straat|laan|gracht|kade|dijk|plein|gatan|vägen)$/i;

/** A street address: a house number before or after words that include a street word (`12 Baker St`, `Hauptstraße 5`, `Rue de Rivoli 8`). */
export function isStreetAddress(value: string): boolean {
  if (value.length < 6 || value.length > 100) return false;
  if (!NUMBER_FIRST.test(value) && !NUMBER_LAST.test(value)) return false;
  const words = value.toLowerCase().split(/[\s,]+/);
  const streets = streetWords();
  // A street type needs a name beside it: `Track 28` and `Lane 3` are titles or labels, not addresses.
  const named = words.some((word) => /^\p{L}/u.test(word) && !streets.has(word));
  return words.some(
    (word) => (named && streets.has(word)) || (word.length > 4 && GERMANIC_STREET.test(word)),
  );
}

/**
 * A postal code at the end (`ME 90000`, `IL 62701-1234`, `SW1A 1AA`, `K1A 0B1`), or before a city (`10115
 * Berlin`).
 */
const POSTAL_LAST =
  /(?:^|[\s,])(?:\p{Lu}{2}\s+)?(?:\d{4,5}(?:-\d{4})?|\p{Lu}{1,2}\d[\p{Lu}\d]?\s?\d\p{Lu}{2}|\p{Lu}\d\p{Lu}\s?\d\p{Lu}\d)$/u;
const POSTAL_BEFORE_CITY = /(?:^|[\s,])\d{4,5}\s+\p{L}{2}/u;

/**
 * A whole postal address: a street part with a house number (or a box, unit or military line: `Unit 1795 Box
 * 5366`), then, after a line break or a comma, a part with a postal code (`100 Johnson Island\nLake Amy, ME
 * 90000`, `12 Main St, Springfield, IL 62701`, `Hauptstraße 5, 10115 Berlin`).
 */
export function isPostalAddress(value: string): boolean {
  if (value.length < 12 || value.length > 200) return false;
  const parts = value.split(/\s*(?:\r?\n|,)\s*/).filter((part) => part !== '');
  if (parts.length < 2) return false;
  const rest = parts.slice(1).join(', ');
  if (!POSTAL_LAST.test(rest) && !POSTAL_BEFORE_CITY.test(rest)) return false;
  const street = parts[0]!;
  return /\d/.test(street) && /\p{L}{2}/u.test(street);
}

/** Words and a number: a street address only if the field name says so. */
export function isAddressLike(value: string): boolean {
  return (NUMBER_FIRST.test(value) || NUMBER_LAST.test(value)) && /\p{L}{2}/u.test(value);
}

/** A company name: words ending in a legal-entity suffix (`Acme Inc.`, `Müller GmbH`, `Smith & Sons`). */
export function isCompany(value: string): boolean {
  if (value.length < 4 || value.length > 100) return false;
  const words = value.toLowerCase().replace(/,/g, ' ').split(/\s+/);
  if (words.length < 2) return false;
  const suffixes = companySuffixes();
  const last = words[words.length - 1]!;
  const lastTwo = words.slice(-2).join(' ');
  return suffixes.has(last) || suffixes.has(lastTwo) || suffixes.has(words.slice(-4).join(' '));
}

/** An ISO 3166-1 alpha-2 or alpha-3 code, uppercase. */
export function isCountryCode(value: string): boolean {
  return (
    (value.length === 2 && COUNTRY_ALPHA2.has(value)) || (value.length === 3 && COUNTRY_ALPHA3.has(value))
  );
}

/** A country code in lowercase: a country code only if the field name says so. */
export function isLowercaseCountryCode(value: string): boolean {
  return isCountryCode(value.toUpperCase());
}

/** A country name in English (or a common short form). */
export function isCountryName(value: string): boolean {
  if (value.length < 4) return SHORT_COUNTRY_NAMES.has(value);
  return value.length <= 60 && COUNTRY_NAMES.has(value.toLowerCase());
}

/** An ISO 4217 currency code, uppercase. */
export function isCurrencyCode(value: string): boolean {
  return value.length === 3 && CURRENCY_CODES.has(value);
}

/** A currency code in lowercase: a currency only if the field name says so. */
export function isLowercaseCurrencyCode(value: string): boolean {
  return value.length === 3 && CURRENCY_CODES.has(value.toUpperCase());
}

/** An ISO 639-1 code in lowercase, alone or as a locale tag with a region (`en`, `pt-BR`, `de_AT`). */
export function isLanguageCode(value: string): boolean {
  if (value.length === 2) return LANGUAGE_CODES.has(value);
  if (value.length !== 5 || (value[2] !== '-' && value[2] !== '_')) return false;
  return LANGUAGE_CODES.has(value.slice(0, 2)) && COUNTRY_ALPHA2.has(value.slice(3));
}

/** A language code in uppercase: a language only if the field name says so. */
export function isUppercaseLanguageCode(value: string): boolean {
  return value.length === 2 && LANGUAGE_CODES.has(value.toLowerCase());
}
