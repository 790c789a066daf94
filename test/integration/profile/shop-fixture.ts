/**
 * A rich PostgreSQL fixture for profiler integration tests: customers (PII-like columns, jsonb, text[],
 * numeric), orders (declared FK, enum, pattern codes), order_notes (undeclared reference), built with
 * generate_series so the shape is known: customer c has c % 5 orders. One canary row carries unique strings in
 * every text column (JSON values and array elements too) and outlier numbers in the numeric columns.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';

export const CUSTOMERS = 3000;
/** Customer rows planted after the generated ones (canaries). */
export const PLANTED_CUSTOMERS = 3;
export const CANARY_STRINGS = [
  'CANARY_email_q7x',
  'CANARY_name_q7x',
  'CANARY_phone_q7x',
  'CANARY_city_q7x',
  'CANARY_notes_q7x',
  'CANARY_json_q7x',
  'CANARY_jsonkey_q7x',
  'CANARY_tag_q7x',
  'CANARY_code_q7x',
  'CANARY_body_q7x',
  'CANARY_local_q7x',
  'CANARY_domain_q7x',
] as const;
/** A domain every seventh customer's email has: shared by far more than k rows, so it may reach a profile. */
export const SHARED_EMAIL_DOMAIN = 'example3.com';
export const CANARY_NUMBERS = ['4242424', '987654.32', '7777777', '31415926.53'] as const;

export const SHOP_SQL = `
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TABLE customers (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  full_name text NOT NULL,
  phone text,
  city text NOT NULL,
  country char(2) NOT NULL,
  age integer,
  score numeric(8, 2),
  notes text,
  profile jsonb,
  tags text[],
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
COMMENT ON COLUMN customers.notes IS 'Free-form remarks from support';
INSERT INTO customers (email, full_name, phone, city, country, age, score, notes, profile, tags, created_at, updated_at)
SELECT 'user' || g || '@example' || (g % 7) || '.com',
  (ARRAY['Anna', 'Ben', 'Cora', 'Dan', 'Eva', 'Finn'])[1 + g % 6] || ' ' || (ARRAY['Smith', 'Jones', 'Brown', 'Weber', 'Klein'])[1 + g % 5],
  CASE WHEN g % 4 = 0 THEN NULL ELSE '+49 30 ' || lpad((g * 7919 % 10000000)::text, 7, '0') END,
  (ARRAY['Berlin', 'Hamburg', 'Paris', 'Lyon', 'Leeds'])[1 + g % 5],
  (ARRAY['DE', 'DE', 'FR', 'FR', 'GB'])[1 + g % 5],
  18 + (g * 37) % 60,
  round((100 + (g * 7919 % 90000) / 100.0)::numeric, 2),
  CASE WHEN g % 3 = 0 THEN 'Asked about the delivery window, case ' || g END,
  jsonb_build_object('newsletter', g % 2 = 0, 'segment', (ARRAY['retail', 'b2b', 'vip'])[1 + g % 3], 'visits', g % 40),
  ARRAY[(ARRAY['new', 'loyal', 'promo'])[1 + g % 3]],
  timestamptz '2023-01-01' + (g || ' hours')::interval,
  timestamptz '2023-01-01' + (g || ' hours')::interval + ((g % 10) || ' days')::interval
FROM generate_series(1, ${CUSTOMERS}) g;
INSERT INTO customers (email, full_name, phone, city, country, age, score, notes, profile, tags, created_at, updated_at)
VALUES ('CANARY_email_q7x@canary.test', 'CANARY_name_q7x', 'CANARY_phone_q7x', 'CANARY_city_q7x', 'DE', 4242424, 987654.32,
  'CANARY_notes_q7x', '{"segment": "CANARY_json_q7x", "visits": 7777777, "CANARY_jsonkey_q7x": true}', ARRAY['CANARY_tag_q7x'],
  '2023-03-01', '2023-03-02');
INSERT INTO customers (email, full_name, city, country, created_at, updated_at)
VALUES ('CANARY_local_q7x@example3.com', 'Anna Smith', 'Berlin', 'DE', '2023-03-01', '2023-03-02'),
       ('anna.smith@CANARY_domain_q7x.example', 'Anna Smith', 'Berlin', 'DE', '2023-03-01', '2023-03-02');

CREATE TABLE orders (
  id serial PRIMARY KEY,
  customer_id integer REFERENCES customers (id),
  product_code text NOT NULL,
  status order_status NOT NULL,
  amount numeric(10, 2) NOT NULL,
  placed_at timestamptz NOT NULL,
  shipped_at timestamptz
);
INSERT INTO orders (customer_id, product_code, status, amount, placed_at, shipped_at)
SELECT c, 'PRD-' || lpad(((c * 31 + n) % 10000)::text, 4, '0'),
  (ARRAY['new', 'paid', 'shipped', 'shipped', 'shipped', 'cancelled']::order_status[])[1 + (c + n) % 6],
  round((5 + ((c * 13 + n * 7) % 5000) / 10.0)::numeric, 2),
  timestamptz '2023-06-01' + ((c * 3 + n) || ' hours')::interval,
  CASE WHEN (c + n) % 6 IN (2, 3, 4) THEN timestamptz '2023-06-01' + ((c * 3 + n) || ' hours')::interval + ((1 + c % 5) || ' days')::interval END
FROM generate_series(1, ${CUSTOMERS}) c, generate_series(1, 4) n WHERE n <= c % 5;
INSERT INTO orders (customer_id, product_code, status, amount, placed_at) VALUES (NULL, 'CANARY_code_q7x', 'new', 31415926.53, '2023-07-01');

CREATE TABLE order_notes (
  id serial PRIMARY KEY,
  order_id integer NOT NULL,
  body text NOT NULL
);
INSERT INTO order_notes (order_id, body) SELECT id, 'Left at the door' FROM orders WHERE id % 3 = 0;
INSERT INTO order_notes (order_id, body) VALUES (3, 'CANARY_body_q7x');
ANALYZE;
`;

/** Creates the fixture in the database at `url`. */
export async function loadShopFixture(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(SHOP_SQL);
  } finally {
    await client.end();
  }
}

/** Every file of `dir`, concatenated. */
export async function readAllFiles(dir: string): Promise<string> {
  const names = await readdir(dir);
  const texts = await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')));
  return texts.join('\n');
}

/** Fails when `text` holds any planted canary string or number (or the word canary at all). */
export function expectNoCanary(text: string): void {
  for (const canary of CANARY_STRINGS) expect(text).not.toContain(canary);
  expect(text.toLowerCase()).not.toContain('canary');
  for (const number of CANARY_NUMBERS) expect(text).not.toContain(number);
}
