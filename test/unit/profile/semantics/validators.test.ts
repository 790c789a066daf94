import { describe, expect, it } from 'vitest';
import {
  isDistinctPostalCode,
  isNationalId,
  isNumericPostalCode,
  isPhone,
} from '../../../../src/profile/measure/semantics/validators/contact.js';
import {
  isCreditCard,
  isIban,
  passesLuhn,
} from '../../../../src/profile/measure/semantics/validators/financial.js';
import {
  isCity,
  isCompany,
  isCountryCode,
  isCountryName,
  isCurrencyCode,
  isFirstName,
  isFullName,
  isLanguageCode,
  isLastName,
  isPostalAddress,
  isStreetAddress,
} from '../../../../src/profile/measure/semantics/validators/names.js';
import {
  isEmail,
  isIpv4,
  isIpv6,
  isMac,
  isUrl,
  isUuid,
} from '../../../../src/profile/measure/semantics/validators/network.js';
import {
  isFreeText,
  isHexDigest,
  isJsonDocument,
  isPasswordHash,
} from '../../../../src/profile/measure/semantics/validators/text.js';

/** Each validator with values it must accept and near-misses it must reject. */
const CASES: readonly [string, (value: string) => boolean, string[], string[]][] = [
  [
    'email',
    isEmail,
    ['jane.doe@example.com', 'j+tag@mail.example.co.uk', "o'brien@xn--bcher-kva.de"],
    [
      'jane.doe@example',
      'jane@@example.com',
      '@example.com',
      'jane doe@example.com',
      'jane..doe@example.com',
      'jane@exa_mple.com',
    ],
  ],
  [
    'phone',
    isPhone,
    [
      '+14155552671',
      '+44 20 7946 0958',
      '(415) 555-2671',
      '415-555-2671',
      '020 7946 0958',
      '06 12 34 56 78',
      '+49 30 901820',
      '0044 20 7946 0958',
      '+1 415 555 2671 ext. 12',
    ],
    [
      '4155552671',
      '+1 555',
      '2024-01-15',
      '192.168.100.200',
      '123-45-6789',
      '+0 123 456 789',
      '555-1234',
      '(415 555-2671',
    ],
  ],
  [
    'uuid',
    isUuid,
    [
      '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      '00000000-0000-0000-0000-000000000000',
      'A987FBC9-4BED-3078-CF07-9141BA07C9F3',
    ],
    [
      '3fa85f64-5717-4562-b3fc-2c963f66afa',
      '3fa85f6457174562b3fc2c963f66afa6',
      'gfa85f64-5717-4562-b3fc-2c963f66afa6',
    ],
  ],
  [
    'url',
    isUrl,
    [
      'https://example.com',
      'http://shop.example.org/p/12?x=1#top',
      'ftp://files.example.net/a.txt',
      'http://localhost:8080/health',
    ],
    ['example.com', 'https://', 'https://exa mple.com', 'mailto:jane@example.com', 'https://nodot/path'],
  ],
  [
    'ipv4',
    isIpv4,
    ['192.168.0.1', '10.0.0.0/8', '255.255.255.255', '0.0.0.0'],
    ['256.1.1.1', '192.168.01.1', '1.2.3', '10.0.0.0/33', '1.2.3.4.5'],
  ],
  [
    'ipv6',
    isIpv6,
    [
      '2001:db8::1',
      '::1',
      '::',
      'fe80::1%eth0',
      '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
      '::ffff:192.0.2.128',
      '2001:db8::/32',
    ],
    ['2001:db8:::1', '1:2:3:4:5:6:7:8:9', '2001:dg8::1', '12345::1', '192.168.0.1'],
  ],
  [
    'mac',
    isMac,
    ['00:1a:2b:3c:4d:5e', '00-1A-2B-3C-4D-5E', '001a.2b3c.4d5e'],
    ['00:1a:2b:3c:4d', '00:1a-2b:3c:4d:5e', '00:1g:2b:3c:4d:5e'],
  ],
  [
    'credit card',
    isCreditCard,
    [
      '4111111111111111',
      '4111 1111 1111 1111',
      '5555-5555-5555-4444',
      '378282246310005',
      '6011111111111117',
      '3530111333300000',
      '30569309025904',
      '2223003122003222',
    ],
    ['4111111111111112', '5555555555554445', '1234567812345670', '411111111111', '4111 1111 1111 1111 1111'],
  ],
  [
    'IBAN',
    isIban,
    [
      'DE89 3704 0044 0532 0130 00',
      'GB82WEST12345698765432',
      'FR14 2004 1010 0505 0001 3M02 606',
      'NL91ABNA0417164300',
      'BE68539007547034',
      'NO9386011117947',
      'ch9300762011623852957',
    ],
    [
      'DE89 3704 0044 0532 0130 01',
      'DE88370400440532013000',
      'DE8937040044053201300',
      'GB82WEST1234569876543',
      'XX89370400440532013000',
      'DE89-3704-0044-0532-0130-00',
    ],
  ],
  ['country code', isCountryCode, ['US', 'DE', 'GBR', 'NLD'], ['XX', 'us', 'USD', 'UK']],
  [
    'country name',
    isCountryName,
    ['Germany', 'united kingdom', 'Côte d’Ivoire'.replace('’', "'"), 'Japan', 'USA', 'UK'],
    ['Germania', 'Gotham', 'Springfield', 'usa', 'FR'],
  ],
  ['currency code', isCurrencyCode, ['USD', 'EUR', 'JPY', 'CHF'], ['usd', 'EURO', 'USA', 'ABC']],
  [
    'language code',
    isLanguageCode,
    ['en', 'de', 'pt-BR', 'de_AT', 'zh'],
    ['EN', 'eng', 'xx', 'en-XX', 'english'],
  ],
  [
    'postal code (distinct shapes)',
    isDistinctPostalCode,
    ['94105-1234', 'SW1A 1AA', 'EC1A1BB', 'M1 1AE', '1012 AB', 'K1A 0B1'],
    ['94105', '75008', '1012 SA', 'Q1A 0B1', 'SW1A 1A', '12345-123'],
  ],
  [
    'postal code (numeric, name needed)',
    isNumericPostalCode,
    ['94105', '10115', '1010', '100-0001', '01310-100', '00-950'],
    ['941055', 'ABCDE', '941'],
  ],
  [
    'national id',
    isNationalId,
    ['123-45-6789', 'AB 12 34 56 C', 'AB123456C'],
    ['000-12-3456', '666-12-3456', '123-00-4567', '123456789', 'BG123456C'],
  ],
  ['first name', isFirstName, ['John', 'Maria', 'Sophie', 'lukas'], ['Zxqwv', 'John Smith', 'Pending']],
  [
    'last name',
    isLastName,
    ['Smith', 'Müller', 'Garcia', 'Doyle-Flatley'],
    ['Zxqwv', 'Smith-Zxqwv', 'Shipped'],
  ],
  [
    'full name',
    isFullName,
    [
      'John Smith',
      'Dr. Maria Garcia',
      'Smith, John',
      'Mary A. Johnson Jr.',
      'Hulda Stark-Thompson',
      // Russian names in Cyrillic, and in Latin as the airline demo database writes its passengers.
      'Валерий Тихонов',
      'VALERIY TIKHONOV',
      'EVGENIYA ALEKSEEVA',
    ],
    ['John', 'Smith John Zxqwv', 'Blue Widget', 'Pending Payment'],
  ],
  ['city', isCity, ['Berlin', 'Chicago', 'Aachen', 'los angeles'], ['Gotham City', 'Pending', 'Main Street']],
  [
    'street address',
    isStreetAddress,
    [
      '221B Baker Street',
      '1600 Pennsylvania Ave NW',
      '12 Main St.',
      'Hauptstraße 5',
      'Rue de Rivoli 8',
      'Keizersgracht 123',
      '350 Fifth Avenue, Apt 4',
    ],
    ['Baker Street', '1600', 'Order 12 shipped', '12 apples', 'Track 28', 'Lane 3', '12 Street'],
  ],
  [
    'postal address',
    isPostalAddress,
    [
      '100 Johnson Island\nLake Amy, ME 90000',
      '12 Main St, Springfield, IL 62701',
      'Hauptstraße 5, 10115 Berlin',
      'Unit 1795 Box 5366\nDPO AE 70040',
      '10 Downing Street, London SW1A 2AA',
    ],
    ['12 Main St', 'Springfield, IL 62701', 'Order 12, shipped', 'Smith, John', '1600 Pennsylvania Ave NW'],
  ],
  [
    'company',
    isCompany,
    ['Acme Inc.', 'Globex Corporation', 'Müller GmbH', 'Initech LLC', 'Smith & Sons', 'Stark Industries Ltd'],
    ['Acme', 'Inc.', 'John Smith', 'Blue Widget'],
  ],
  [
    'free text',
    isFreeText,
    [
      'The parcel arrived two days late, but the contents were intact.',
      'Customer asked to reschedule the delivery to next week.',
    ],
    ['Hello world', 'A B C D E', '{"a": "the quick brown fox jumps over"}', '1234 5678 9012 3456 7890 1234'],
  ],
  [
    'json',
    isJsonDocument,
    ['{"a":1}', '[1,2,3]', '{}', '[{"k":"v"}]'],
    ['{a:1}', '42', '"text"', '[1,2', 'null'],
  ],
  [
    'password hash',
    isPasswordHash,
    [
      '$2b$12$KIXQJQ0oE3pG7kRkFz5wUO3c1a9yWQ1nG3t9H0e5J4kqz9bY3sV1W',
      '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG',
      '$6$rounds=5000$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/',
      'pbkdf2_sha256$260000$abc123$R3JvdW5kUnVsZXNBbmRTYWx0cw==',
    ],
    ['$2b$12$short', 'password123', '5f4dcc3b5aa765d61d8327deb882cf99'],
  ],
  [
    'hex digest (name needed)',
    isHexDigest,
    ['5f4dcc3b5aa765d61d8327deb882cf99', 'a'.repeat(64)],
    ['5f4dcc3b5aa765d61d8327deb882cf9', 'z'.repeat(32)],
  ],
];

describe('semantic validators', () => {
  it.each(CASES)('%s: accepts valid values and rejects near-misses', (_name, validate, valid, invalid) => {
    for (const value of valid) expect(validate(value), value).toBe(true);
    for (const value of invalid) expect(validate(value), value).toBe(false);
  });

  it('computes the Luhn checksum', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });
});
