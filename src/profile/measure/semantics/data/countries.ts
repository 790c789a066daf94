/**
 * ISO 3166-1 country codes and English country names, for country detection. Codes and names come from the
 * locale data @faker-js/faker ships (the same lists the generator draws from), plus common short names.
 */
// English through its own entry point, not faker's main entry with every locale (see word-lists.ts); its
// definitions hold the base locale's country codes.
import { faker } from '@faker-js/faker/locale/en';

const en = faker.rawDefinitions;
const codes = en.location?.country_code ?? [];

/** ISO 3166-1 alpha-2 codes (uppercase). */
export const COUNTRY_ALPHA2: ReadonlySet<string> = new Set(codes.map((code) => code.alpha2));

/** ISO 3166-1 alpha-3 codes (uppercase). */
export const COUNTRY_ALPHA3: ReadonlySet<string> = new Set(codes.map((code) => code.alpha3));

const COMMON_NAMES = [
  'United States',
  'America',
  'UK',
  'Great Britain',
  'England',
  'Scotland',
  'Wales',
  'Northern Ireland',
  'Russia',
  'South Korea',
  'North Korea',
  'Korea',
  'Vietnam',
  'Iran',
  'Syria',
  'Laos',
  'Bolivia',
  'Venezuela',
  'Tanzania',
  'Czechia',
  'Czech Republic',
  'Ivory Coast',
  "Côte d'Ivoire",
  'Macedonia',
  'North Macedonia',
  'Moldova',
  'Taiwan',
  'Palestine',
  'Brunei',
  'Cape Verde',
  'Eswatini',
  'Swaziland',
  'Burma',
  'Myanmar',
  'Holland',
  'The Netherlands',
  'Vatican',
  'Micronesia',
  'Congo',
  'DR Congo',
  'Turkey',
  'Türkiye',
  'East Timor',
  'Timor-Leste',
];

/** Abbreviations written as a country's name (`country: USA`, as in Northwind and classicmodels). */
export const SHORT_COUNTRY_NAMES: ReadonlySet<string> = new Set(['USA', 'UK', 'UAE']);

/** Country names, lowercased. */
export const COUNTRY_NAMES: ReadonlySet<string> = new Set(
  [...(en.location?.country ?? []), ...COMMON_NAMES].map((name) => name.toLowerCase()),
);
