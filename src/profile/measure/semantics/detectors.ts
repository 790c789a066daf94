/**
 * The value validators behind semantic detection, one entry per detectable type, in tie-break order (most
 * specific first). `strong` validates a value on its own; `plausible` accepts a looser shape that counts only
 * when the field name points to the type (bare five-digit postal codes, bare hex digests, usernames).
 */
import type { LogicalType } from '../../../catalog/logical-type.js';
import type { SemanticType } from '../../../catalog/semantic-types.js';
import {
  isBareNationalId,
  isBarePhone,
  isDistinctPostalCode,
  isNationalId,
  isNumericPostalCode,
  isPhone,
} from './validators/contact.js';
import { isCreditCard, isIban } from './validators/financial.js';
import {
  isAddressLike,
  isCapitalisedWords,
  isCity,
  isCompany,
  isCountryCode,
  isCountryName,
  isCurrencyCode,
  isFirstName,
  isFullName,
  isLanguageCode,
  isLastName,
  isLowercaseCountryCode,
  isLowercaseCurrencyCode,
  isNameLike,
  isNameWord,
  isPostalAddress,
  isState,
  isStateAbbreviation,
  isStreetAddress,
  isUppercaseLanguageCode,
} from './validators/names.js';
import {
  isBareMac,
  isBareWebAddress,
  isEmail,
  isIpv4,
  isIpv6,
  isMac,
  isUrl,
  isUuid,
} from './validators/network.js';
import {
  isFreeText,
  isHexDigest,
  isJsonDocument,
  isPasswordHash,
  isShortText,
  isUsernameShape,
} from './validators/text.js';

export interface Detector {
  readonly type: SemanticType;
  readonly strong?: (value: string) => boolean;
  readonly plausible?: (value: string) => boolean;
}

const digitsOnly = (value: string) => /^\d+$/.test(value);

export const DETECTORS: readonly Detector[] = [
  { type: 'uuid', strong: isUuid },
  { type: 'email', strong: isEmail },
  { type: 'url', strong: isUrl, plausible: isBareWebAddress },
  { type: 'ipv4', strong: isIpv4 },
  { type: 'ipv6', strong: isIpv6 },
  { type: 'mac', strong: isMac, plausible: isBareMac },
  { type: 'iban', strong: isIban },
  {
    type: 'credit_card',
    strong: isCreditCard,
    plausible: (value) => digitsOnly(value) && value.length >= 12 && value.length <= 19,
  },
  { type: 'password_hash', strong: isPasswordHash, plausible: isHexDigest },
  { type: 'json', strong: isJsonDocument },
  { type: 'national_id', strong: isNationalId, plausible: isBareNationalId },
  { type: 'phone', strong: isPhone, plausible: isBarePhone },
  { type: 'address.postal_code', strong: isDistinctPostalCode, plausible: isNumericPostalCode },
  { type: 'currency_code', strong: isCurrencyCode, plausible: isLowercaseCurrencyCode },
  { type: 'address.country_code', strong: isCountryCode, plausible: isLowercaseCountryCode },
  { type: 'language_code', strong: isLanguageCode, plausible: isUppercaseLanguageCode },
  { type: 'address.country', strong: isCountryName },
  {
    type: 'address.state',
    strong: isState,
    plausible: (value) => isStateAbbreviation(value) || isCapitalisedWords(value),
  },
  { type: 'person.full_name', strong: isFullName, plausible: isNameLike },
  { type: 'person.first_name', strong: isFirstName, plausible: isNameWord },
  { type: 'person.last_name', strong: isLastName, plausible: isNameWord },
  { type: 'company', strong: isCompany, plausible: isCapitalisedWords },
  { type: 'address.city', strong: isCity, plausible: isCapitalisedWords },
  { type: 'address.full', strong: isPostalAddress },
  { type: 'address.street', strong: isStreetAddress, plausible: isAddressLike },
  { type: 'free_text', strong: isFreeText, plausible: isShortText },
  { type: 'username', plausible: isUsernameShape },
];

/**
 * Which detectors apply to a logical type: `all` (text), `hinted` (numbers: only types a name points to, such as
 * a `zip` stored as an integer), a fixed list (a `uuid` column holds uuids), or none.
 */
export type DetectionScope = 'all' | 'hinted' | 'none' | readonly SemanticType[];

/** Only these types are believable for numbers stored as numbers. */
export const NUMERIC_HINTED: ReadonlySet<SemanticType> = new Set([
  'address.postal_code',
  'phone',
  'credit_card',
  'national_id',
]);

export const DETECTION_SCOPES: { readonly [T in LogicalType]: DetectionScope } = {
  boolean: 'none',
  integer: 'hinted',
  float: 'none',
  decimal: 'hinted',
  string: 'all',
  enum: 'all',
  uuid: ['uuid'],
  date: 'none',
  time: 'none',
  timestamp: 'none',
  timestamptz: 'none',
  interval: 'none',
  binary: 'none',
  json: ['json'],
  array: 'none',
  object: 'none',
  inet: ['ipv4', 'ipv6'],
  cidr: ['ipv4', 'ipv6'],
  macaddr: ['mac'],
  bit: 'none',
  tsvector: 'none',
  range: 'none',
  opaque: 'all',
};

/** Types a name hint may turn into, decided by the values: an `ip` field may hold IPv6, a `country` field codes. */
export const HINT_FAMILIES: Partial<Record<SemanticType, readonly SemanticType[]>> = {
  ipv4: ['ipv4', 'ipv6'],
  ipv6: ['ipv6', 'ipv4'],
  'address.country': ['address.country', 'address.country_code'],
  'address.country_code': ['address.country_code', 'address.country'],
  'person.full_name': ['person.full_name', 'person.first_name', 'person.last_name'],
  // An `address` field holding whole addresses (street, city, postal code) is a full address.
  'address.street': ['address.full', 'address.street'],
};

/**
 * Types a name's values may turn out to be instead, only on strict evidence (15% of the values, see
 * `SemanticSketch`): a `customerName` of shops. Never by loose fit, which would call people's names
 * companies (and companies are not personal).
 */
export const HINT_ALTERNATIVES: Partial<Record<SemanticType, readonly SemanticType[]>> = {
  'person.full_name': ['company'],
};
