/**
 * The shop fixture on MariaDB: customers (unsigned auto_increment key, personal text, json, enum, datetime and
 * timestamp), orders referencing them, and the same canary values as the PostgreSQL fixture planted in one
 * row of each kind of column.
 */
import { runStatements } from '../sources/mysql/fixture-database.js';

const CUSTOMERS = 600;

export const SHOP_MYSQL: readonly string[] = [
  `CREATE TABLE customers (
     id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
     email varchar(320) NOT NULL UNIQUE,
     full_name varchar(100) NOT NULL,
     phone varchar(30) NULL,
     city varchar(50) NOT NULL,
     country char(2) NOT NULL,
     age int NULL,
     score decimal(8,2) NULL,
     notes text NULL COMMENT 'Free-form remarks from support',
     profile json NULL,
     tier enum('free','pro','vip') NOT NULL,
     created_at datetime NOT NULL,
     updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
   )`,
  `INSERT INTO customers (email, full_name, phone, city, country, age, score, notes, profile, tier, created_at, updated_at)
   SELECT CONCAT('user', seq, '@example', seq % 7, '.com'),
     CONCAT(ELT(1 + seq % 6, 'Anna', 'Ben', 'Cora', 'Dan', 'Eva', 'Finn'), ' ', ELT(1 + seq % 5, 'Smith', 'Jones', 'Brown', 'Weber', 'Klein')),
     IF(seq % 4 = 0, NULL, CONCAT('+49 30 ', LPAD(seq * 7919 % 10000000, 7, '0'))),
     ELT(1 + seq % 5, 'Berlin', 'Hamburg', 'Paris', 'Lyon', 'Leeds'),
     ELT(1 + seq % 5, 'DE', 'DE', 'FR', 'FR', 'GB'),
     18 + (seq * 37) % 60,
     ROUND(100 + (seq * 7919 % 90000) / 100.0, 2),
     IF(seq % 3 = 0, CONCAT('Asked about the delivery window, case ', seq), NULL),
     JSON_OBJECT('newsletter', seq % 2 = 0, 'segment', ELT(1 + seq % 3, 'retail', 'b2b', 'vip'), 'visits', seq % 40),
     ELT(1 + seq % 3, 'free', 'pro', 'vip'),
     '2023-01-01' + INTERVAL seq HOUR,
     '2023-01-01' + INTERVAL seq HOUR + INTERVAL seq % 10 DAY
   FROM seq_1_to_${CUSTOMERS}`,
  `INSERT INTO customers (email, full_name, phone, city, country, age, score, notes, profile, tier, created_at, updated_at)
   VALUES ('CANARY_email_q7x@canary.test', 'CANARY_name_q7x', 'CANARY_phone_q7x', 'CANARY_city_q7x', 'DE', 4242424, 987654.32,
     'CANARY_notes_q7x', '{"segment": "CANARY_json_q7x", "visits": 7777777, "CANARY_jsonkey_q7x": true}', 'pro',
     '2023-03-01', '2023-03-02')`,
  `CREATE TABLE orders (
     id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
     customer_id int unsigned NULL,
     product_code varchar(20) NOT NULL,
     status enum('new','paid','shipped','cancelled') NOT NULL,
     amount decimal(10,2) NOT NULL,
     placed_at datetime NOT NULL,
     CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
   )`,
  `INSERT INTO orders (customer_id, product_code, status, amount, placed_at)
   SELECT c.seq, CONCAT('PRD-', LPAD((c.seq * 31 + n.seq) % 10000, 4, '0')),
     ELT(1 + (c.seq + n.seq) % 6, 'new', 'paid', 'shipped', 'shipped', 'shipped', 'cancelled'),
     ROUND(5 + ((c.seq * 13 + n.seq * 7) % 5000) / 10.0, 2),
     '2023-06-01' + INTERVAL (c.seq * 3 + n.seq) HOUR
   FROM seq_1_to_${CUSTOMERS} c JOIN seq_1_to_4 n ON n.seq <= c.seq % 5`,
  `INSERT INTO orders (customer_id, product_code, status, amount, placed_at)
   VALUES (NULL, 'CANARY_code_q7x', 'new', 31415926.53, '2023-07-01')`,
  // Larger than the whole-table threshold (10,000 rows): sampled by key ranges.
  'CREATE TABLE page_views (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, path varchar(40) NOT NULL, ms int NOT NULL)',
  "INSERT INTO page_views (path, ms) SELECT ELT(1 + seq % 4, '/', '/cart', '/search', '/help'), seq * 7 % 900 FROM seq_1_to_20000",
  'ANALYZE TABLE customers, orders, page_views',
];

/** Creates the fixture in the database at `url`. */
export async function loadShopFixtureMysql(url: string): Promise<void> {
  await runStatements(url, SHOP_MYSQL);
}
