/**
 * Semantic types: what a value means, beyond its storage type. The profiler detects them; the generator has
 * one semantic generator per entry (keyed by this list, so none can be missing). `personal` marks personal
 * data: such fields keep only shape, length and null statistics in a profile.
 */
export const SEMANTIC_TYPES = {
  email: { personal: true },
  phone: { personal: true },
  'person.first_name': { personal: true },
  'person.last_name': { personal: true },
  'person.full_name': { personal: true },
  'address.street': { personal: true },
  /** A whole postal address: street, then city, state or region and postal code, on one line or several. */
  'address.full': { personal: true },
  'address.city': { personal: false },
  'address.postal_code': { personal: true },
  'address.country_code': { personal: false },
  'address.country': { personal: false },
  'address.state': { personal: false },
  company: { personal: false },
  credit_card: { personal: true },
  iban: { personal: true },
  national_id: { personal: true },
  ipv4: { personal: true },
  ipv6: { personal: true },
  mac: { personal: true },
  url: { personal: false },
  uuid: { personal: false },
  currency_code: { personal: false },
  language_code: { personal: false },
  free_text: { personal: true },
  json: { personal: false },
  username: { personal: true },
  password_hash: { personal: true },
} as const satisfies Record<string, { personal: boolean }>;

export type SemanticType = keyof typeof SEMANTIC_TYPES;

export function isSemanticType(value: unknown): value is SemanticType {
  return typeof value === 'string' && Object.hasOwn(SEMANTIC_TYPES, value);
}
