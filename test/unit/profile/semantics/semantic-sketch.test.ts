import { describe, expect, it } from 'vitest';
import type { LogicalType } from '../../../../src/catalog/logical-type.js';
import { type SemanticGuess, SemanticSketch } from '../../../../src/profile/measure/semantics/index.js';
import { createSequence } from '../sketches/random-data.js';

const random = createSequence(9);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

function luhnComplete(body: string): string {
  for (let check = 0; check <= 9; check++) {
    const candidate = body + check;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let digit = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

function ibanComplete(country: string, bban: string): string {
  const numeric = [...`${bban}${country}00`]
    .map((c) => (c >= 'A' ? String(c.charCodeAt(0) - 55) : c))
    .join('');
  let remainder = 0;
  for (const c of numeric) remainder = (remainder * 10 + Number(c)) % 97;
  return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
}

function detect(
  values: readonly string[],
  fieldName = 'value',
  logical: LogicalType = 'string',
): SemanticGuess | undefined {
  const sketch = new SemanticSketch(fieldName, logical);
  for (const value of values) sketch.add(value);
  return sketch.result();
}

const many = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i));

const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'Michael',
  'Linda',
  'David',
  'Sophie',
  'Lukas',
  'Maria',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Garcia',
  'Miller',
  'Müller',
  'Schmidt',
  'Martin',
  'Rossi',
];

/** Per type: realistic values, each detected from values alone. */
const FROM_VALUES: readonly [string, () => string][] = [
  [
    'email',
    () =>
      `${pick(FIRST).toLowerCase()}.${pick(LAST).toLowerCase()}${digits(2)}@${pick(['gmail.com', 'example.org', 'corp.example.co.uk'])}`,
  ],
  [
    'phone',
    () =>
      pick([
        `+1 ${digits(3)} ${digits(3)} ${digits(4)}`,
        `+4930${digits(7)}`,
        `(${digits(3)}) ${digits(3)}-${digits(4)}`,
      ]),
  ],
  ['uuid', () => crypto.randomUUID()],
  ['url', () => `https://${pick(['shop', 'www', 'api'])}.example.com/${digits(4)}`],
  [
    'ipv4',
    () =>
      `${1 + Math.floor(random() * 223)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`,
  ],
  [
    'ipv6',
    () =>
      `2001:db8:${Math.floor(random() * 65535).toString(16)}::${Math.floor(random() * 65535).toString(16)}`,
  ],
  [
    'mac',
    () =>
      Array.from({ length: 6 }, () =>
        Math.floor(random() * 256)
          .toString(16)
          .padStart(2, '0'),
      ).join(':'),
  ],
  [
    'credit_card',
    () => {
      const [prefix, length] = pick([
        ['4', 16],
        ['51', 16],
        ['37', 15],
        ['6011', 16],
      ] as const);
      return luhnComplete(prefix + digits(length - prefix.length - 1));
    },
  ],
  ['iban', () => ibanComplete('DE', digits(18))],
  ['address.country_code', () => pick(['US', 'DE', 'FR', 'GB', 'NL', 'JP', 'BR'])],
  ['address.country', () => pick(['Germany', 'France', 'United Kingdom', 'Japan', 'Brazil', 'Canada'])],
  ['currency_code', () => pick(['USD', 'EUR', 'GBP', 'JPY', 'CHF'])],
  ['language_code', () => pick(['en', 'de', 'fr', 'es', 'pt-BR', 'en-GB'])],
  [
    'address.postal_code',
    () => pick([`SW1A ${digits(1)}AA`, `${digits(5)}-${digits(4)}`, `K1A ${digits(1)}B${digits(1)}`]),
  ],
  ['person.first_name', () => pick(FIRST)],
  ['person.last_name', () => pick(LAST)],
  ['person.full_name', () => `${pick(FIRST)} ${pick(LAST)}`],
  [
    'address.street',
    () =>
      `${1 + Math.floor(random() * 900)} ${pick(['Main', 'Oak', 'Baker', 'Elm'])} ${pick(['Street', 'Ave', 'Rd', 'Blvd'])}`,
  ],
  ['address.city', () => pick(['Berlin', 'Chicago', 'London', 'Paris', 'Aachen', 'Boston'])],
  ['company', () => `${pick(LAST)} ${pick(['Inc.', 'LLC', 'GmbH', 'Ltd', 'Corporation'])}`],
  [
    'free_text',
    () =>
      `The ${pick(['order', 'parcel', 'customer'])} ${pick(['was', 'is'])} ${pick(['late', 'happy', 'waiting'])} and asked us to call back ${pick(['today', 'tomorrow'])}.`,
  ],
  ['json', () => JSON.stringify({ id: Number(digits(4)), tags: [pick(['a', 'b'])] })],
  [
    'password_hash',
    () =>
      `$2b$10$${Array.from({ length: 53 }, () => pick([...'./ABCDEFGHIJabcdefghij0123456789'])).join('')}`,
  ],
  [
    'national_id',
    () =>
      `${100 + Math.floor(random() * 500)}-${10 + Math.floor(random() * 89)}-${1000 + Math.floor(random() * 8999)}`,
  ],
];

describe('SemanticSketch', () => {
  it.each(FROM_VALUES)('detects %s from values alone', (type, make) => {
    const result = detect(many(300, make));
    expect(result?.type).toBe(type);
    expect(result!.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it('takes `personal` from the semantic type list', () => {
    expect(detect(many(50, () => `user${digits(3)}@example.com`))).toMatchObject({ personal: true });
    expect(detect(many(50, () => pick(['USD', 'EUR'])))).toMatchObject({ personal: false });
  });

  it('rejects near-misses: invalid Luhn and bad IBAN checksums', () => {
    const badCards = many(200, () => {
      const valid = luhnComplete(`4${digits(14)}`);
      return valid.slice(0, 15) + ((Number(valid[15]) + 1) % 10);
    });
    expect(detect(badCards)?.type).not.toBe('credit_card');
    const badIbans = many(200, () => {
      const valid = ibanComplete('DE', digits(18));
      return `${valid.slice(0, 2)}${String((Number(valid.slice(2, 4)) % 97) + 1).padStart(2, '0')}${valid.slice(4)}`;
    });
    expect(detect(badIbans)?.type).not.toBe('iban');
    expect(detect(badIbans, 'iban')?.type).not.toBe('iban');
  });

  it('needs the field name to call bare 5-digit numbers postal codes', () => {
    const values = many(300, () => digits(5));
    expect(detect(values)).toBeUndefined();
    expect(detect(values, 'amount_cents')).toBeUndefined();
    expect(detect(values, 'zip')).toMatchObject({
      type: 'address.postal_code',
      personal: true,
      confidence: 1,
    });
    expect(detect(values, 'billingPostcode')?.type).toBe('address.postal_code');
  });

  it('lets the name decide between ambiguous shapes', () => {
    const handles = many(200, () => `${pick(FIRST).toLowerCase()}_${digits(3)}`);
    expect(detect(handles)).toBeUndefined();
    expect(detect(handles, 'username')?.type).toBe('username');
    const digests = many(200, () => Array.from({ length: 64 }, () => pick([...'0123456789abcdef'])).join(''));
    expect(detect(digests)).toBeUndefined();
    expect(detect(digests, 'password_hash')?.type).toBe('password_hash');
    const codes = many(200, () => pick(['de', 'fr', 'it', 'es']));
    expect(detect(codes)?.type).toBe('language_code');
    expect(detect(codes, 'country')?.type).toBe('address.country_code');
  });

  it('tells whole postal addresses from street lines, and notes when they run over several lines', () => {
    const street = () =>
      `${1 + digits(3).replace(/^0+/, '')} ${pick(LAST)} ${pick(['Street', 'Road', 'Island'])}`;
    const tail = () =>
      `${pick(['Lake Amy', 'Springfield', 'Port Isabel'])}, ${pick(['ME', 'IL', 'KS'])} ${digits(5)}`;
    const lined = detect(
      many(200, () => `${street()}\n${tail()}`),
      'address',
    );
    expect(lined).toMatchObject({ type: 'address.full', personal: true, lines: true });
    const inline = detect(many(200, () => `${street()}, ${tail()}`));
    expect(inline?.type).toBe('address.full');
    expect(inline?.lines).toBeUndefined();
    expect(detect(many(200, street), 'address')?.type).toBe('address.street');
  });

  it('raises confidence when the name agrees, and needs only half the values then', () => {
    const mixed = many(100, (i) => (i % 10 < 7 ? `${pick(FIRST).toLowerCase()}@example.com` : 'n/a'));
    expect(detect(mixed)).toBeUndefined();
    const named = detect(mixed, 'contact_email')!;
    expect(named.type).toBe('email');
    expect(named.confidence).toBeCloseTo(0.85, 5);
    const clean = many(100, () => `${pick(FIRST).toLowerCase()}@example.com`);
    expect(detect(clean, 'email')!.confidence).toBe(1);
  });

  it("takes the type of the name's family that 15% of the values validate for: shops in a customerName", () => {
    const stores = many(200, (i) => {
      const name = `${pick(['Signal', 'Australian', 'Baane', 'Volvo', 'Danish'])} ${pick(['Gifts', 'Toys', 'Model Replicas', 'Imports'])}`;
      return i % 6 === 0 ? `${name}, Co.` : name;
    });
    expect(detect(stores, 'customerName')?.type).toBe('company');
    const people = many(200, (i) => (i % 10 === 0 ? `${pick(LAST)} Ltd` : `${pick(FIRST)} ${pick(LAST)}`));
    expect(detect(people, 'customerName')?.type).toBe('person.full_name');
    // People with long names fit a company's loose shape (capitalised words) better than a full name's: only
    // strict evidence makes them companies (which are not personal).
    const long = () => `${pick(FIRST)} ${pick(FIRST)} ${pick(FIRST)} ${pick(LAST)} ${pick(LAST)}`;
    expect(detect(many(200, long), 'customerName')?.personal).toBe(true);
  });

  it('does not trust a name the values contradict', () => {
    const statuses = many(200, () => pick(['pending', 'paid', 'shipped']));
    expect(detect(statuses, 'email')).toBeUndefined();
    expect(
      detect(
        many(100, () => crypto.randomUUID()),
        'company',
      )?.type,
    ).toBe('uuid');
  });

  it('finds nothing in enum-like values or mixed junk', () => {
    expect(detect(many(300, () => pick(['pending', 'paid', 'shipped', 'cancelled'])))).toBeUndefined();
    expect(detect(many(300, () => pick(['yes', 'no'])))).toBeUndefined();
    expect(detect(many(300, () => pick(['A1', 'B7', 'C3'])))).toBeUndefined();
  });

  it('respects the logical type', () => {
    const zips = many(100, () => digits(5));
    expect(detect(zips, 'zip', 'integer')?.type).toBe('address.postal_code');
    expect(detect(zips, 'quantity', 'integer')).toBeUndefined();
    expect(
      detect(
        many(50, () => 'foo@example.com'),
        'email',
        'timestamp',
      ),
    ).toBeUndefined();
    expect(
      detect(
        many(50, () => crypto.randomUUID()),
        'id',
        'uuid',
      ),
    ).toMatchObject({ type: 'uuid', confidence: 1 });
    expect(detect(['10.0.0.1', '10.0.0.2', '::1'], 'peer', 'inet')?.type).toBe('ipv4');
  });

  it('guesses from the name alone when there were no values', () => {
    expect(detect([], 'email')).toEqual({ type: 'email', personal: true, confidence: 0.5 });
    expect(detect(['', '   '], 'notes')?.type).toBe('free_text');
    expect(detect([], 'status')).toBeUndefined();
    expect(detect([], 'zip', 'integer')).toBeUndefined();
  });

  it('examines at most maxValues values', () => {
    const bounded = new SemanticSketch('value', 'string', { maxValues: 10 });
    for (let i = 0; i < 10; i++) bounded.add(`a${i}@example.com`);
    for (let i = 0; i < 100; i++) bounded.add('not an email at all');
    expect(bounded.count).toBe(10);
    expect(bounded.result()?.type).toBe('email');
  });

  it('stops a validator only when it can no longer change the result', () => {
    // A strict majority from values alone: 80% of 2,000 after 400 misses is found, one miss more is not.
    const emails = (misses: number) => [
      ...many(misses, (i) => `ref ${i}`),
      ...many(2000 - misses, (i) => `person${i}@acme-logistics.com`),
    ];
    expect(detect(emails(400))).toMatchObject({ type: 'email', confidence: 0.8 });
    expect(detect(emails(401))).toBeUndefined();
    // A name's alternative needs most values to fit it loosely: half of them, after the other half missed.
    const firms = (misses: number) => [
      ...many(misses, (i) => `${i} ${i}`),
      ...many(
        2000 - misses,
        (i) => `${pick(LAST)} ${pick(['GmbH', 'Ltd', 'Inc.', 'LLC'])} ${i % 2 ? '' : 'Holding'}`,
      ),
    ];
    expect(detect(firms(1000), 'customer_name')?.type).toBe('company');
    expect(detect(firms(1001), 'customer_name')?.type).not.toBe('company');
  });
});
