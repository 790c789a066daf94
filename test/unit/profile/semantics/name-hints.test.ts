import { describe, expect, it } from 'vitest';
import {
  detectSemanticByName,
  splitFieldName,
} from '../../../../src/profile/measure/semantics/name-hints.js';

describe('detectSemanticByName', () => {
  it.each([
    ['email', 'email'],
    ['customerEmail', 'email'],
    ['email_address', 'email'],
    ['phone_number', 'phone'],
    ['MobilePhone', 'phone'],
    ['first_name', 'person.first_name'],
    ['givenName', 'person.first_name'],
    ['surname', 'person.last_name'],
    ['last_name', 'person.last_name'],
    ['customer_name', 'person.full_name'],
    ['passenger_name', 'person.full_name'],
    ['GuestName', 'person.full_name'],
    ['full_name', 'person.full_name'],
    ['username', 'username'],
    ['city', 'address.city'],
    ['shipping_city', 'address.city'],
    ['zip', 'address.postal_code'],
    ['postal_code', 'address.postal_code'],
    ['post_code', 'address.postal_code'],
    ['country_code', 'address.country_code'],
    ['country', 'address.country'],
    ['state', 'address.state'],
    ['street_address', 'address.street'],
    ['address_line1', 'address.street'],
    ['iban', 'iban'],
    ['card_number', 'credit_card'],
    ['ssn', 'national_id'],
    ['ip_address', 'ipv4'],
    ['last_login_ipv6', 'ipv6'],
    ['mac_address', 'mac'],
    ['website', 'url'],
    ['currency', 'currency_code'],
    ['locale', 'language_code'],
    ['company_name', 'company'],
    ['password_hash', 'password_hash'],
    ['description', 'free_text'],
    ['payload', 'json'],
  ])('%s → %s', (name, type) => {
    expect(detectSemanticByName(name)).toBe(type);
  });

  it.each([
    'id',
    'name',
    'status',
    'email_verified',
    'city_id',
    'phone_type',
    'created_at',
    'amount',
    'total_price',
  ])('%s → nothing', (name) => {
    expect(detectSemanticByName(name)).toBeUndefined();
  });

  it('splits camel case, snake case and acronyms into words', () => {
    expect(splitFieldName('billingZIPCode')).toEqual(['billing', 'zip', 'code']);
    expect(splitFieldName('Customer-Email_2')).toEqual(['customer', 'email', '2']);
  });
});
