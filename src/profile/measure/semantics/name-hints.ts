/**
 * Semantic hints from a field's name alone (`customer_email`, `firstName`, `zip`, `iban`). Names never decide
 * on their own when values are available: they raise confidence, and decide between types whose value shapes
 * are ambiguous (a bare five-digit number is a postal code only in a field called `zip` or `postcode`).
 */
import type { SemanticType } from '../../../catalog/semantic-types.js';

/** Splits `customerEmail`, `customer_email`, `Customer-Email` into lowercase words. */
export function splitFieldName(fieldName: string): string[] {
  return fieldName
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** Last words that make a field about something else: `email_verified`, `phone_type`, `city_id`. */
const NOT_THE_VALUE = new Set([
  'id',
  'ids',
  'count',
  'type',
  'status',
  'verified',
  'confirmed',
  'enabled',
  'flag',
  'at',
  'on',
  'date',
  'time',
  'length',
  'size',
  'format',
  'valid',
]);

const PERSON_WORDS = new Set([
  'customer',
  'contact',
  'person',
  'user',
  'employee',
  'owner',
  'author',
  'holder',
  'cardholder',
  'recipient',
  'sender',
  'patient',
  'passenger',
  'guest',
  'traveler',
  'traveller',
  'student',
  'teacher',
  'driver',
  'applicant',
  'candidate',
  'beneficiary',
  'payee',
  'payer',
  'subscriber',
  'attendee',
  'participant',
  'tenant',
  'borrower',
  'insured',
  'member',
  'client',
  'buyer',
  'seller',
  'display',
  'full',
  'legal',
]);

type Rule = readonly [SemanticType, (words: readonly string[], joined: string) => boolean];

const anyOf =
  (...names: string[]) =>
  (words: readonly string[], joined: string) =>
    names.some((name) => words.includes(name) || joined === name);

const phrase =
  (first: string, ...seconds: string[]) =>
  (words: readonly string[]) =>
    words.some((word, i) => word === first && seconds.includes(words[i + 1] ?? ''));

/** First matching rule wins: the order puts specific words before generic ones (`email_address` before `address`). */
const RULES: readonly Rule[] = [
  ['email', anyOf('email', 'mail', 'emailaddress', 'mailaddress')],
  ['password_hash', anyOf('password', 'passwd', 'pwd', 'pass', 'passwordhash', 'passhash')],
  ['ipv6', anyOf('ipv6')],
  ['ipv4', (w, j) => anyOf('ip', 'ipv4', 'ipaddr', 'ipaddress')(w, j) || phrase('remote', 'addr')(w)],
  ['mac', anyOf('mac', 'macaddr', 'macaddress')],
  ['uuid', anyOf('uuid', 'guid')],
  ['url', anyOf('url', 'uri', 'link', 'website', 'homepage', 'href', 'webpage', 'site')],
  ['iban', anyOf('iban')],
  [
    'credit_card',
    (w, j) =>
      anyOf('cardnumber', 'ccnumber', 'creditcard', 'pan', 'ccnum', 'cc')(w, j) ||
      phrase('card', 'number', 'no', 'num')(w) ||
      phrase('credit', 'card')(w),
  ],
  [
    'national_id',
    (w, j) =>
      anyOf(
        'ssn',
        'nin',
        'nino',
        'nationalid',
        'taxid',
        'tin',
        'passport',
        'sozialversicherungsnummer',
      )(w, j) ||
      phrase('national', 'id', 'identifier', 'number')(w) ||
      phrase('social', 'security')(w) ||
      phrase('tax', 'id', 'number')(w),
  ],
  [
    'phone',
    anyOf('phone', 'mobile', 'tel', 'telephone', 'fax', 'cell', 'msisdn', 'cellphone', 'phonenumber'),
  ],
  [
    'person.first_name',
    (w, j) =>
      anyOf('firstname', 'forename', 'givenname', 'fname', 'vorname', 'prenom')(w, j) ||
      phrase('first', 'name')(w) ||
      phrase('given', 'name')(w),
  ],
  [
    'person.last_name',
    (w, j) =>
      anyOf('lastname', 'surname', 'familyname', 'lname', 'nachname')(w, j) ||
      phrase('last', 'name')(w) ||
      phrase('family', 'name')(w),
  ],
  [
    'username',
    (w, j) =>
      anyOf('username', 'login', 'handle', 'nickname', 'screenname')(w, j) ||
      phrase('user', 'name')(w) ||
      phrase('screen', 'name')(w),
  ],
  [
    'person.full_name',
    (w, j) =>
      anyOf('fullname', 'displayname')(w, j) ||
      (w.includes('name') && w.some((word) => PERSON_WORDS.has(word))),
  ],
  [
    'company',
    anyOf(
      'company',
      'employer',
      'organization',
      'organisation',
      'org',
      'business',
      'firm',
      'vendor',
      'supplier',
      'merchant',
      'companyname',
    ),
  ],
  [
    'address.postal_code',
    (w, j) =>
      anyOf('zip', 'zipcode', 'postcode', 'postalcode', 'plz', 'postal', 'postleitzahl')(w, j) ||
      phrase('post', 'code')(w),
  ],
  [
    'address.country_code',
    (w, j) =>
      anyOf('countrycode')(w, j) ||
      (w.includes('country') &&
        w.some((word) => ['code', 'iso', 'iso2', 'iso3', 'alpha2', 'alpha3'].includes(word))),
  ],
  ['address.country', anyOf('country', 'nation')],
  ['address.state', anyOf('state', 'province', 'region', 'county')],
  ['address.city', anyOf('city', 'town', 'locality', 'municipality')],
  [
    'address.street',
    anyOf(
      'street',
      'address',
      'addr',
      'address1',
      'address2',
      'line1',
      'line2',
      'addressline',
      'streetaddress',
    ),
  ],
  ['currency_code', anyOf('currency', 'ccy', 'currencycode')],
  ['language_code', anyOf('language', 'lang', 'locale')],
  [
    'free_text',
    anyOf(
      'description',
      'desc',
      'comment',
      'comments',
      'notes',
      'note',
      'bio',
      'message',
      'body',
      'text',
      'summary',
      'review',
      'remarks',
      'feedback',
      'content',
      'details',
      'about',
    ),
  ],
  [
    'json',
    anyOf(
      'json',
      'payload',
      'metadata',
      'meta',
      'attributes',
      'props',
      'properties',
      'settings',
      'config',
      'extra',
    ),
  ],
];

/**
 * The semantic type a field name suggests (`email`, `phone`, `first_name`, `surname`, `city`, `zip`, `iban`,
 * ...), or undefined. Names that describe something about the value (`email_verified`, `city_id`) give none.
 */
export function detectSemanticByName(fieldName: string): SemanticType | undefined {
  const words = splitFieldName(fieldName);
  if (words.length === 0 || NOT_THE_VALUE.has(words[words.length - 1]!)) return undefined;
  const joined = words.join('');
  for (const [type, matches] of RULES) if (matches(words, joined)) return type;
  return undefined;
}
