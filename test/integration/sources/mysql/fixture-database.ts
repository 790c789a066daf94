/**
 * The rich MySQL/MariaDB fixture the extractor and session tests read: shaped like real schemas (a junction
 * table, upper-case and hostile names with backticks, unicode and reserved words, unsigned integers of every
 * width, enum and set, json, bit, year, datetime vs timestamp, generated and auto_increment columns, a
 * self-reference, composite keys, checks, a prefix index, a view, a MyISAM table).
 */
import mysql from 'mysql2/promise';

export const RICH_SCHEMA: readonly string[] = [
  `CREATE TABLE Customers (
     ID int unsigned NOT NULL AUTO_INCREMENT,
     Email varchar(320) NOT NULL,
     FullName varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL COMMENT 'display name',
     Tier enum('free','pro','enterprise') NOT NULL DEFAULT 'free',
     Tags set('a','b','c') NULL,
     Active tinyint(1) NOT NULL DEFAULT 1,
     Created datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     Updated timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
     PRIMARY KEY (ID),
     UNIQUE KEY uq_email (Email),
     KEY ix_name (FullName(10))
   ) ENGINE=InnoDB COMMENT='people who buy'`,
  `CREATE TABLE \`order\` (
     id bigint unsigned NOT NULL AUTO_INCREMENT,
     customer_id int unsigned NOT NULL,
     total decimal(12,2) NOT NULL,
     discount decimal(12,2) NOT NULL DEFAULT 0.00,
     weight float NULL,
     ratio double NULL,
     flags bit(5) NULL,
     year_made year NULL,
     shipped date NULL,
     at_time time(2) NULL,
     payload json NULL,
     small tinyint unsigned NULL,
     medium mediumint unsigned NULL,
     signed_small smallint NULL,
     doubled int GENERATED ALWAYS AS (small * 2) VIRTUAL,
     kept int GENERATED ALWAYS AS (small + 1) STORED,
     blob_data blob NULL,
     code binary(4) NULL,
     PRIMARY KEY (id),
     CONSTRAINT fk_order_customer FOREIGN KEY (customer_id) REFERENCES Customers (ID) ON DELETE CASCADE,
     CONSTRAINT total_positive CHECK (total >= 0),
     CONSTRAINT discount_le_total CHECK (discount <= total)
   ) ENGINE=InnoDB`,
  `CREATE TABLE \`weird \`\` näme\` (
     \`sélect\` int NOT NULL,
     \`from\` varchar(10) NOT NULL,
     \`Parent\` int NULL,
     PRIMARY KEY (\`sélect\`),
     CONSTRAINT self_ref FOREIGN KEY (\`Parent\`) REFERENCES \`weird \`\` näme\` (\`sélect\`) ON DELETE SET NULL
   )`,
  `CREATE TABLE Tags (id smallint NOT NULL, label char(8) NOT NULL, PRIMARY KEY (id))`,
  `CREATE TABLE order_tags (
     order_id bigint unsigned NOT NULL,
     tag_id smallint NOT NULL,
     PRIMARY KEY (order_id, tag_id),
     CONSTRAINT fk_ot_order FOREIGN KEY (order_id) REFERENCES \`order\` (id),
     CONSTRAINT fk_ot_tag FOREIGN KEY (tag_id) REFERENCES Tags (id) ON UPDATE CASCADE
   )`,
  `CREATE TABLE legacy_log (id int NOT NULL, message text, PRIMARY KEY (id)) ENGINE=MyISAM`,
  `CREATE VIEW big_orders AS SELECT id, total FROM \`order\` WHERE total > 100`,
];

/** Runs `statements` against `url` (a read-write connection). */
export async function runStatements(url: string, statements: readonly string[]): Promise<void> {
  const connection = await mysql.createConnection({ uri: url, multipleStatements: false });
  try {
    for (const statement of statements) await connection.query(statement);
  } finally {
    await connection.end();
  }
}
